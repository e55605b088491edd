// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "closing/exports.h"

#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "forms/pvcheck.h"
#include "store/text.h"
#include "sync/crypto.h"
#include "sync/outbox.h"
#include "sync/seal.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextLayout>
#include <QTextOption>

#include <qrencode.h>

#include <algorithm>
#include <memory>

namespace plume::closing {
namespace {

// Human messages, in French (source language). The PV itself (PDF, CSV) is the official
// French document: its texts are not translated.
struct ExportsText
{
    Q_DECLARE_TR_FUNCTIONS(Exports)
};

bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    if (const QString refusal = notAFileRefusal(path); !refusal.isEmpty())
        return failWith(error, refusal);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return failWith(error,
                        ExportsText::tr("Impossible d'écrire %1 : %2").arg(path, f.errorString()));
    if (f.write(bytes) != bytes.size() || !f.commit())
        return failWith(error,
                        ExportsText::tr("Impossible d'écrire %1 : %2").arg(path, f.errorString()));
    return true;
}

QString sourceFr(const QString &source)
{
    if (source == QLatin1String("confirmed"))
        return QStringLiteral("confirmé");
    if (source == QLatin1String("corrected"))
        return QStringLiteral("corrigé");
    if (source == QLatin1String("typed"))
        return QStringLiteral("saisi");
    return QStringLiteral("non décidé");
}

} // namespace

std::optional<Format> formatFromString(const QString &s)
{
    if (s == QLatin1String("pdf"))
        return Format::Pdf;
    if (s == QLatin1String("csv"))
        return Format::Csv;
    if (s == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

namespace {

using InkByField = QHash<QString, QVector<ink::Stroke>>;

// Ink of the PV routed to its fields (page millimetres); struck-out ink left out.
InkByField pvInkByField(const store::Store &store, const forms::FormSpec &form)
{
    InkByField inkByField;
    const auto byField = forms::strokesByField(form, store.readInk(store::kPvSheetId));
    for (auto it = byField.begin(); it != byField.end(); ++it)
        for (const ink::Stroke &st : it.value())
            inkByField[it.key()].append(forms::strokeToMm(form, st));
    return inkByField;
}

// The fields of the PV's lines in order: the other boxed fields, then the counts.
QStringList lineOrder(const forms::FormSpec &form, const store::ElectionConfig &election)
{
    QStringList order = forms::pvCountFields(election);
    for (const forms::FieldSpec &f : form.fields)
        if (f.boxes > 0 && !order.contains(f.name))
            order.prepend(f.name); // code_bureau before the counts
    return order;
}

// The line of field `name` as the form lays it out, with its ink, before any decision.
PvLine formLine(const forms::FormSpec &form, const QString &name, const InkByField &inkByField)
{
    const forms::FieldSpec *spec = form.field(name);
    PvLine line;
    line.field = name;
    line.label = spec ? spec->label : name;
    line.areaMm = spec ? spec->area() : QRectF();
    line.ink = inkByField.value(name);
    return line;
}

// The field's latest decision: its value, origin, official and time.
void setDecision(PvLine &line, const store::Decision &d)
{
    line.value = d.value;
    line.source = store::toString(d.source);
    line.previousValue = d.source == store::DecisionSource::Corrected ? d.previousValue : QString();
    line.official = d.official;
    line.decidedAt = d.decidedAt.toUTC().toString(Qt::ISODate);
}

// The PV's lines, each with its latest decision, and the checks on the values decided.
void readLines(PvReport &r, const store::Store &store, const forms::FormSpec &form)
{
    const InkByField inkByField = pvInkByField(store, form);
    const QStringList order = lineOrder(form, r.election);
    QHash<QString, QString> values;
    for (const QString &name : order) {
        PvLine line = formLine(form, name, inkByField);
        if (const auto d = store.latestDecision(store::kPvSheetId, name)) {
            setDecision(line, *d);
            const auto reading = store.latestReading(store::kPvSheetId, name);
            line.previousWasRead = reading && reading->value == line.previousValue;
            values.insert(name, d->value);
        }
        r.lines.append(line);
    }
    r.failures = forms::checkPv(values, r.election);
}

// The handwriting of a field as sealed (docs/protocol.md §1, INK): points in hundredths of
// a millimetre with their time offsets, back to page millimetres.
QVector<ink::Stroke> sealedInk(const QJsonObject &ink)
{
    QVector<ink::Stroke> out;
    for (const QJsonValue &sv : ink.value(QStringLiteral("strokes")).toArray()) {
        const QJsonObject so = sv.toObject();
        const QJsonArray p = so.value(QStringLiteral("p")).toArray();
        ink::Stroke st;
        st.startMs = so.value(QStringLiteral("t")).toInteger();
        for (qsizetype i = 0; i + 2 < p.size(); i += 3)
            st.dots.append({double(p[i].toInteger()) / 100, double(p[i + 1].toInteger()) / 100, 0,
                            st.startMs + p[i + 2].toInteger()});
        out.append(st);
    }
    return out;
}

// A sealed PV is printed as it was signed: each line's value, origin, official, time and
// ink come from the sealed document, not from tables that can change after the seal (the
// correction's former value is kept from the station file when it led to the same value).
void readSealedLines(PvReport &r, const QJsonObject &fields)
{
    QHash<QString, QString> values;
    for (PvLine &line : r.lines) {
        const QJsonObject f = fields.value(line.field).toObject();
        const QString value = f.value(QStringLiteral("value")).toString();
        if (line.value != value)
            line.previousValue.clear();
        line.value = value;
        line.source = f.value(QStringLiteral("source")).toString();
        line.official = f.value(QStringLiteral("official")).toString();
        line.decidedAt = f.value(QStringLiteral("decided_at")).toString();
        line.ink = sealedInk(f.value(QStringLiteral("ink")).toObject());
        if (!f.isEmpty())
            values.insert(line.field, value);
    }
    r.failures = forms::checkPv(values, r.election);
}

// The latest sealed version s: its seal, its officials, its remarks and its audit anchor.
void readSeal(PvReport &r, const sync::Submission &s)
{
    r.sealed = true;
    r.version = s.version;
    r.uuid = s.uuid;
    r.sha256 = s.sha256;
    r.signature = s.signature;
    r.sealedAt = s.payload.value(QStringLiteral("sealed_at")).toString();
    r.correctionReason = s.payload.value(QStringLiteral("correction_reason")).toString();
    QStringList officials;
    for (const QJsonValue &o : s.payload.value(QStringLiteral("officials")).toArray())
        officials << o.toString();
    if (!officials.isEmpty())
        r.officials = officials;
    // The sealed document is authoritative for the checks it recorded.
    r.remarks = s.payload.value(QStringLiteral("remarques")).toString();
    readSealedLines(r, s.payload.value(QStringLiteral("fields")).toObject());
    const QJsonObject audit = s.payload.value(QStringLiteral("audit")).toObject();
    if (!audit.isEmpty())
        r.auditHead = QStringLiteral("%1:%2")
                          .arg(audit.value(QStringLiteral("length")).toInteger())
                          .arg(audit.value(QStringLiteral("head")).toString());
}

// The keys the station has signed with, its current one first, as its audit log records
// them (station.keys, station.rekeyed; the log's seals are checked before any export): a
// version HQ acknowledged before `station rekey` keeps the signature of then (rekey signs
// again only what HQ has not received), and could no longer be printed (a review of
// 2026-12-02: « signature invalide » on a genuine PV).
QVector<QByteArray> keysOfStation(const store::Store &store, const QByteArray &current)
{
    QVector<QByteArray> keys{current};
    for (const store::AuditEntry &e : store.auditLog()) {
        if (e.action != store::kStationKeysAction && e.action != store::kStationRekeyedAction)
            continue;
        for (const QString &name :
             {QStringLiteral("public_key"), QStringLiteral("old_public_key")}) {
            const QByteArray key =
                QByteArray::fromBase64(e.detail.value(name).toString().toLatin1());
            if (key.size() == current.size() && !keys.contains(key))
                keys.append(key);
        }
    }
    return keys;
}

// A sealed version and the station key that signed it.
struct SignedSeal
{
    sync::Submission document;
    QByteArray key;
};

// The latest sealed version, its signed document verified with the station's key: what a
// PDF or CSV prints beside the seal is what the seal signs. A PV sealed in the station file
// whose signed document is missing, unreadable or altered is refused, never printed as a
// draft built from tables that were edited (a hostile review printed a rewritten outbox row
// under the old signature, and a row whose hash was broken as "projet non scellé").
std::optional<SignedSeal> latestSeal(const store::Store &store)
{
    const QVector<sync::Submission> versions = sync::sealedPvVersions(store);
    if (versions.isEmpty()) {
        if (store.sheetState(store::kPvSheetId) == store::SheetState::Sealed)
            throw store::StoreError(ExportsText::tr("Le PV est scellé, mais son document signé "
                                                    "manque ou ne se lit pas : le fichier du "
                                                    "bureau a été modifié hors de Plume."));
        return std::nullopt;
    }
    // Version i holds the document of version i: a later row holding an earlier genuine
    // document would print the PV before its correction (a review).
    for (qsizetype i = 0; i < versions.size(); ++i)
        if (versions[i].version != i + 1)
            throw store::StoreError(ExportsText::tr("Les versions scellées du PV ne se suivent "
                                                    "pas : le fichier du bureau a été modifié "
                                                    "hors de Plume."));
    const auto publicKey = sync::stationPublicKey(store);
    if (!publicKey)
        throw store::StoreError(ExportsText::tr("Ce bureau n'a pas de clé de signature."));
    const auto signedWith = [&](const QByteArray &key, QString *why) {
        return sync::verifySealedDocument(sync::sealedDocumentJson(versions.last(), key), key, why);
    };
    QString why;
    if (signedWith(*publicKey, &why))
        return SignedSeal{versions.last(), *publicKey};
    // The audit log is read only for a version the current key did not sign (before a rekey).
    for (const QByteArray &key : keysOfStation(store, *publicKey))
        if (key != *publicKey && signedWith(key, nullptr))
            return SignedSeal{versions.last(), key};
    throw store::StoreError(
        ExportsText::tr("Le PV scellé enregistré ne se vérifie pas : %1").arg(why));
}

} // namespace

QVector<QByteArray> stationSigningKeys(const store::Store &store)
{
    const auto current = sync::stationPublicKey(store);
    return current ? keysOfStation(store, *current) : QVector<QByteArray>();
}

PvReport buildPvReport(const store::Store &store)
{
    PvReport r;
    r.election = store.election();
    QString formError;
    const auto form = forms::loadForm(QStringLiteral("pv"), r.election, &formError);
    if (!form)
        throw store::StoreError(
            ExportsText::tr("Le formulaire du PV ne se charge pas : %1").arg(formError));
    readLines(r, store, *form);
    if (const auto rem = store.latestDecision(store::kPvSheetId, QStringLiteral("remarques")))
        r.remarks = rem->value;
    r.officials = r.election.officials;
    r.publicKeyBase64 = sync::stationPublicKeyBase64(store);
    if (const auto seal = latestSeal(store)) {
        readSeal(r, seal->document);
        r.publicKeyBase64 = QString::fromLatin1(seal->key.toBase64()); // the key that signed it
    }
    return r;
}

QString qrText(const PvReport &report)
{
    return QStringLiteral("plume:pv;station=%1;v=%2;sha256=%3")
        .arg(report.election.stationCode)
        .arg(report.version)
        .arg(report.sealed ? report.sha256 : QStringLiteral("non-scelle"));
}

// ---------------------------------------------------------------------------------------
// CSV: UTF-8 with BOM, ';' separators, CRLF, every field quoted when it holds ; " or a
// line break (docs/exports.md).

namespace {

// Spreadsheet formula injection ("CSV injection"): a cell whose first character, or first
// after spaces, is = + - @ (or that starts with a tab or CR) would be read as a formula.
bool looksLikeFormula(const QString &s)
{
    if (s.startsWith(QLatin1Char('\t')) || s.startsWith(QLatin1Char('\r')))
        return true;
    for (const QChar c : s) {
        if (c != QLatin1Char(' '))
            return QStringLiteral("=+-@").contains(c);
    }
    return false;
}

QString csvField(const QString &text)
{
    // Invisible and bidi characters written as [U+XXXX], as on the printed PV: a U+202E in the
    // remarks showed « = 400 » where the seal signs 004 (a review of 2026-12-02).
    const QString raw = printedText(text);
    // A leading apostrophe makes spreadsheets show the cell as text; it is then quoted.
    const bool formula = looksLikeFormula(raw);
    const QString s = formula ? QLatin1Char('\'') + raw : raw;
    if (formula || s.contains(QLatin1Char(';')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n')) || s.contains(QLatin1Char('\r')) ||
        s.startsWith(QLatin1Char(' ')) || s.endsWith(QLatin1Char(' '))) {
        QString q = s;
        q.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + q + QLatin1Char('"');
    }
    return s;
}

QString csvRow(const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields)
        out << csvField(f);
    return out.join(QLatin1Char(';')) + QStringLiteral("\r\n");
}

// A row with no decision columns: a section, a key, a label and a value.
QString csvInfoRow(const QString &section, const QString &key, const QString &label,
                   const QString &value)
{
    return csvRow({section, key, label, value, {}, {}, {}, {}});
}

// The columns' names.
QString csvHeader()
{
    return csvRow({QStringLiteral("rubrique"), QStringLiteral("champ"), QStringLiteral("libellé"),
                   QStringLiteral("valeur"), QStringLiteral("origine"),
                   QStringLiteral("valeur_remplacée"), QStringLiteral("décidé_par"),
                   QStringLiteral("décidé_le")});
}

// The station and its election ("bureau" rows).
QString csvStation(const store::ElectionConfig &e)
{
    QString text;
    const auto info = [&](const QString &key, const QString &label, const QString &value) {
        text += csvInfoRow(QStringLiteral("bureau"), key, label, value);
    };
    info(QStringLiteral("code"), QStringLiteral("Code du bureau"), e.stationCode);
    info(QStringLiteral("nom"), QStringLiteral("Bureau"), e.stationName);
    info(QStringLiteral("commune"), QStringLiteral("Commune"), e.commune);
    info(QStringLiteral("election"), QStringLiteral("Élection"), e.electionName);
    info(QStringLiteral("election_id"), QStringLiteral("Identifiant de l'élection"), e.electionId);
    info(QStringLiteral("tour"), QStringLiteral("Tour"), QString::number(e.round));
    info(QStringLiteral("date"), QStringLiteral("Date"), e.date);
    return text;
}

// The PV's lines with their decisions: the counts ("compte") and the votes ("voix"), plain
// integers (docs/exports.md).
QString csvLines(const QVector<PvLine> &lines, const QStringList &counts)
{
    QString text;
    for (const PvLine &l : lines) {
        const QString section = l.field.startsWith(QLatin1String("voix."))
                                    ? QStringLiteral("voix")
                                    : QStringLiteral("compte");
        const auto shown = [&](const QString &v) {
            return counts.contains(l.field) ? forms::plainCount(v) : v; // a code keeps its zeros
        };
        text += csvRow({section, l.field, l.label, shown(l.value), l.source, shown(l.previousValue),
                        l.official, l.decidedAt});
    }
    return text;
}

// A row a rule not respected, or one row saying that every check holds.
QString csvChecks(const QVector<forms::RuleFailure> &failures)
{
    QString text;
    for (const forms::RuleFailure &f : failures)
        text += csvInfoRow(QStringLiteral("contrôle"), forms::ruleId(f.rule),
                           forms::kindLabel(f.kind()), f.explanation);
    if (failures.isEmpty())
        text += csvInfoRow(QStringLiteral("contrôle"), QStringLiteral("tous"),
                           QStringLiteral("Vérifications arithmétiques"), QStringLiteral("ok"));
    return text;
}

// The remarks, then a row a member of the bureau.
QString csvRemarksAndOfficials(const PvReport &r)
{
    QString text = csvInfoRow(QStringLiteral("observations"), QStringLiteral("remarques"),
                              QStringLiteral("Observations et réclamations"), r.remarks);
    for (int i = 0; i < r.officials.size(); ++i)
        text += csvInfoRow(QStringLiteral("membres"), QStringLiteral("membre%1").arg(i + 1),
                           QStringLiteral("Membre du bureau"), r.officials[i]);
    return text;
}

// The seal's state; of a sealed PV its version, hash, signature, time and reason; the key.
QString csvSeal(const PvReport &r)
{
    QString text;
    const auto seal = [&](const QString &key, const QString &label, const QString &value) {
        text += csvInfoRow(QStringLiteral("scellé"), key, label, value);
    };
    seal(QStringLiteral("etat"), QStringLiteral("État"),
         r.sealed ? QStringLiteral("scellé") : QStringLiteral("projet non scellé"));
    if (r.sealed) {
        seal(QStringLiteral("version"), QStringLiteral("Version"), QString::number(r.version));
        seal(QStringLiteral("uuid"), QStringLiteral("Identifiant"), r.uuid);
        seal(QStringLiteral("sha256"), QStringLiteral("Empreinte SHA-256"), r.sha256);
        seal(QStringLiteral("signature"), QStringLiteral("Signature Ed25519 (base64)"),
             r.signature);
        seal(QStringLiteral("scelle_le"), QStringLiteral("Scellé le"), r.sealedAt);
        if (!r.correctionReason.isEmpty())
            seal(QStringLiteral("motif_correction"), QStringLiteral("Motif de la nouvelle version"),
                 r.correctionReason);
    }
    seal(QStringLiteral("cle_publique"), QStringLiteral("Clé publique du bureau"),
         r.publicKeyBase64);
    return text;
}

} // namespace

QByteArray pvCsv(const PvReport &r)
{
    const QString text = csvHeader() + csvStation(r.election) +
                         csvLines(r.lines, forms::pvCountFields(r.election)) +
                         csvChecks(r.failures) + csvRemarksAndOfficials(r) + csvSeal(r);
    return QByteArray("\xEF\xBB\xBF") + text.toUtf8();
}

// ---------------------------------------------------------------------------------------
// JSON: the signed document of the latest sealed version.

std::optional<QByteArray> pvJson(const store::Store &store, QString *error)
{
    try {
        const auto seal = latestSeal(store);
        if (!seal) {
            failWith(error,
                     ExportsText::tr("Le PV n'est pas encore scellé : clôturez-le d'abord."));
            return std::nullopt;
        }
        return sync::sealedDocumentJson(seal->document, seal->key);
    } catch (const store::StoreError &e) {
        failWith(error, e.message());
        return std::nullopt;
    }
}

namespace {

// A signature proves who signed, not what: the document must also be a PV (kind and type
// "pv") of the station that signed it (the payload's station code), at the version signed.
// A key enrolled for one station signed a "valid" PV naming another (a hostile review).
bool isPvOfItsStation(const QJsonObject &document, Verification &v)
{
    const QJsonObject s = document.value(QStringLiteral("signed")).toObject();
    const QJsonObject p = s.value(QStringLiteral("payload")).toObject();
    v.station = s.value(QStringLiteral("station")).toString();
    v.version = s.value(QStringLiteral("version")).toInteger();
    if (s.value(QStringLiteral("kind")).toString() != QLatin1String("pv") ||
        p.value(QStringLiteral("type")).toString() != QLatin1String("pv"))
        v.why = ExportsText::tr("ce document signé n'est pas un PV");
    else if (const QJsonValue code =
                 p.value(QStringLiteral("station")).toObject().value(QStringLiteral("code"));
             !code.isString() || code.toString() != v.station)
        v.why = ExportsText::tr("le bureau du PV (%1) n'est pas le bureau qui l'a signé (%2)")
                    .arg(store::printable(code.toString(), 64), v.station);
    else if (p.value(QStringLiteral("version")).toInteger(-1) != v.version)
        v.why = ExportsText::tr("la version du PV n'est pas la version signée");
    return v.why.isEmpty();
}

// A count as checkPv reads it: a JSON integer, "" for null (missing), anything else as
// written (a string, a fraction: not a count).
QString countText(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return {};
    if (v.isDouble() && v.toDouble() == double(v.toInteger()))
        return QString::number(v.toInteger());
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
}

// A signed PV that Plume could never have sealed (a count that is none, exprimés or Σ voix
// that do not add up): its signer signed nonsense, whatever the signature says. "valid"
// came out for such a document signed by a trusted key (a review).
bool isPossiblePv(const QJsonObject &document, Verification &v)
{
    const QJsonObject p = document.value(QStringLiteral("signed"))
                              .toObject()
                              .value(QStringLiteral("payload"))
                              .toObject();
    QHash<QString, QString> values;
    store::ElectionConfig election;
    const QJsonObject counts = p.value(QStringLiteral("counts")).toObject();
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        values.insert(it.key(), countText(it.value()));
    for (const QJsonValue &c : p.value(QStringLiteral("candidates")).toArray()) {
        const QJsonObject o = c.toObject();
        const QString id = o.value(QStringLiteral("id")).toString();
        election.candidates.append({id, o.value(QStringLiteral("name")).toString(), 0});
        values.insert(QStringLiteral("voix.") + id, countText(o.value(QStringLiteral("voix"))));
    }
    // compte_ecart came on 2026-12-02: a PV sealed before may break it and was possible then.
    for (const forms::RuleFailure &f : forms::checkPv(values, election))
        if (f.isImpossible() && f.rule != forms::PvRule::CompteEcart) {
            v.why = ExportsText::tr("le document est bien signé, mais Plume n'aurait jamais pu "
                                    "sceller ce PV : %1")
                        .arg(f.explanation);
            return false;
        }
    return true;
}

} // namespace

Verification verifyPvDocument(const QByteArray &document, const QString &trustedKeyBase64)
{
    Verification v;
    const QJsonObject parsed = QJsonDocument::fromJson(document).object();
    v.keyBase64 = parsed.value(QStringLiteral("public_key")).toString();
    QByteArray key;
    if (!trustedKeyBase64.trimmed().isEmpty()) {
        const auto k = sync::decodeBase64Strict(trustedKeyBase64.trimmed().toLatin1());
        if (!k || k->size() != 32) {
            v.why = ExportsText::tr("la clé publique n'est pas le base64 de 32 octets");
            return v;
        }
        key = *k;
        // The document names its signer: it must be the key given (so that any changed
        // byte of the document, public_key included, fails).
        if (v.keyBase64.toLatin1() != key.toBase64()) {
            v.why =
                ExportsText::tr("la clé publique du document (public_key) n'est pas celle donnée");
            // Said apart: an authentic PV signed before `station rekey` read as a forgery (a
            // review). It stays INVALID for the key given.
            if (QString ignored; sync::verifySealedDocument(document, {}, &ignored))
                v.why += ExportsText::tr(" : le document est correctement signé, mais par une "
                                         "autre clé (%1) ; une clé du bureau d'avant « station "
                                         "rekey », ou une autre clé que la sienne")
                             .arg(store::printable(v.keyBase64, 64));
            return v;
        }
    }
    if (!sync::verifySealedDocument(document, key, &v.why) || !isPvOfItsStation(parsed, v) ||
        !isPossiblePv(parsed, v))
        return v;
    v.verdict = key.isEmpty() ? Verdict::UntrustedKey : Verdict::Valid;
    return v;
}

bool verifyPvJson(const QByteArray &document, const QString &publicKeyBase64, QString *why)
{
    const Verification v = verifyPvDocument(document, publicKeyBase64);
    if (v.verdict == Verdict::Invalid)
        return failWith(why, v.why);
    if (v.verdict == Verdict::UntrustedKey)
        return failWith(why, ExportsText::tr("aucune clé de confiance : la signature est correcte, "
                                             "mais faite par une clé que personne n'a garantie"));
    return true;
}

// ---------------------------------------------------------------------------------------
// PDF

namespace {

constexpr double kMarginMm = 15;

// Text wrapped at word boundaries, or anywhere when one word is wider than the line: a
// long name or remark is never cut off (docs/exports.md).
QTextOption wrapOption(Qt::Alignment align)
{
    QTextOption o(align);
    o.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    return o;
}

class MmPainter
{
public:
    MmPainter(QPainter &p, double dotsPerMm) : m_p(p), m_k(dotsPerMm) {}
    double k() const { return m_k; }
    QRectF r(double x, double y, double w, double h) const
    {
        return QRectF(x * m_k, y * m_k, w * m_k, h * m_k);
    }
    void text(double x, double y, double w, double h, const QString &s,
              int flags = Qt::AlignLeft | Qt::AlignVCenter)
    {
        m_p.drawText(r(x, y, w, h), flags, s);
    }
    // Wrapped text: at word boundaries, or anywhere when one word is wider than w, so
    // that a long name is never cut off (docs/exports.md).
    void wrapped(double x, double y, double w, double h, const QString &s, Qt::Alignment align)
    {
        m_p.drawText(r(x, y, w, h), s, wrapOption(align));
    }
    // Height in mm that wrapped() needs for s in a box w mm wide, with the current font.
    double wrappedHeight(double w, const QString &s) const
    {
        return m_p.boundingRect(r(0, 0, w, 1000), s, wrapOption(Qt::AlignLeft)).height() / m_k;
    }
    void line(double x1, double y1, double x2, double y2)
    {
        m_p.drawLine(QPointF(x1 * m_k, y1 * m_k), QPointF(x2 * m_k, y2 * m_k));
    }
    void font(double pt, bool bold = false, bool mono = false)
    {
        QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
        f.setPointSizeF(pt);
        f.setBold(bold);
        m_p.setFont(f);
    }
    QPainter &p() { return m_p; }

private:
    QPainter &m_p;
    double m_k;
};

// Draws the handwriting of a field scaled into cell (mm), keeping its aspect ratio.
void drawInk(MmPainter &mp, const PvLine &line, const QRectF &cellMm)
{
    mp.p().save();
    mp.p().setPen(
        QPen(QColor(0x20, 0x3a, 0x8c), 0.35 * mp.k(), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    mp.p().setBrush(Qt::NoBrush);
    mp.p().drawRect(mp.r(cellMm.x(), cellMm.y(), cellMm.width(), cellMm.height()));
    if (line.ink.isEmpty()) {
        mp.p().setPen(Qt::gray);
        mp.font(6.5);
        mp.text(cellMm.x(), cellMm.y(), cellMm.width(), cellMm.height(),
                QStringLiteral("(pas d'encre)"), Qt::AlignCenter);
        mp.p().restore();
        return;
    }
    QRectF src = line.areaMm;
    for (const ink::Stroke &s : line.ink)
        src = src.united(s.bounds());
    const QRectF dst = cellMm.adjusted(0.8, 0.8, -0.8, -0.8);
    const double scale = std::min(dst.width() / src.width(), dst.height() / src.height());
    const double ox = dst.x() + (dst.width() - src.width() * scale) / 2;
    const double oy = dst.y() + (dst.height() - src.height() * scale) / 2;
    for (const ink::Stroke &s : line.ink) {
        QPainterPath path;
        for (int i = 0; i < s.dots.size(); ++i) {
            const QPointF p((ox + (s.dots[i].x - src.x()) * scale) * mp.k(),
                            (oy + (s.dots[i].y - src.y()) * scale) * mp.k());
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        if (s.dots.size() == 1)
            path.lineTo(path.currentPosition() + QPointF(0.1, 0.1));
        mp.p().drawPath(path);
    }
    mp.p().restore();
}

bool drawQr(MmPainter &mp, const QString &text, double x, double y, double sizeMm)
{
    const QByteArray data = text.toUtf8();
    QRcode *code = QRcode_encodeString(data.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return false;
    const int n = code->width;
    const double cell = sizeMm / (n + 8); // 4-module quiet zone each side
    mp.p().save();
    mp.p().setPen(Qt::NoPen);
    mp.p().setBrush(Qt::white);
    mp.p().drawRect(mp.r(x, y, sizeMm, sizeMm));
    mp.p().setBrush(Qt::black);
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col)
            if (code->data[row * n + col] & 1)
                mp.p().drawRect(
                    mp.r(x + (col + 4) * cell, y + (row + 4) * cell, cell * 1.02, cell * 1.02));
    mp.p().restore();
    QRcode_free(code);
    return true;
}

} // namespace

namespace {

constexpr double kPageH = 297;
constexpr double kFooterH = 8;
constexpr double kW = 210 - 2 * kMarginMm;
constexpr double kX0 = kMarginMm;

// A4 pages filled top to bottom: a section that does not fit starts a new page; every page
// has the footer with the station, "page n/N" and the PV's hash (total: N, known from a
// first pass that only counts; 0 in that pass).
class PdfPages
{
public:
    PdfPages(QPdfWriter &writer, QPainter &painter, const PvReport &r, int total)
        : m_writer(writer), m_painter(painter), m_mp(painter, 300.0 / 25.4), m_r(r), m_total(total)
    {}
    int page() const { return m_page; }
    MmPainter &mp() { return m_mp; }
    QPainter &painter() { return m_painter; }
    double y = kMarginMm;
    void ensure(double heightMm)
    {
        if (y + heightMm > kPageH - kMarginMm - kFooterH)
            newPage();
    }
    void newPage()
    {
        footer();
        m_writer.newPage();
        ++m_page;
        y = kMarginMm;
    }
    void footer()
    {
        m_painter.save();
        m_painter.setPen(Qt::darkGray);
        m_mp.font(6.5, false, true);
        const double fy = kPageH - kMarginMm - kFooterH + 3;
        m_mp.line(kX0, fy - 1, kX0 + kW, fy - 1);
        m_mp.text(kX0, fy, kW, 4,
                  QStringLiteral("PV bureau %1 - page %2/%3 - SHA-256 : %4")
                      .arg(m_r.election.stationCode)
                      .arg(m_page)
                      .arg(std::max(m_total, m_page))
                      .arg(m_r.sealed ? m_r.sha256 : QStringLiteral("projet non scellé")));
        m_painter.restore();
    }

private:
    QPdfWriter &m_writer;
    QPainter &m_painter;
    MmPainter m_mp;
    const PvReport &m_r;
    int m_total = 0;
    int m_page = 1;
};

// Text of any length (remarks, reasons) wrapped into a column wMm wide from pg.y on, line by
// line, continuing on the next page when the page is full: nothing is cut off.
void drawParagraph(PdfPages &pg, double xMm, double wMm, QString text,
                   Qt::Alignment align = Qt::AlignLeft)
{
    QPainter &p = pg.painter();
    const double k = pg.mp().k();
    text.replace(QLatin1String("\r\n"), QString(QChar::LineSeparator));
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    text.replace(QLatin1Char('\r'), QChar::LineSeparator);
    QTextLayout layout(text, p.font(), p.device());
    layout.setTextOption(wrapOption(align));
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine())
        line.setLineWidth(wMm * k);
    layout.endLayout();
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        const double h = line.height() / k;
        pg.ensure(h);
        line.draw(&p, QPointF(xMm * k, pg.y * k));
        pg.y += h;
    }
}

void drawTitle(PdfPages &pg, const PvReport &r)
{
    MmPainter &mp = pg.mp();
    mp.font(15, true);
    mp.text(kX0, pg.y, kW, 8, QStringLiteral("Procès-verbal des opérations de vote"),
            Qt::AlignHCenter | Qt::AlignVCenter);
    pg.y += 9;
    mp.font(10);
    drawParagraph(pg, kX0, kW,
                  QStringLiteral("%1 - tour %2 - %3")
                      .arg(r.election.electionName, QString::number(r.election.round),
                           r.election.date), // one call: a "%1" in the name stays as it is
                  Qt::AlignHCenter);
    pg.y += 1;
    mp.font(10, true);
    drawParagraph(pg, kX0, kW,
                  QStringLiteral("Bureau %1 - %2 - %3")
                      .arg(r.election.stationCode, r.election.stationName, r.election.commune),
                  Qt::AlignHCenter);
    pg.y += 2;
    if (r.sealed && r.version <= 1)
        return;
    pg.painter().setPen(QColor(0xb0, 0, 0));
    mp.font(r.sealed ? 9.5 : 11, true);
    pg.y += 0.5;
    drawParagraph(pg, kX0, kW,
                  r.sealed
                      ? QStringLiteral("Version %1 (corrige la version précédente) - motif : %2")
                            .arg(r.version)
                            .arg(r.correctionReason)
                      : QStringLiteral("PROJET - NON SCELLÉ : ce document n'a pas valeur de PV"),
                  Qt::AlignHCenter);
    pg.painter().setPen(Qt::black);
    pg.y += 2;
}

constexpr double kLabelW = 62, kInkW = 52, kValueW = 22;
constexpr double kRowH = 9.5;

void drawTableHeader(PdfPages &pg)
{
    MmPainter &mp = pg.mp();
    pg.painter().setPen(QPen(Qt::black, 0.2 * mp.k()));
    mp.font(8, true);
    pg.painter().fillRect(mp.r(kX0, pg.y, kW, 6), QColor(0xe8, 0xe8, 0xe8));
    mp.text(kX0 + 1, pg.y, kLabelW, 6, QStringLiteral("Rubrique"));
    mp.text(kX0 + kLabelW + 1, pg.y, kInkW, 6, QStringLiteral("Écriture manuscrite"));
    mp.text(kX0 + kLabelW + kInkW, pg.y, kValueW - 1, 6, QStringLiteral("Valeur"),
            Qt::AlignRight | Qt::AlignVCenter);
    mp.text(kX0 + kLabelW + kInkW + kValueW + 2, pg.y, kW - kLabelW - kInkW - kValueW, 6,
            QStringLiteral("Décision"));
    pg.y += 6;
}

QString decisionText(const PvLine &l)
{
    QString decision = sourceFr(l.source);
    if (l.source == QLatin1String("corrected"))
        decision = (l.previousWasRead ? QStringLiteral("CORRIGÉ (lu : %1)")
                                      : QStringLiteral("CORRIGÉ (avant : %1)"))
                       .arg(l.previousValue.isEmpty() ? QStringLiteral("vide") : l.previousValue);
    if (!l.official.isEmpty())
        decision += QStringLiteral("\npar ") + l.official;
    return decision;
}

constexpr double kDecisionW = kW - kLabelW - kInkW - kValueW - 2; // starts 2 mm in

// A row grows past kRowH when its label or its decision needs more lines.
double rowHeight(MmPainter &mp, const PvLine &l)
{
    mp.font(8.5);
    const double label = mp.wrappedHeight(kLabelW - 1, l.label);
    mp.font(7);
    const double decision = mp.wrappedHeight(kDecisionW, decisionText(l));
    return std::max(kRowH, std::max(label, decision) + 1.5);
}

void drawLine(PdfPages &pg, const PvLine &l, double rowH)
{
    MmPainter &mp = pg.mp();
    QPainter &painter = pg.painter();
    const double y = pg.y;
    const bool corrected = l.source == QLatin1String("corrected");
    if (corrected)
        painter.fillRect(mp.r(kX0, y, kW, rowH), QColor(0xff, 0xf1, 0xc6));
    painter.setPen(QPen(Qt::black, 0.2 * mp.k()));
    mp.line(kX0, y + rowH, kX0 + kW, y + rowH);
    mp.font(8.5);
    mp.wrapped(kX0 + 1, y, kLabelW - 1, rowH, l.label, Qt::AlignLeft | Qt::AlignVCenter);
    drawInk(mp, l, QRectF(kX0 + kLabelW, y + (rowH - kRowH) / 2 + 0.7, kInkW - 2, kRowH - 1.4));
    painter.setPen(Qt::black);
    mp.font(l.value.size() > 6 ? 7.5 : 11, true);
    mp.text(kX0 + kLabelW + kInkW, y, kValueW - 1, rowH,
            l.value.isEmpty() ? QStringLiteral("-") : l.value, Qt::AlignRight | Qt::AlignVCenter);
    mp.font(7);
    if (corrected)
        painter.setPen(QColor(0xb0, 0, 0));
    mp.wrapped(kX0 + kLabelW + kInkW + kValueW + 2, y, kDecisionW, rowH, decisionText(l),
               Qt::AlignLeft | Qt::AlignVCenter);
    painter.setPen(Qt::black);
    pg.y += rowH;
}

// A count printed as the CSV gives it: a plain integer (boxes written "0200" are 200).
PvLine printedCounts(PvLine l, const QStringList &counts)
{
    if (counts.contains(l.field)) {
        l.value = forms::plainCount(l.value);
        l.previousValue = forms::plainCount(l.previousValue);
    }
    return l;
}

void drawTable(PdfPages &pg, const PvReport &r)
{
    drawTableHeader(pg);
    const QStringList counts = forms::pvCountFields(r.election);
    for (const PvLine &shown : r.lines) {
        const PvLine l = printedCounts(shown, counts);
        const double rowH = rowHeight(pg.mp(), l);
        if (pg.y + rowH > kPageH - kMarginMm - kFooterH) {
            pg.newPage();
            drawTableHeader(pg);
        }
        drawLine(pg, l, rowH);
    }
    pg.y += 3;
}

// Every rule with its kind and state; a rule to explain shows the officials' reason.
void drawRules(PdfPages &pg, const PvReport &r)
{
    MmPainter &mp = pg.mp();
    pg.ensure(12);
    mp.font(9.5, true);
    mp.text(kX0, pg.y, kW, 5,
            QStringLiteral("Contrôles du PV (règles impossibles et à expliquer)"));
    pg.y += 5.5;
    for (const forms::PvRule rule : forms::allRules()) {
        const forms::RuleFailure *failed = nullptr;
        for (const forms::RuleFailure &f : r.failures)
            if (f.rule == rule)
                failed = &f;
        const forms::RuleKind kind = forms::ruleKind(rule);
        QString line = QStringLiteral("%1 [%2] %3 (%4) : ")
                           .arg(failed ? (kind == forms::RuleKind::Impossible ? QStringLiteral("✗")
                                                                              : QStringLiteral("!"))
                                       : QStringLiteral("✓"),
                                forms::kindLabelInFrench(kind), forms::ruleStatementInFrench(rule),
                                forms::ruleId(rule));
        if (!failed)
            line += QStringLiteral("respectée");
        else if (kind == forms::RuleKind::Impossible)
            line += QStringLiteral("NON RESPECTÉE - ") + failed->explanation;
        else
            line += failed->explanation + QStringLiteral(" - expliqué : ") +
                    (r.remarks.isEmpty() ? QStringLiteral("(aucune raison)") : r.remarks);
        pg.ensure(4.5);
        pg.painter().setPen(!failed
                                ? QColor(0, 0x70, 0)
                                : (kind == forms::RuleKind::Impossible ? QColor(0xb0, 0, 0)
                                                                       : QColor(0x90, 0x60, 0)));
        mp.font(7.5);
        pg.y += 0.7;
        drawParagraph(pg, kX0 + 2, kW - 2, line);
        pg.y += 0.7;
    }
    pg.painter().setPen(Qt::black);
    pg.y += 1;
}

// The officials, three a row, each name (wrapped, whole) above a signature line; a row
// grows with its longest name.
void drawOfficials(PdfPages &pg, const QStringList &officials, int n)
{
    MmPainter &mp = pg.mp();
    const double cw = kW / std::min(n, 3);
    mp.font(8);
    for (int first = 0; first < n; first += 3) {
        const int last = std::min(n, first + 3);
        double textH = 4.5;
        for (int i = first; i < last; ++i)
            textH = std::max(textH, mp.wrappedHeight(cw - 3, officials.value(i)));
        const double rowH = std::max(16.0, textH + 6);
        pg.ensure(rowH);
        for (int i = first; i < last; ++i) {
            const double cx = kX0 + (i - first) * cw;
            mp.wrapped(cx, pg.y, cw - 3, textH, officials.value(i), Qt::AlignLeft | Qt::AlignTop);
            pg.painter().setPen(QPen(Qt::gray, 0.2 * mp.k(), Qt::DashLine));
            mp.line(cx, pg.y + rowH - 2, cx + cw - 5, pg.y + rowH - 2);
            pg.painter().setPen(Qt::black);
        }
        pg.y += rowH;
    }
    pg.y += 2;
}

void drawRemarksAndOfficials(PdfPages &pg, const PvReport &r)
{
    MmPainter &mp = pg.mp();
    pg.ensure(24);
    mp.font(9.5, true);
    mp.text(kX0, pg.y, kW, 5, QStringLiteral("Observations et réclamations"));
    pg.y += 5.5;
    mp.font(8);
    const double top = pg.y;
    drawParagraph(pg, kX0 + 2, kW - 4, r.remarks.isEmpty() ? QStringLiteral("Néant") : r.remarks);
    pg.y = std::max(pg.y, top + 5) + 2;
    const int n = std::max<int>(1, int(r.officials.size()));
    pg.ensure(6 + 16);
    mp.font(9.5, true);
    mp.text(kX0, pg.y, kW, 5, QStringLiteral("Membres du bureau (nom et signature)"));
    pg.y += 6;
    drawOfficials(pg, r.officials, n);
}

// The seal block (hash, id, time, key, QR code), whole on the last page.
bool drawSeal(PdfPages &pg, const PvReport &r)
{
    constexpr double kQr = 34;
    pg.ensure(kQr + 8);
    MmPainter &mp = pg.mp();
    const double y = pg.y;
    const double w = kW - kQr - 3;
    if (!drawQr(mp, qrText(r), kX0 + kW - kQr, y, kQr))
        return false;
    mp.font(9.5, true);
    mp.text(kX0, y, w, 5,
            r.sealed ? QStringLiteral("Sceau électronique (version %1)").arg(r.version)
                     : QStringLiteral("Sceau électronique : aucun (projet)"));
    mp.font(7.5, false, true);
    double sy = y + 6;
    const auto row = [&](const QString &text) {
        mp.text(kX0, sy, w, 4, text);
        sy += 4.3;
    };
    if (r.sealed) {
        row(QStringLiteral("SHA-256 : ") + r.sha256.left(32));
        row(QStringLiteral("          ") + r.sha256.mid(32));
        row(QStringLiteral("Identifiant : ") + r.uuid);
        row(QStringLiteral("Scellé le : ") + r.sealedAt);
        if (!r.auditHead.isEmpty())
            row(QStringLiteral("Journal d'audit : ") + r.auditHead.left(44));
    }
    row(QStringLiteral("Clé publique du bureau : ") + r.publicKeyBase64);
    mp.font(6.5);
    mp.text(kX0, sy, w, 8,
            QStringLiteral("Le QR code porte le code du bureau et l'empreinte du PV scellé ; le "
                           "document JSON signé se vérifie avec « plumectl verify »."),
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap);
    pg.y = std::max(sy + 8, y + kQr);
    return true;
}

// Lays the PV out on A4 pages of `device`; the number of pages used, or 0 when the painter
// could not start (or the QR code could not be encoded: *sealOk false).
int layOutPv(QIODevice &device, const PvReport &r, int total, bool *sealOk)
{
    QPdfWriter writer(&device);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QStringLiteral("Procès-verbal - bureau %1").arg(r.election.stationCode));
    writer.setCreator(QStringLiteral("Plume " PLUME_VERSION));
    QPainter painter;
    if (!painter.begin(&writer))
        return 0;
    painter.setRenderHint(QPainter::Antialiasing);
    PdfPages pages(writer, painter, r, total);
    drawTitle(pages, r);
    drawTable(pages, r);
    drawRules(pages, r);
    drawRemarksAndOfficials(pages, r);
    *sealOk = drawSeal(pages, r);
    pages.footer();
    painter.end();
    return pages.page();
}

// The texts the officials typed and the election file's names, as the printed PV shows
// them (a candidate named "\u202eTREBUA erialC" printed a second AUBERT row, a review).
PvReport shownAsSigned(PvReport r)
{
    store::ElectionConfig &e = r.election;
    for (QString *t : {&e.electionName, &e.stationCode, &e.stationName, &e.commune, &e.date})
        *t = printedText(*t);
    for (store::Candidate &c : e.candidates)
        c.name = printedText(c.name);
    r.remarks = printedText(r.remarks);
    r.correctionReason = printedText(r.correctionReason);
    for (QString &o : r.officials)
        o = printedText(o);
    for (PvLine &l : r.lines) {
        l.label = printedText(l.label);
        l.value = printedText(l.value);
        l.previousValue = printedText(l.previousValue);
        l.official = printedText(l.official);
    }
    for (forms::RuleFailure &f : r.failures)
        f.explanation = printedText(f.explanation);
    return r;
}

} // namespace

// Invisible formatting characters (bidi overrides and isolates, zero-width marks) and line or
// paragraph separators change how a text is shown, not what it says: a reason "= \u202e004"
// was printed "= 400" while the seal signs 004 (a hostile review). On paper each is shown as
// [U+XXXX], so the printed PV reads as the seal signs (docs/exports.md).
QString printedText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const char32_t c : text.toUcs4()) {
        if (const auto cat = QChar::category(c); cat == QChar::Other_Format ||
                                                 cat == QChar::Separator_Line ||
                                                 cat == QChar::Separator_Paragraph)
            out += QStringLiteral("[U+%1]").arg(
                QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            out += QString::fromUcs4(&c, 1);
    }
    return out;
}

bool writePvPdf(const PvReport &report, const QString &path, QString *error)
{
    const PvReport r = shownAsSigned(report);
    // A first pass counts the pages, for the footers' "page n/N".
    QBuffer draft;
    draft.open(QIODevice::WriteOnly);
    bool sealOk = false;
    const int total = layOutPv(draft, r, 0, &sealOk);
    if (const QString refusal = notAFileRefusal(path); !refusal.isEmpty())
        return failWith(error, refusal);
    QSaveFile file(path); // replaced only once complete
    if (!file.open(QIODevice::WriteOnly))
        return failWith(
            error, ExportsText::tr("Impossible d'écrire %1 : %2").arg(path, file.errorString()));
    if (total == 0 || layOutPv(file, r, total, &sealOk) != total)
        return failWith(error, ExportsText::tr("Impossible d'écrire le PDF %1").arg(path));
    if (!sealOk)
        return failWith(error, ExportsText::tr("Impossible de coder le QR code"));
    if (!file.commit())
        return failWith(
            error, ExportsText::tr("Impossible d'écrire %1 : %2").arg(path, file.errorString()));
    return true;
}

// What an existing file is, when an export must never replace it (a copy of a station file,
// an offline delivery file, HQ's key file: each may be the only one; a review of 2026-12-02
// replaced a station backup and HQ's key with a CSV). "" for anything else.
static QString irreplaceableKind(const QString &path, bool offlineFile)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = f.read(512); // an offline file names its format after two keys
    if (store::isSqliteHeader(head))
        return ExportsText::tr("une base SQLite (un fichier de bureau ou sa copie ?)");
    if (head.startsWith("plume-hq-key/"))
        return ExportsText::tr("le fichier de clé du siège");
    if (!offlineFile && head.contains("plume.offline/"))
        return ExportsText::tr("un fichier hors ligne pour le siège");
    return {};
}

QString notAFileRefusal(const QString &path, bool offlineFile)
{
    const QFileInfo info(path);
    // A link is never written through: as root, an export to a link made the file it names
    // (/etc/…) or replaced it (a review, 2026-12-01); `station init` refuses links too.
    if (info.isSymLink())
        return ExportsText::tr("%1 est un lien symbolique : donnez le chemin d'un fichier "
                               "ordinaire à écrire.")
            .arg(path);
    if (info.exists() && !info.isFile())
        return ExportsText::tr("%1 n'est pas un fichier ordinaire : donnez le chemin d'un "
                               "fichier à écrire.")
            .arg(path);
    if (const QString kind = irreplaceableKind(path, offlineFile); !kind.isEmpty())
        return ExportsText::tr("%1 est %2 : il ne sera pas remplacé par un export, choisissez "
                               "un autre nom.")
            .arg(path, kind);
    return {};
}

QString stationFileRefusal(const store::Store &store, const QString &path)
{
    if (store.isPassphraseFile(path))
        return ExportsText::tr("%1 est le fichier de la phrase secrète du bureau : il ne sera "
                               "pas remplacé par un export, choisissez un autre nom.")
            .arg(path);
    if (!store.isOwnFile(path))
        return {};
    return ExportsText::tr("%1 est le fichier du bureau : il ne sera pas remplacé par un "
                           "export, choisissez un autre nom.")
        .arg(path);
}

namespace {

// Why nothing may be exported now: no path, a path naming the station's own files or a
// device, or a locked station (its check would be partial: a key swapped and a PV re-signed
// with sqlite3 and Python passed it and was printed, a review). Empty when it may go on.
QString exportRefusal(const store::Store &store, const QString &path)
{
    if (path.isEmpty())
        return ExportsText::tr("Aucun fichier de sortie donné.");
    if (QString refusal = stationFileRefusal(store, path); !refusal.isEmpty())
        return refusal;
    if (QString refusal = notAFileRefusal(path); !refusal.isEmpty())
        return refusal;
    if (store.protection() == store::Store::Protection::Locked)
        return ExportsText::tr("L'export du PV demande la phrase secrète du bureau : sans "
                               "elle, le contrôle du fichier est partiel (--passphrase-file "
                               "FICHIER ou PLUME_PASSPHRASE_FILE).");
    return {};
}

} // namespace

bool exportPv(const store::Store &store, Format format, const QString &path, QString *error)
{
    if (const QString refusal = exportRefusal(store, path); !refusal.isEmpty())
        return failWith(error, refusal);
    try {
        store.requireIntact(); // an edited file exports nothing, not even a draft
        switch (format) {
        case Format::Json: {
            const auto doc = pvJson(store, error);
            return doc && writeFile(path, *doc, error);
        }
        case Format::Csv:
            return writeFile(path, pvCsv(buildPvReport(store)), error);
        case Format::Pdf:
            return writePvPdf(buildPvReport(store), path, error);
        }
    } catch (const store::StoreError &e) {
        return failWith(error, e.message());
    }
    return failWith(error, ExportsText::tr("Format d'export inconnu."));
}

} // namespace plume::closing
