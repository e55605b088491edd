// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Form templates: loading, candidate expansion, geometry, bad templates.
#include "forms/fieldstate.h"
#include "forms/formpainter.h"
#include "forms/formspec.h"

#include <QtTest>

using namespace plume;

class TestFormSpec : public QObject
{
    Q_OBJECT
    store::ElectionConfig election()
    {
        QString error;
        return *store::ElectionConfig::fromFile(
            QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"), &error);
    }
    static ink::Stroke toNcode(const forms::FormSpec &form, ink::Stroke mm)
    {
        for (ink::Dot &d : mm.dots) {
            const QPointF n = form.toNcode(QPointF(d.x, d.y));
            d.x = n.x();
            d.y = n.y();
        }
        return mm;
    }
    // The demo election with n candidates, their names as long as the window shows.
    store::ElectionConfig withCandidates(int n)
    {
        store::ElectionConfig e = election();
        e.candidates.clear();
        for (int i = 0; i < n; ++i)
            e.candidates.append({QStringLiteral("c%1").arg(i),
                                 QStringLiteral("Marie-Christine DE LA FONTAINE-%1").arg(i),
                                 i + 1});
        return e;
    }
private slots:
    // From the sixth candidate, rows ran over the remarks, the signatures and off the page
    // (a review, 2026-12-01). Up to store::kMaxCandidates, in two columns, every field and
    // label keeps its own place, above the remarks; one more is refused with the number.
    void pvHoldsUpToTwelveCandidates()
    {
        for (int n = 1; n <= store::kMaxCandidates; ++n) {
            QString error;
            const auto pv = forms::loadForm(QStringLiteral("pv"), withCandidates(n), &error);
            QVERIFY2(pv, qPrintable(error));
            const QRectF page = QRectF(QPointF(0, 0), pv->pageMm).adjusted(10, 10, -10, -10);
            const double remarks = pv->field(QStringLiteral("remarques"))->area().top();
            for (const auto &a : pv->fields) {
                const QRectF label = forms::labelBounds(a);
                QVERIFY2(page.contains(a.area()) && page.contains(label), qPrintable(a.name));
                if (a.name.startsWith(QLatin1String("voix.")))
                    QVERIFY2(a.area().bottom() < remarks, qPrintable(a.name));
                for (const auto &b : pv->fields) {
                    if (a.name == b.name)
                        continue;
                    const QString both = QStringLiteral("%1: %2/%3").arg(n).arg(a.name, b.name);
                    QVERIFY2(!a.area().intersects(b.area()), qPrintable(both));
                    QVERIFY2(!label.intersects(b.area()), qPrintable(both));
                    QVERIFY2(!label.intersects(forms::labelBounds(b)), qPrintable(both));
                }
            }
        }
        QString error;
        QVERIFY(!forms::loadForm(QStringLiteral("pv"), withCandidates(store::kMaxCandidates + 1),
                                 &error));
        QVERIFY2(error.contains(QLatin1String("au plus 12 candidat")), qPrintable(error));
        // Up to five, the one column under the counts, as printed before.
        const auto five = forms::loadForm(QStringLiteral("pv"), withCandidates(5), &error);
        QCOMPARE(five->field(QStringLiteral("voix.c4"))->firstBox.topLeft(),
                 QPointF(120, 154 + 4 * 14));
    }
    void pvExpandsCandidates()
    {
        QString error;
        const auto pv = forms::loadForm(QStringLiteral("pv"), election(), &error);
        QVERIFY2(pv, qPrintable(error));
        const QStringList names = pv->recognisedFieldNames();
        QCOMPARE(names.first(), QStringLiteral("code_bureau"));
        for (const QString &f : forms::pvCountFields(election()))
            QVERIFY2(names.contains(f), qPrintable(f));
        const auto *morel = pv->field(QStringLiteral("voix.morel"));
        QVERIFY(morel);
        QCOMPARE(morel->label, QStringLiteral("Voix : Julien MOREL"));
        QCOMPARE(morel->firstBox.top(), 154.0 + 3 * 14);
        QCOMPARE(morel->boxRects().size(), 5);
        QCOMPARE(morel->boxRects()[1].left() - morel->boxRects()[0].left(), 9.0);
        // Every field lies on the page and no two recognised fields overlap.
        const QRectF page(QPointF(0, 0), pv->pageMm);
        for (const auto &a : pv->fields) {
            QVERIFY2(page.contains(a.area()), qPrintable(a.name));
            for (const auto &b : pv->fields)
                if (a.name != b.name)
                    QVERIFY2(!a.area().intersects(b.area()),
                             qPrintable(a.name + QLatin1Char('/') + b.name));
        }
    }
    void contactFields()
    {
        const auto c = forms::loadForm(QStringLiteral("contact"), election());
        QVERIFY(c);
        QCOMPARE(c->recognisedFieldNames(),
                 (QStringList{QStringLiteral("nom"), QStringLiteral("prenom"),
                              QStringLiteral("adresse"), QStringLiteral("code_postal"),
                              QStringLiteral("commune"), QStringLiteral("email"),
                              QStringLiteral("telephone"), QStringLiteral("consentement")}));
        QCOMPARE(c->field(QStringLiteral("consentement"))->shortLabel,
                 QStringLiteral("Consentement"));
        QCOMPARE(c->field(QStringLiteral("nom"))->shortLabel, QString()); // "Nom" is short
        QVERIFY(c->field(QStringLiteral("nom"))->personal);
        QVERIFY(!c->field(QStringLiteral("consentement"))->personal);
    }
    void ncodeMapping()
    {
        const auto pv = forms::loadForm(QStringLiteral("pv"), election());
        const QPointF mm(120.5, 61.25);
        const QPointF n = pv->toNcode(mm);
        const QPointF back = pv->toMm(n.x(), n.y());
        QVERIFY(qAbs(back.x() - mm.x()) < 1e-9 && qAbs(back.y() - mm.y()) < 1e-9);
        QVERIFY(qAbs(pv->toMm(1, 0).x() - 2.3706666) < 1e-6);
    }
    // A pen glitch (a dot far off, a dot that is not a number, a lone spike) must neither
    // drag a stroke into another field nor reach the recogniser; handwriting and sparse
    // input (a mouse moved fast) stay whole.
    void glitchDotsAreNotInk()
    {
        const auto pv = forms::loadForm(QStringLiteral("pv"), election());
        QVERIFY(pv);
        const QRectF box = pv->field(QStringLiteral("blancs"))->boxRects().first();
        ink::Stroke mm;
        for (int i = 0; i <= 20; ++i)
            mm.dots.append({box.left() + 2, box.top() + 1 + 0.2 * i, 0, i});
        const ink::Stroke clean = mm;
        mm.dots.insert(10, {box.left() + 2, box.top() - 120, 0, 10}); // spike up the page
        mm.dots.append({qQNaN(), 3, 0, 30});
        mm.dots.append({5000, 5000, 0, 31}); // far off the page
        QCOMPARE(forms::withoutGlitches(*pv, mm).dots, clean.dots);
        QCOMPARE(forms::fieldOfStroke(*pv, toNcode(*pv, mm)), QStringLiteral("blancs"));
        ink::Stroke offPage;
        offPage.dots = {{-400, -400, 0, 0}, {qInf(), 2, 0, 1}};
        QVERIFY(forms::withoutGlitches(*pv, offPage).dots.isEmpty());
        QCOMPARE(forms::fieldOfStroke(*pv, toNcode(*pv, offPage)), QString());
        ink::Stroke fast; // 25 mm between events, in one direction: kept whole
        for (int i = 0; i < 6; ++i)
            fast.dots.append({20.0 + 25 * i, 100, 0, i});
        QCOMPARE(forms::withoutGlitches(*pv, fast).dots, fast.dots);
    }
    void badTemplates_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not json") << QByteArray("{");
        QTest::newRow("no fields") << QByteArray(R"({"id":"x","fields":[]})");
        QTest::newRow("negative box") << QByteArray(
            R"({"id":"x","fields":[{"name":"a","x_mm":1,"y_mm":1,"box_w_mm":-1,"box_h_mm":1,"boxes":1}]})");
        QTest::newRow("pitch too small") << QByteArray(
            R"({"id":"x","fields":[{"name":"a","x_mm":1,"y_mm":1,"box_w_mm":5,"box_h_mm":1,"pitch_mm":4,"boxes":2}]})");
        QTest::newRow("too many boxes") << QByteArray(
            R"({"id":"x","fields":[{"name":"a","x_mm":1,"y_mm":1,"box_w_mm":5,"box_h_mm":1,"boxes":999}]})");
    }
    void badTemplates()
    {
        QFETCH(QByteArray, json);
        QString error;
        QVERIFY(!forms::loadFormFromJson(json, election(), &error));
        QVERIFY(!error.isEmpty());
    }
    void grammars()
    {
        const auto c = forms::loadForm(QStringLiteral("contact"), election());
        auto check = [&](const char *field, const char *value) {
            return forms::validateValue(*c->field(QString::fromLatin1(field)),
                                        QString::fromUtf8(value));
        };
        QVERIFY(check("code_postal", "75011").isEmpty());
        QVERIFY(!check("code_postal", "7501").isEmpty());
        QVERIFY(check("telephone", "0612345678").isEmpty());
        QVERIFY(!check("telephone", "612345678").isEmpty());
        QVERIFY(check("email", "lea.martin@orange.fr").isEmpty());
        QVERIFY(!check("email", "lea.martin@").isEmpty());
        QVERIFY(check("consentement", "oui").isEmpty());
        QVERIFY(!check("consentement", "x").isEmpty());
        QVERIFY(check("nom", "N'GUYEN-LÉA").isEmpty());
        QVERIFY(!check("nom", "R2D2").isEmpty());
        QVERIFY(check("adresse", "12 BIS RUE DE L'EGLISE").isEmpty());
        QVERIFY(check("adresse", "3/5 AV. J.-JAURES, BAT B").isEmpty());
        // Nothing that a spreadsheet would take for a formula (review of 2026-11-30).
        QVERIFY(!check("adresse", "=HYPERLINK(\"http://e/\")").isEmpty());
        QVERIFY(!check("nom", "-ZZNOM").isEmpty());
        QVERIFY(!check("prenom", "'Zoe").isEmpty());
        QVERIFY(!check("email", "-2+3mail@example.org").isEmpty());
        QVERIFY(!check("email", "+x@example.org").isEmpty());
    }
    // The PV's station code and counts as typed (a review of the exports, 2026-11-30):
    // ASCII only in a code (fullwidth, Arabic-Indic or superscript digits and U+2212 were
    // taken as written).
    void pvGrammars()
    {
        const auto pv = forms::loadForm(QStringLiteral("pv"), election());
        QVERIFY(pv);
        auto check = [&](const char *field, const QString &value) {
            return forms::validateValue(*pv->field(QString::fromLatin1(field)), value);
        };
        QVERIFY(check("code_bureau", QStringLiteral("75056-0042")).isEmpty());
        QVERIFY(check("code_bureau", QStringLiteral("2A004-0001")).isEmpty());
        for (const QString &bad :
             {QStringLiteral("\uFF17\uFF15\uFF10\uFF15\uFF16-0042"),
              QStringLiteral("\u0667\u0665\u0660\u0665\u0666-0042"),
              QStringLiteral("75056-004\u00B2"), QStringLiteral("75056\u22120042"),
              QStringLiteral("-1+1"), QStringLiteral("----------")})
            QVERIFY2(!check("code_bureau", bad).isEmpty(), qPrintable(bad));
        QVERIFY(check("inscrits", QStringLiteral("0")).isEmpty());
        QVERIFY(check("inscrits", QStringLiteral("401")).isEmpty());
        QVERIFY(check("inscrits", QStringLiteral("077")).isEmpty()); // as the boxes read it
        QVERIFY(!check("inscrits", QStringLiteral("+77")).isEmpty());
    }
};

QTEST_MAIN(TestFormSpec)
#include "tst_formspec.moc"
