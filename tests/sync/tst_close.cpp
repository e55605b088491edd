// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Closing the PV: refusals, sealing, read-only after seal, new versions, contact batches.
#include "synctestutil.h"

#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "forms/pvcheck.h"
#include "sync/outbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace plume;
using namespace plume::testutil;

class TestClose : public QObject
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void refusesIncomplete();
    void refusesInconsistent();
    void reasonRecordedInRemarks();
    void sealsConsistentPv();
    void newVersionAfterSeal();
    void contactsNeedConsent();
    void keysCreatedOnce();
    void impossibleNeverSealed();
    void toExplainNeedsReasonAndTwoOfficials();
    void inkAndAnchorInTheSeal();
    void lateInkByTheStationsClock();
    void correctionNeedsReasonAndTwoOfficials();
    void emptyCountNeverSealed();
    void onlyListedOfficialsSign();
    void oneOfficialUnderTwoRolesSignsOnce();
    void homonymsNeedTheirRole();
    void draftsInTheFileRefuseTheSeal();
    void forgedDraftIsNotEchoedAndSaysTheWayOut();
    void contactDraftsDoNotHoldThePv();
    void noMoreVersionsThanHqTakes();
    void inkFloodAfterTheSealBlocksNoCorrection();
    void aCorrectionThatChangesNothingIsRefused();
    void aReasonTypedAgainDifferentlyIsTheSameReason();

private:
    QString path(const char *name) { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

// The sealed document's ink of one field (docs/protocol.md §1, INK).
static QJsonObject sealedInk(const sync::CloseResult &r, const QString &field)
{
    return r.pv->payload.value(QStringLiteral("fields"))
        .toObject()
        .value(field)
        .toObject()
        .value(QStringLiteral("ink"))
        .toObject();
}

static sync::CloseRequest officials(const QString &reason = {})
{
    sync::CloseRequest r;
    r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Paul GIRARD")};
    r.reason = reason;
    return r;
}

void TestClose::refusesIncomplete()
{
    auto s = newStation(path("incomplete.db"));
    auto values = goodPv();
    values.remove(QStringLiteral("voix.morel"));
    fillPv(*s, values);
    const auto r = sync::closePv(*s, officials());
    QVERIFY(!r.sealed);
    QVERIFY(r.missing.contains(QStringLiteral("voix.morel")));
    QVERIFY(r.error.contains(QLatin1String("voix.morel")));
    QCOMPARE(sync::Outbox(*s).list().size(), 0);
    QVERIFY(s->sheet(store::kPvSheetId)->state == store::SheetState::Open);
    // No official: refused too.
    sync::CloseRequest none;
    QVERIFY(!sync::closePv(*s, none).sealed);
}

void TestClose::refusesInconsistent()
{
    auto s = newStation(path("inconsistent.db"));
    auto values = goodPv();
    values[QStringLiteral("voix.morel")] = QStringLiteral("95"); // sum 795 != 785
    fillPv(*s, values);
    const auto r = sync::closePv(*s, officials());
    QVERIFY(!r.sealed);
    bool found = false;
    for (const auto &f : r.failures)
        found = found || (f.rule == forms::PvRule::SommeVoix && f.isImpossible());
    QVERIFY(found);
    QVERIFY(r.error.contains(QStringLiteral("La somme des voix")));
    QCOMPARE(sync::Outbox(*s).list().size(), 0);
}

void TestClose::reasonRecordedInRemarks()
{
    auto s = newStation(path("reason.db"));
    auto values = goodPv();
    values[QStringLiteral("enveloppes")] = QStringLiteral("801"); // non-blocking + blocking
    values[QStringLiteral("nuls")] = QStringLiteral("6");
    fillPv(*s, values);
    QVERIFY(!sync::closePv(*s, officials()).sealed);
    const QString reason = QStringLiteral("Une enveloppe de plus que d'émargements (électeur "
                                          "parti sans signer).");
    const auto r = sync::closePv(*s, officials(reason));
    QVERIFY2(r.sealed, qPrintable(r.error));
    QCOMPARE(s->latestDecision(store::kPvSheetId, QStringLiteral("remarques"))->value, reason);
    const QJsonObject payload = r.pv->payload;
    QCOMPARE(payload.value(QStringLiteral("remarques")).toString(), reason);
    QVERIFY(!payload.value(QStringLiteral("checks")).toArray().isEmpty());
}

void TestClose::sealsConsistentPv()
{
    auto s = newStation(path("good.db"));
    fillPv(*s);
    const auto r = sync::closePv(*s, officials());
    QVERIFY2(r.sealed, qPrintable(r.error));
    QVERIFY(r.failures.isEmpty());
    QCOMPARE(r.pv->version, 1);
    QVERIFY(s->sheet(store::kPvSheetId)->state == store::SheetState::Sealed);
    const auto items = sync::Outbox(*s).list();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items[0].state, sync::kStateQueued);
    QCOMPARE(items[0].sha256, r.pv->sha256);
    QCOMPARE(items[0].httpBody(), r.pv->httpBody());
    const auto keys = sync::stationKeys(*s);
    QVERIFY(sync::verifySubmission(*items[0].submission(), keys->publicKey));
    const QJsonObject p = r.pv->payload;
    QCOMPARE(p.value(QStringLiteral("counts")).toObject().value(QStringLiteral("exprimes")).toInt(),
             785);
    QCOMPARE(p.value(QStringLiteral("officials")).toArray().size(), 2);
    QCOMPARE(p.value(QStringLiteral("candidates")).toArray().size(), 4);
    // Sealed: closing again asking nothing new answers the version sealed, writes nothing.
    const auto again = sync::closePv(*s, officials());
    QVERIFY2(again.sealed && again.alreadySealed, qPrintable(again.error));
    QCOMPARE(again.pv->sha256, r.pv->sha256);
    QCOMPARE(sync::Outbox(*s).list().size(), 1);
    // A correction without a reason is refused (read-only).
    sync::CloseRequest fix = officials();
    fix.corrections.insert(QStringLiteral("voix.morel"), QStringLiteral("86"));
    const auto refused = sync::closePv(*s, fix);
    QVERIFY(!refused.sealed && !refused.alreadySealed);
    QVERIFY2(refused.error.contains(QStringLiteral("nouvelle version")), qPrintable(refused.error));
    QCOMPARE(sync::Outbox(*s).list().size(), 1);
    // The seal is in the audit chain.
    QVERIFY(s->verifyAuditChain().ok);
}

void TestClose::newVersionAfterSeal()
{
    auto s = newStation(path("versions.db"));
    fillPv(*s);
    const auto v1 = sync::closePv(*s, officials());
    QVERIFY(v1.sealed);
    sync::CloseRequest fix = officials();
    fix.corrections.insert(QStringLiteral("voix.morel"), QStringLiteral("86"));
    // A correction without a reason is refused.
    QVERIFY(!sync::closePv(*s, fix).sealed);
    fix.reason = QStringLiteral("Recomptage : une voix oubliée");
    fix.corrections.insert(QStringLiteral("exprimes"), QStringLiteral("786"));
    fix.corrections.insert(QStringLiteral("enveloppes"), QStringLiteral("801"));
    fix.corrections.insert(QStringLiteral("votants"), QStringLiteral("801"));
    // The number already decided, written with a leading zero: no correction (it was signed
    // as "0…", source corrected, review of 2026-12-02).
    const QString inscrits =
        s->latestDecision(store::kPvSheetId, QStringLiteral("inscrits"))->value;
    fix.corrections.insert(QStringLiteral("inscrits"), QStringLiteral("0") + inscrits);
    const auto v2 = sync::closePv(*s, fix);
    QVERIFY2(v2.sealed, qPrintable(v2.error));
    QCOMPARE(v2.pv->version, 2);
    QVERIFY(v2.pv->uuid != v1.pv->uuid);
    const QJsonObject p = v2.pv->payload;
    QCOMPARE(p.value(QStringLiteral("previous_sha256")).toString(), v1.pv->sha256);
    QCOMPARE(p.value(QStringLiteral("correction_reason")).toString(), fix.reason);
    QCOMPARE(p.value(QStringLiteral("fields"))
                 .toObject()
                 .value(QStringLiteral("voix.morel"))
                 .toObject()
                 .value(QStringLiteral("source"))
                 .toString(),
             QStringLiteral("corrected"));
    const QJsonObject same =
        p.value(QStringLiteral("fields")).toObject().value(QStringLiteral("inscrits")).toObject();
    QCOMPARE(same.value(QStringLiteral("value")).toString(), inscrits);
    QVERIFY(same.value(QStringLiteral("source")).toString() != QStringLiteral("corrected"));
    // Both versions are kept and queued.
    const auto versions = sync::sealedPvVersions(*s);
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0].sha256, v1.pv->sha256);
    QCOMPARE(versions[1].sha256, v2.pv->sha256);
    QCOMPARE(sync::Outbox(*s).counts().queued, 2);
}

void TestClose::contactsNeedConsent()
{
    auto s = newStation(path("contacts.db"));
    const QString yes1 = addContact(*s, QStringLiteral("MARTIN"), QStringLiteral("oui"));
    const QString no = addContact(*s, QStringLiteral("SECRET"), QStringLiteral("non"));
    const QString yes2 = addContact(*s, QStringLiteral("DURAND"), QStringLiteral("oui"));
    fillPv(*s);
    const auto r = sync::closePv(*s, officials());
    QVERIFY(r.sealed);
    QCOMPARE(r.contactBatches.size(), 1);
    const QByteArray body = r.contactBatches[0].httpBody();
    QVERIFY(body.contains("MARTIN"));
    QVERIFY(body.contains("DURAND"));
    QVERIFY(!body.contains("SECRET"));
    QVERIFY(s->sheet(yes1)->state == store::SheetState::Sealed);
    QVERIFY(s->sheet(no)->state == store::SheetState::Erased); // no consent: erased, not sent
    // Already batched sheets are not batched twice; a new one makes batch 2.
    QCOMPARE(sync::batchContacts(*s, QStringLiteral("Marie")).size(), 0);
    addContact(*s, QStringLiteral("PETIT"), QStringLiteral("oui"));
    const auto b2 = sync::batchContacts(*s, QStringLiteral("Marie"));
    QCOMPARE(b2.size(), 1);
    QCOMPARE(b2[0].version, 2);
    QCOMPARE(b2[0].kind, sync::kKindContacts);
    Q_UNUSED(yes2);
}

void TestClose::keysCreatedOnce()
{
    auto s = newStation(path("keys.db"));
    QVERIFY(!sync::stationPublicKeyBase64(*s).isEmpty());
    QVERIFY_THROWS_EXCEPTION(store::StoreError, sync::createStationKeys(*s));
}

void TestClose::impossibleNeverSealed()
{
    // Σ voix ≠ exprimés with a long reason and two officials: still refused, nothing written.
    auto s = newStation(path("impossible.db"));
    auto values = goodPv();
    values[QStringLiteral("voix.morel")] = QStringLiteral("95");
    fillPv(*s, values);
    const qint64 before = s->auditLog().size();
    const auto r = sync::closePv(
        *s, officials(QStringLiteral("Nous avons recompté deux fois, le total est bien juste.")));
    QVERIFY(!r.sealed);
    QVERIFY2(r.error.contains(QStringLiteral("impossible")) &&
                 r.error.contains(QStringLiteral("somme_voix")) &&
                 r.error.contains(QStringLiteral("voix.morel")),
             qPrintable(r.error));
    QCOMPARE(s->auditLog().size(), before);
    QVERIFY(!s->latestDecision(store::kPvSheetId, QStringLiteral("remarques")));
    // A wrong station code is impossible too.
    auto c = newStation(path("code.db"));
    auto wrong = goodPv();
    wrong[QStringLiteral("code_bureau")] = QStringLiteral("75056-0043");
    fillPv(*c, wrong);
    const auto rc = sync::closePv(*c, officials(QStringLiteral("Le code est celui du bureau.")));
    QVERIFY(!rc.sealed);
    QVERIFY2(rc.error.contains(QStringLiteral("code_bureau")), qPrintable(rc.error));
    // Nor with a form file that no longer requires the code (PLUME_FORMS_DIR): the code is
    // the election's, and the seal wants it.
    QTemporaryDir forms;
    for (const QString &id : {QStringLiteral("pv"), QStringLiteral("contact")}) {
        QFile in(forms::formsDirectory() + QLatin1Char('/') + id + QStringLiteral(".json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject form = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray fields = form.value(QStringLiteral("fields")).toArray();
        for (QJsonValueRef f : fields)
            if (f.toObject().value(QStringLiteral("name")).toString() ==
                QLatin1String("code_bureau")) {
                QJsonObject o = f.toObject();
                o.insert(QStringLiteral("required"), false);
                f = o;
            }
        form.insert(QStringLiteral("fields"), fields);
        QFile out(forms.filePath(id + QStringLiteral(".json")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(form).toJson());
    }
    qputenv("PLUME_FORMS_DIR", forms.path().toLocal8Bit());
    const auto restore = qScopeGuard([] { qunsetenv("PLUME_FORMS_DIR"); });
    const auto rf = sync::closePv(*c, officials(QStringLiteral("Le code est celui du bureau.")));
    QVERIFY(!rf.sealed);
    QVERIFY2(rf.error.contains(QStringLiteral("code_bureau")), qPrintable(rf.error));
    // Corrections with a refused close are rolled back as well.
    sync::CloseRequest fix = officials(QStringLiteral("raison"));
    fix.corrections.insert(QStringLiteral("voix.aubert"), QStringLiteral("1"));
    QVERIFY(!sync::closePv(*s, fix).sealed);
    QCOMPARE(s->latestDecision(store::kPvSheetId, QStringLiteral("voix.aubert"))->value,
             QStringLiteral("400"));
}

void TestClose::toExplainNeedsReasonAndTwoOfficials()
{
    auto s = newStation(path("explain.db"));
    auto values = goodPv();
    values[QStringLiteral("votants")] = QStringLiteral("1300"); // > inscrits
    values[QStringLiteral("enveloppes")] = QStringLiteral("800");
    fillPv(*s, values);
    QVERIFY(!sync::closePv(*s, officials(QStringLiteral("vu"))).sealed); // too short
    sync::CloseRequest one;
    one.officials = {QStringLiteral("Marie LEROY")};
    one.reason = QStringLiteral("Liste complémentaire de la commission ajoutée le matin.");
    const auto r1 = sync::closePv(*s, one);
    QVERIFY(!r1.sealed); // one signatory
    QVERIFY2(r1.error.contains(QStringLiteral("à expliquer")), qPrintable(r1.error));
    // The same official typed twice, in other case and spacing, is still one signatory.
    one.officials << QStringLiteral(" marie  leroy ");
    const auto twice = sync::closePv(*s, one);
    QVERIFY(!twice.sealed);
    QVERIFY2(twice.error.contains(QStringLiteral("à expliquer")), qPrintable(twice.error));
    // Nor with an accent or an invisible character (zero-width space, joiner) added.
    const QStringList spellings{QStringLiteral("Marie LÉROY"),
                                QStringLiteral("Marie LEROY") + QChar(0x200B),
                                QStringLiteral("Marie") + QChar(0x2060) + QStringLiteral(" LEROY")};
    for (const QString &again : spellings) {
        one.officials = {QStringLiteral("Marie LEROY"), again};
        QVERIFY2(!sync::closePv(*s, one).sealed, qPrintable(again));
    }
    // A reason of 20 invisible characters explains nothing.
    QVERIFY(!sync::closePv(*s, officials(QString(20, QChar(0x200B)))).sealed);
    QVERIFY(
        !sync::closePv(*s, officials(QString(24, QChar(0x00A0)) + QStringLiteral("vu"))).sealed);
    // Nor 20 letters that draw nothing (Hangul filler, blank Braille, the object replacement
    // character), 10 emoji (20 UTF-16 units), 20 dots or one word among dashes: what the PV,
    // the PDF and HQ would show is no explanation.
    const QString emoji = QString::fromUcs4(U"\U0001F600");
    for (const QString &blank : QStringList{
             QString(20, QChar(0x3164)), QString(20, QChar(0x2800)),
             QString(20, QChar(0x3164)) + QStringLiteral("vu"), emoji.repeated(10),
             QString(20, QLatin1Char('.')), QStringLiteral("V") + QString(19, QChar(0xFFFC)),
             QStringLiteral("Vu ! ") + QString(15, QLatin1Char('-'))})
        QVERIFY2(!sync::closePv(*s, officials(blank)).sealed, qPrintable(blank));
    QCOMPARE(forms::reasonLength(QStringLiteral("Comptage refait à 19 h")), 22);
    // été twice: 7 characters (accents combined), 6 letters: too few letters to count
    QCOMPARE(forms::reasonLength(QStringLiteral("e\u0301te\u0301 e\u0301te\u0301")), 0);
    // Nor one word again and again, one letter typed 20 times, or two words (a review sealed
    // a correction "explained" by 20 x's).
    for (const QString &empty :
         {QStringLiteral("e\u0301te\u0301 e\u0301te\u0301 e\u0301te\u0301 e\u0301te\u0301"),
          QString(20, QLatin1Char('x')), QStringLiteral("xxxxxxxxxx xxxxxxxxxx"),
          QStringLiteral("aaaa bbbb cccc dddd eeee"), QStringLiteral("Recomptage effectué")})
        QCOMPARE(forms::reasonLength(empty), 0);
    QCOMPARE(forms::reasonLength(QStringLiteral("É\u0301té refait à 19 h, vu")), 21);
    QCOMPARE(forms::visibleText(QStringLiteral("Marie") + QChar(0x3164) + QStringLiteral("LEROY")),
             QStringLiteral("Marie LEROY"));
    const auto r = sync::closePv(*s, officials(one.reason));
    QVERIFY2(r.sealed, qPrintable(r.error));
    for (const QJsonValue &c : r.pv->payload.value(QStringLiteral("checks")).toArray())
        QCOMPARE(c.toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("to_explain"));
}

// A correction after the seal (a new version) is explained and signed like a rule to
// explain, as the window already asks: 20 characters of reason, two officials.
void TestClose::correctionNeedsReasonAndTwoOfficials()
{
    auto s = newStation(path("correction.db"));
    fillPv(*s);
    QVERIFY(sync::closePv(*s, officials()).sealed);
    const qint64 decisionsBefore = s->decisions(store::kPvSheetId).size();
    const QString longReason = QStringLiteral("Recomptage des voix de M. Morel : une oubliée");
    sync::CloseRequest shortReason = officials(QStringLiteral("recomptage"));
    shortReason.corrections.insert(QStringLiteral("blancs"), QStringLiteral("9"));
    shortReason.corrections.insert(QStringLiteral("exprimes"), QStringLiteral("786"));
    shortReason.corrections.insert(QStringLiteral("voix.morel"), QStringLiteral("86"));
    sync::CloseRequest oneOfficial = shortReason;
    oneOfficial.reason = longReason;
    oneOfficial.officials = {QStringLiteral("Marie LEROY")};
    for (const sync::CloseRequest &refused : {shortReason, oneOfficial}) {
        const auto r = sync::closePv(*s, refused);
        QVERIFY(!r.sealed);
        QVERIFY2(r.error.contains(
                     QStringLiteral("au moins %1 caractères").arg(forms::kMinReasonChars)) &&
                     r.error.contains(
                         QStringLiteral("au moins %1 membres").arg(forms::kMinOfficialsToExplain)),
                 qPrintable(r.error));
        // Nothing written: no correction recorded, no new version queued.
        QCOMPARE(s->decisions(store::kPvSheetId).size(), decisionsBefore);
        QCOMPARE(sync::sealedPvVersions(*s).size(), 1);
    }
    // Even without a correction, a second close needs the same.
    QVERIFY(!sync::closePv(*s, officials(QStringLiteral("vu"))).sealed);
    sync::CloseRequest good = shortReason;
    good.reason = longReason;
    const auto r = sync::closePv(*s, good);
    QVERIFY2(r.sealed, qPrintable(r.error));
    QCOMPARE(r.pv->version, 2);
    QCOMPARE(r.pv->payload.value(QStringLiteral("correction_reason")).toString(), longReason);
}

// A field whose stray ink was all struck out reads empty (a cleared reading); one Enter
// confirmed that empty reading as the decision, and close sealed the PV with a count missing
// (null in the signed document) without a word: a missing count is an impossible rule.
void TestClose::emptyCountNeverSealed()
{
    auto s = newStation(path("emptycount.db"));
    auto values = goodPv();
    values.remove(QStringLiteral("voix.morel"));
    fillPv(*s, values);
    const auto form = forms::loadForm(QStringLiteral("pv"), s->election());
    QVERIFY(form);
    s->addReading(forms::clearedReading(store::kPvSheetId, QStringLiteral("voix.morel"),
                                        QStringLiteral("test")));
    QVERIFY_THROWS_EXCEPTION(store::StoreError,
                             forms::decideField(*s, *form, store::kPvSheetId,
                                                QStringLiteral("voix.morel"), std::nullopt,
                                                QStringLiteral("Marie LEROY")));
    // An empty decision already in the file (an older version let it through) is no value.
    decide(*s, store::kPvSheetId, QStringLiteral("voix.morel"), QStringLiteral(" "));
    const auto r = sync::closePv(*s, officials(QStringLiteral("le bureau a vérifié le décompte")));
    QVERIFY2(!r.sealed, "a PV with an empty count was sealed");
    QVERIFY(r.missing.contains(QStringLiteral("voix.morel")));
    QCOMPARE(sync::Outbox(*s).list().size(), 0);
    QVERIFY(s->sheet(store::kPvSheetId)->state == store::SheetState::Open);
}

void TestClose::inkAndAnchorInTheSeal()
{
    auto s = newStation(path("ink.db"));
    QString error;
    const auto form = forms::loadForm(QStringLiteral("pv"), s->election(), &error);
    QVERIFY2(form, qPrintable(error));
    // Two strokes in the boxes of "inscrits", then a stray one struck out.
    const forms::FieldSpec *f = form->field(QStringLiteral("inscrits"));
    QVERIFY(f);
    QVector<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        ink::Stroke st;
        st.page = ink::PageAddress{3, 27, 603, 1};
        st.penId = QStringLiteral("t");
        st.startMs = 1'700'000'000'000 + i * 1000;
        const QRectF b = f->boxRects().at(i).adjusted(1, 1, -1, -1);
        for (int k = 0; k < 5; ++k) {
            const QPointF n = form->toNcode(QPointF(b.left() + k, b.top() + k));
            st.dots.append({n.x(), n.y(), 300, st.startMs + k * 10});
        }
        ids << s->appendStroke(st, store::kPvSheetId);
    }
    s->strikeStroke(ids.last(), QStringLiteral("Marie LEROY"), QStringLiteral("rature"));
    fillPv(*s);
    const auto r = sync::closePv(*s, officials());
    QVERIFY2(r.sealed, qPrintable(r.error));
    const QJsonObject fields = r.pv->payload.value(QStringLiteral("fields")).toObject();
    const QJsonObject ink =
        fields.value(QStringLiteral("inscrits")).toObject().value(QStringLiteral("ink")).toObject();
    const QJsonArray strokes = ink.value(QStringLiteral("strokes")).toArray();
    QCOMPARE(strokes.size(), 2); // the struck stroke is not sealed
    QCOMPARE(strokes[1].toObject().value(QStringLiteral("t")).toInteger(), 1000);
    QCOMPARE(strokes[0].toObject().value(QStringLiteral("p")).toArray().size(), 15);
    QVERIFY(!ink.value(QStringLiteral("late_ink")).toBool());
    QVERIFY(ink.value(QStringLiteral("strokes"))
                .toArray()[0]
                .toObject()
                .value(QStringLiteral("late"))
                .isBool());
    QVERIFY(
        fields.value(QStringLiteral("votants")).toObject().value(QStringLiteral("ink")).isNull());
    // The audit anchor is the signed checkpoint.
    const QJsonObject audit = r.pv->payload.value(QStringLiteral("audit")).toObject();
    const auto cps = s->checkpoints();
    QCOMPARE(cps.size(), 1);
    QCOMPARE(audit.value(QStringLiteral("length")).toInteger(), cps[0].length);
    QCOMPARE(audit.value(QStringLiteral("head")).toString(), cps[0].head);
    QVERIFY(sync::verifySignature(s->checkpointMessage(cps[0].length, cps[0].head),
                                  cps[0].signature, *sync::stationPublicKey(*s)));
    QVERIFY(s->check().ok);
}

// Ink stored after the field's decision is late even when the pen's clock says otherwise
// (a pen set back an hour): the station's own clock, when it stored the stroke, counts too.
void TestClose::lateInkByTheStationsClock()
{
    auto s = newStation(path("late.db"));
    QString error;
    const auto form = forms::loadForm(QStringLiteral("pv"), s->election(), &error);
    QVERIFY2(form, qPrintable(error));
    fillPv(*s);
    QTest::qWait(5);
    ink::Stroke st;
    st.page = ink::PageAddress{3, 27, 603, 1};
    st.penId = QStringLiteral("t");
    st.startMs = QDateTime::currentMSecsSinceEpoch() - 3'600'000; // the pen's clock
    const QRectF b = form->field(QStringLiteral("inscrits"))->boxRects().at(0);
    for (int k = 0; k < 5; ++k) {
        const QPointF n = form->toNcode(QPointF(b.left() + 1 + k, b.top() + 1 + k));
        st.dots.append({n.x(), n.y(), 300, st.startMs + k * 10});
    }
    s->appendStroke(st, store::kPvSheetId);
    const auto r = sync::closePv(*s, officials());
    QVERIFY2(r.sealed, qPrintable(r.error));
    const QJsonObject ink = sealedInk(r, QStringLiteral("inscrits"));
    QVERIFY(ink.value(QStringLiteral("late_ink")).toBool());
    QVERIFY(ink.value(QStringLiteral("strokes"))
                .toArray()[0]
                .toObject()
                .value(QStringLiteral("late"))
                .toBool());
}

// The election lists its officials: a name not in the list never signs (refused before any
// rule, nothing written), a listed one signs under its listed spelling, and the same
// official with and without the role is one signatory, not the two a rule to explain needs.
void TestClose::onlyListedOfficialsSign()
{
    auto s = newStation(path("listed.db"));
    auto values = goodPv();
    values[QStringLiteral("votants")] = QStringLiteral("1300"); // > inscrits: to explain
    values[QStringLiteral("enveloppes")] = QStringLiteral("800");
    fillPv(*s, values);
    const QString reason =
        QStringLiteral("Liste complémentaire de la commission ajoutée le matin.");
    sync::CloseRequest r = officials(reason);
    r.officials << QStringLiteral("Jean DUPONT");
    const auto refused = sync::closePv(*s, r);
    QVERIFY(!refused.sealed);
    QVERIFY(refused.unlistedOfficials);
    QVERIFY(!refused.needsReasonOrOfficials);
    QVERIFY2(refused.error.contains(QStringLiteral("Jean DUPONT")), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QStringLiteral("Paul GIRARD (assesseur)")),
             qPrintable(refused.error));
    QCOMPARE(sync::Outbox(*s).list().size(), 0);
    r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Marie LEROY (présidente)")};
    const auto once = sync::closePv(*s, r);
    QVERIFY(!once.sealed);
    QVERIFY2(once.error.contains(QStringLiteral("à expliquer")), qPrintable(once.error));
    r.officials = {QStringLiteral("marie leroy"), QStringLiteral("PAUL GIRARD")};
    const auto sealed = sync::closePv(*s, r);
    QVERIFY2(sealed.sealed, qPrintable(sealed.error));
    QCOMPARE(sealed.pv->payload.value(QStringLiteral("officials")).toArray(),
             (QJsonArray{QStringLiteral("Marie LEROY (présidente)"),
                         QStringLiteral("Paul GIRARD (assesseur)")}));
}

// A station whose PV needs two officials (a rule to explain) and whose election lists these.
static std::unique_ptr<store::Store> stationListing(const QString &file, const QStringList &names)
{
    store::ElectionConfig e = demoElection();
    e.officials = names;
    auto s =
        teststation::copyOfTemplate(file, e, [](store::Store &st) { sync::createStationKeys(st); });
    auto values = goodPv();
    values[QStringLiteral("votants")] = QStringLiteral("1300"); // > inscrits: to explain
    values[QStringLiteral("enveloppes")] = QStringLiteral("800");
    fillPv(*s, values);
    return s;
}

// One official is one signatory whatever role follows the name: listed twice under two roles
// (an election file that repeats the president as secretary), or, in an election without a
// list, typed with and without a role. Nor does a look-alike letter (Cyrillic а) or a
// right-to-left mark make a listed official of someone else.
void TestClose::oneOfficialUnderTwoRolesSignsOnce()
{
    auto s = stationListing(path("tworoles.db"), {QStringLiteral("Marie LEROY (présidente)"),
                                                  QStringLiteral("Marie LEROY (secrétaire)"),
                                                  QStringLiteral("Paul GIRARD (assesseur)")});
    sync::CloseRequest r =
        officials(QStringLiteral("Liste complémentaire de la commission ajoutée le matin."));
    r.officials = {QStringLiteral("Marie LEROY (présidente)"),
                   QStringLiteral("Marie LEROY (secrétaire)")};
    const auto once = sync::closePv(*s, r);
    QVERIFY(!once.sealed);
    QVERIFY2(once.error.contains(QStringLiteral("à expliquer")), qPrintable(once.error));
    for (const QString &lookalike :
         QStringList{QStringLiteral("M") + QChar(0x0430) + QStringLiteral("rie LEROY"),
                     QChar(0x202E) + QStringLiteral("YOREL eiraM")}) {
        r.officials = {QStringLiteral("Paul GIRARD"), lookalike};
        const auto refused = sync::closePv(*s, r);
        QVERIFY2(!refused.sealed && refused.unlistedOfficials, qPrintable(refused.error));
    }
    QCOMPARE(sync::Outbox(*s).list().size(), 0);

    auto legacy = stationListing(path("tworoles-legacy.db"), {});
    r.officials = {QStringLiteral("Marie LEROY"), QStringLiteral("Marie LEROY (présidente)")};
    const auto legacyOnce = sync::closePv(*legacy, r);
    QVERIFY2(!legacyOnce.sealed, "one official typed with and without a role signed as two");
    QCOMPARE(forms::distinctOfficials(r.officials).size(), 1);
}

// Two listed officials share a name (father and son): the name alone is refused and says to
// add the role, never recorded as the first of them; with its role each is recorded as listed.
void TestClose::homonymsNeedTheirRole()
{
    auto s = stationListing(path("homonyms.db"), {QStringLiteral("Jean DUPONT (président)"),
                                                  QStringLiteral("Jean DUPONT (assesseur)")});
    const store::ElectionConfig e = s->election();
    QCOMPARE(forms::listedOfficial(e, QStringLiteral("jean dupont")), QString());
    const QString why = forms::unlistedOfficialMessage(e, QStringLiteral("jean dupont"));
    QVERIFY2(why.contains(QStringLiteral("rôle")), qPrintable(why));
    QCOMPARE(forms::listedOfficial(e, QStringLiteral("Jean DUPONT (assesseur)")),
             QStringLiteral("Jean DUPONT (assesseur)"));
    sync::CloseRequest r =
        officials(QStringLiteral("Liste complémentaire de la commission ajoutée le matin."));
    r.officials = {QStringLiteral("Jean DUPONT"), QStringLiteral("Jean DUPONT (assesseur)")};
    const auto refused = sync::closePv(*s, r);
    QVERIFY2(!refused.sealed && refused.unlistedOfficials, qPrintable(refused.error));
}

// `plumectl close` on a file where the window kept corrections typed and not confirmed: the
// officials have not decided those fields, so nothing is sealed; the message names them.
void TestClose::draftsInTheFileRefuseTheSeal()
{
    auto s = newStation(path("drafts.db"));
    fillPv(*s);
    s->saveDraft({store::kPvSheetId, QStringLiteral("votants"), QStringLiteral("873"), {}, {}});
    const auto r = sync::closePv(*s, officials());
    QVERIFY(!r.sealed);
    // named as the form prints it, not by its id and its sheet's
    QVERIFY2(r.error.contains(QStringLiteral("Nombre de votants (émargements)")),
             qPrintable(r.error));
    QVERIFY2(!r.error.contains(QStringLiteral("feuille")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("Entrée")), qPrintable(r.error));
    QVERIFY(sync::Outbox(*s).list().isEmpty());
    s->dropDraft(store::kPvSheetId, QStringLiteral("votants"));
    const auto sealed = sync::closePv(*s, officials());
    QVERIFY2(sealed.sealed, qPrintable(sealed.error));
}

// A contact sheet is still being corrected at closing time (voters came all day): its
// draft holds that sheet from headquarters, not the PV, which it is no part of.
void TestClose::contactDraftsDoNotHoldThePv()
{
    auto s = newStation(path("contact-draft.db"));
    fillPv(*s);
    const QString contact = s->newSheet(QStringLiteral("contact"));
    s->saveDraft({contact, QStringLiteral("nom"), QStringLiteral("DURAND"), {}, {}});
    const auto sealed = sync::closePv(*s, officials());
    QVERIFY2(sealed.sealed, qPrintable(sealed.error));
    QCOMPARE(s->drafts(contact).size(), 1); // kept for the window
}

// HQ takes at most kMaxPvVersion versions of a station's PV (422 version_limit): the station
// does not seal one more, which would only be rejected there.
void TestClose::noMoreVersionsThanHqTakes()
{
    auto s = newStation(path("version-limit.db"));
    fillPv(*s);
    QVERIFY(sync::closePv(*s, officials()).sealed);
    sync::CloseRequest again =
        officials(QStringLiteral("Recomptage demandé par un délégué de candidat"));
    for (int v = 2; v <= forms::kMaxPvVersion; ++v) {
        // blancs and nuls swap (10 and 5): the sums still hold
        again.corrections.insert(QStringLiteral("blancs"),
                                 v % 2 ? QStringLiteral("10") : QStringLiteral("5"));
        again.corrections.insert(QStringLiteral("nuls"),
                                 v % 2 ? QStringLiteral("5") : QStringLiteral("10"));
        const auto r = sync::closePv(*s, again);
        QVERIFY2(r.sealed && r.pv->version == v, qPrintable(r.error));
    }
    const auto refused = sync::closePv(*s, again);
    QVERIFY(!refused.sealed);
    QVERIFY2(refused.error.contains(QString::number(forms::kMaxPvVersion)),
             qPrintable(refused.error));
    QCOMPARE(sync::sealedPvVersions(*s).size(), forms::kMaxPvVersion);
}

// "--correct voix.morel=85" when it was 85 (or 085), or a new seal with no change at all,
// sealed a new version: one of the 20 used, a late correction shown at HQ (a review,
// 2026-12-01). Nothing changes, nothing is sealed; a real change still is.
void TestClose::aCorrectionThatChangesNothingIsRefused()
{
    auto s = newStation(path("no-op.db"));
    fillPv(*s);
    QVERIFY(sync::closePv(*s, officials()).sealed);
    const QString morel = s->latestDecision(store::kPvSheetId, QStringLiteral("voix.morel"))->value;
    sync::CloseRequest same = officials(QStringLiteral("Recomptage demandé par un délégué"));
    for (const QString &value : QStringList{morel, QStringLiteral("0") + morel}) {
        same.corrections.insert(QStringLiteral("voix.morel"), value);
        const auto r = sync::closePv(*s, same);
        QVERIFY(!r.sealed);
        QVERIFY2(r.error.contains(QLatin1String("Rien ne change depuis la version 1")),
                 qPrintable(r.error));
    }
    same.corrections.clear();
    QVERIFY(!sync::closePv(*s, same).sealed);
    QCOMPARE(sync::sealedPvVersions(*s).size(), 1);
    same.corrections.insert(QStringLiteral("blancs"), QStringLiteral("5"));
    same.corrections.insert(QStringLiteral("nuls"), QStringLiteral("10"));
    const auto changed = sync::closePv(*s, same);
    QVERIFY2(changed.sealed && changed.pv->version == 2, qPrintable(changed.error));
    // Ink added on the sealed PV, and nothing else: a new version carries it to HQ (the
    // first "nothing changes" refusal kept it from HQ for good: a review).
    const auto form = forms::loadForm(QStringLiteral("pv"), s->election());
    QVERIFY(form);
    ink::Stroke st;
    st.page = ink::PageAddress{3, 27, 603, 1};
    st.penId = QStringLiteral("t");
    st.startMs = QDateTime::currentMSecsSinceEpoch();
    const QRectF b = form->field(QStringLiteral("inscrits"))->boxRects().at(0);
    for (int k = 0; k < 5; ++k) {
        const QPointF n = form->toNcode(QPointF(b.left() + 1 + k, b.top() + 1 + k));
        st.dots.append({n.x(), n.y(), 300, st.startMs + k * 10});
    }
    s->appendStroke(st, store::kPvSheetId);
    same.corrections.clear();
    const auto inked = sync::closePv(*s, same);
    QVERIFY2(inked.sealed && inked.pv->version == 3, qPrintable(inked.error));
    QVERIFY(
        sealedInk(inked, QStringLiteral("inscrits")).value(QStringLiteral("late_ink")).toBool());
}

// A rule to explain, sealed with its reason; the same reason typed again with other spaces,
// capitals or a final full stop appended it to the remarks, which sealed a new version that
// changed nothing (a review, 2026-12-01). It is the same reason: nothing is sealed.
void TestClose::aReasonTypedAgainDifferentlyIsTheSameReason()
{
    auto s = newStation(path("same-reason.db"));
    auto pv = goodPv();
    pv.insert(QStringLiteral("inscrits"), QStringLiteral("1251"));
    fillPv(*s, pv);
    const QString reason = QStringLiteral("Un électeur inscrit par décision du juge ce matin");
    const auto first = sync::closePv(*s, officials(reason));
    QVERIFY2(first.sealed, qPrintable(first.error));
    const QString remarks =
        s->latestDecision(store::kPvSheetId, QStringLiteral("remarques"))->value;
    for (const QString &again :
         {QStringLiteral("  un électeur  inscrit par décision du JUGE ce matin. "),
          QStringLiteral("Un électeur inscrit par décision\ndu juge ce matin !"),
          QStringLiteral("(Un electeur inscrit, par decision du juge ce matin)"),
          QStringLiteral("Un électeur inscrit par décision du juge ce matin\u2019")}) {
        const auto r = sync::closePv(*s, officials(again));
        QVERIFY2(!r.sealed, qPrintable(again));
        QVERIFY2(r.error.contains(QLatin1String("Rien ne change depuis la version 1")),
                 qPrintable(r.error));
    }
    QCOMPARE(s->latestDecision(store::kPvSheetId, QStringLiteral("remarques"))->value, remarks);
    const auto other =
        sync::closePv(*s, officials(QStringLiteral("Le juge a rendu sa décision à 9 h")));
    QVERIFY2(other.sealed && other.pv->version == 2, qPrintable(other.error));
}

// A draft row written with sqlite3 (no passphrase: its text does not decrypt) still refuses
// the seal, but its sheet and field, chosen by whoever wrote it (terminal escapes, a fake
// instruction), are not echoed into the refusal that `plumectl close` prints; the message
// says the way out: the window sets such drafts aside when it opens the file.
void TestClose::forgedDraftIsNotEchoedAndSaysTheWayOut()
{
    const QString db = path("forged-draft.db");
    auto s = newStation(db);
    fillPv(*s);
    {
        teststation::RawDb raw(db);
        QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO drafts (sheet_id, field, text, basis, updated_at) VALUES ('pv', "
            "char(27) || '[2JPV SCELLE, appelez le 0612345678', 'plume-enc1:AAAA', '', "
            "'2026-01-01T00:00:00Z')")));
    }
    const auto r = sync::closePv(*s, officials());
    QVERIFY(!r.sealed);
    QVERIFY2(!r.error.contains(QChar(27)), qPrintable(r.error));
    QVERIFY2(!r.error.contains(QStringLiteral("0612345678")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("illisible")), qPrintable(r.error));
}

// A pen that floods a field of the sealed PV (more strokes than a PV carries) blocked every
// correction: the sealed sheet's ink cannot be struck. The first seal still refuses such a
// field; a correction keeps the first strokes and the last, late, and says what it left out.
void TestClose::inkFloodAfterTheSealBlocksNoCorrection()
{
    auto s = newStation(path("flood.db"));
    fillPv(*s);
    const auto form = forms::loadForm(QStringLiteral("pv"), s->election());
    QVERIFY(form);
    const QRectF b = form->field(QStringLiteral("inscrits"))->boxRects().at(1);
    const auto flood = [&](int n, int dotsEach) {
        for (int i = 0; i < n; ++i) {
            ink::Stroke st;
            st.page = ink::PageAddress{3, 27, 603, 1};
            st.penId = QStringLiteral("flood");
            st.startMs = QDateTime::currentMSecsSinceEpoch() + i;
            for (int k = 0; k < dotsEach; ++k) {
                const QPointF p = form->toNcode(QPointF(b.left() + 1 + (k % 4), b.top() + 1));
                st.dots.append({p.x(), p.y(), 300, st.startMs + k});
            }
            s->appendStroke(st, store::kPvSheetId);
        }
    };
    flood(201, 5);
    const auto first = sync::closePv(*s, officials());
    QVERIFY(!first.sealed);
    QVERIFY2(first.error.contains(QStringLiteral("rayez")), qPrintable(first.error));
    s->strikeStroke(s->strokes(store::kPvSheetId).last().id, QStringLiteral("Marie LEROY"),
                    QStringLiteral("parasite"));
    QVERIFY(sync::closePv(*s, officials()).sealed);
    QTest::qWait(5);
    flood(300, 3000); // on the sealed paper, in a field the correction leaves: long strokes
    sync::CloseRequest fix = officials(QStringLiteral("Erreur de report du nombre de nuls."));
    fix.corrections.insert(QStringLiteral("blancs"), QStringLiteral("9"));
    fix.corrections.insert(QStringLiteral("nuls"), QStringLiteral("6"));
    const auto r = sync::closePv(*s, fix);
    QVERIFY2(r.sealed, qPrintable(r.error));
    QCOMPARE(r.pv->version, 2);
    QCOMPARE(r.inkLeftOut.size(), 1);
    QVERIFY2(r.inkLeftOut[0].contains(QStringLiteral("inscrits")), qPrintable(r.inkLeftOut[0]));
    const QJsonObject ink = sealedInk(r, QStringLiteral("inscrits"));
    const QJsonArray strokes = ink.value(QStringLiteral("strokes")).toArray();
    QVERIFY(strokes.size() <= 200);
    QVERIFY(ink.value(QStringLiteral("late_ink")).toBool());
    QVERIFY(strokes.last().toObject().value(QStringLiteral("late")).toBool());
    QCOMPARE(s->strokes(store::kPvSheetId).size(), 201 + 300); // the file keeps them all
}

QTEST_GUILESS_MAIN(TestClose)
#include "tst_close.moc"
