// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/seal.h"

#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "store/store.h"
#include "sync/canonicaljson.h"
#include "sync/outbox.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace plume::sync {
namespace {

struct Seal
{
    Q_DECLARE_TR_FUNCTIONS(Seal)
};

const QString kRemarques = QStringLiteral("remarques");

// Limits of the ink in a sealed PV (docs/protocol.md §1).
constexpr int kMaxStrokesPerField = 200;
constexpr int kMaxPointsPerStroke = 3000;
constexpr int kMaxPointsPerPv = 200000;
constexpr qint64 kMaxDtMs = 3600000;
constexpr qint64 kMaxCoordinate = 100000; // hundredths of a millimetre

// A refusal inside the sealing transaction: rolls back everything (corrections included).
struct Refusal
{
    QString message;
};

QJsonValue countValue(const QString &v)
{
    bool ok = false;
    const qint64 n = v.trimmed().toLongLong(&ok);
    if (v.trimmed().isEmpty() || !ok || n < 0 || n > kMaxCanonicalInteger)
        return QJsonValue::Null;
    return n;
}

// "2026-11-22T19:58:01.250Z" (docs/protocol.md §1): toUTC(), as a QDateTime in the
// QTimeZone::utc() zone would be written with "+00:00", which HQ refuses.
QString isoMs(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs).toUTC().toString(Qt::ISODateWithMs);
}

// Flat [x, y, dt, ...] of a stroke: page hundredths of a millimetre, ms after its start. A
// stroke longer than the limit keeps every k-th point (and its last).
QJsonArray strokePoints(const forms::FormSpec &form, const ink::Stroke &s)
{
    const ink::Stroke mm = forms::strokeToMm(form, s);
    const qsizetype n = mm.dots.size();
    const qsizetype step = (n + kMaxPointsPerStroke - 1) / kMaxPointsPerStroke;
    QJsonArray p;
    for (qsizetype i = 0; i < n; i += std::max<qsizetype>(1, step)) {
        const qsizetype k = (i + step >= n && step > 1) ? n - 1 : i;
        const ink::Dot &d = mm.dots[k];
        p.append(std::clamp<qint64>(qRound64(d.x * 100), 0, kMaxCoordinate));
        p.append(std::clamp<qint64>(qRound64(d.y * 100), 0, kMaxCoordinate));
        p.append(std::clamp<qint64>(d.t - s.startMs, 0, kMaxDtMs));
    }
    return p;
}

// The handwriting of one field (docs/protocol.md §1, INK), or null without ink.
QJsonValue inkJson(const forms::FormSpec &form, const QVector<ink::Stroke> &strokes,
                   const QDateTime &decidedAt, qint64 &points)
{
    if (strokes.isEmpty())
        return QJsonValue::Null;
    qint64 first = strokes.first().startMs, last = first;
    for (const ink::Stroke &s : strokes) {
        first = std::min(first, s.startMs);
        for (const ink::Dot &d : s.dots)
            last = std::max(last, d.t);
    }
    QJsonArray out;
    bool late = false;
    for (const ink::Stroke &s : strokes) {
        // Late by the station's clock (when it stored the stroke) or by the pen's: a pen
        // clock set back does not hide ink added after the decision.
        const qint64 decided = decidedAt.isValid() ? decidedAt.toMSecsSinceEpoch() : 0;
        const bool strokeLate =
            decidedAt.isValid() && (s.startMs > decided || s.receivedMs > decided);
        late = late || strokeLate;
        const QJsonArray p = strokePoints(form, s);
        points += p.size() / 3;
        out.append(QJsonObject{{QStringLiteral("t"), s.startMs - first},
                               {QStringLiteral("late"), strokeLate},
                               {QStringLiteral("p"), p}});
    }
    return QJsonObject{{QStringLiteral("first_at"), isoMs(first)},
                       {QStringLiteral("last_at"), isoMs(last)},
                       {QStringLiteral("late_ink"), late},
                       {QStringLiteral("strokes"), out}};
}

QString ruleSentence(const forms::RuleFailure &f)
{
    return Seal::tr("règle %1 « %2 » (champs %3) : %4")
        .arg(forms::kindLabel(f.kind()), forms::ruleId(f.rule), f.fields.join(QStringLiteral(", ")),
             f.explanation);
}

// Why the PV cannot be sealed as it is, or "" when it can: missing decisions and
// impossible rules never; rules to explain only with a reason and two officials.
QString refusalFor(const CloseResult &r, const QString &reason, int officials)
{
    QStringList lines;
    if (!r.missing.isEmpty())
        lines << Seal::tr("champs sans décision d'un membre du bureau : %1 ; confirmez ou "
                          "saisissez ces valeurs, puis recommencez.")
                     .arg(r.missing.join(QStringLiteral(", ")));
    for (const forms::RuleFailure &f : r.failures)
        if (f.isImpossible() && f.rule != forms::PvRule::CountsMissing)
            lines << ruleSentence(f) + QLatin1Char(' ') + f.advice;
    const bool explained = forms::reasonLength(reason) >= forms::kMinReasonChars &&
                           officials >= forms::kMinOfficialsToExplain;
    if (forms::hasToExplain(r.failures) && !explained)
        for (const forms::RuleFailure &f : r.failures)
            if (!f.isImpossible())
                lines << ruleSentence(f) +
                             Seal::tr(" Il faut une raison écrite d'au moins %1 caractères "
                                      "et la signature d'au moins %2 membres du bureau.")
                                 .arg(forms::kMinReasonChars)
                                 .arg(forms::kMinOfficialsToExplain);
    if (lines.isEmpty())
        return {};
    return Seal::tr("Le PV ne peut pas être scellé : %1").arg(lines.join(QStringLiteral(" ; ")));
}

// The checks that fail before anything is written; "" when the request may proceed.
// *byReason: the refusal is for want of a reason or of officials.
QString precheck(const store::Store &store, const forms::FormSpec &form,
                 const CloseRequest &request, const QStringList &officials, bool alreadySealed,
                 bool *byReason)
{
    *byReason = officials.isEmpty();
    if (*byReason)
        return Seal::tr("Il faut au moins un membre du bureau pour clore le PV.");
    if (!stationPublicKey(store))
        return Seal::tr("Ce bureau n'a pas de clé de signature (créée par « station init »).");
    if (store.protection() == store::Store::Protection::Unprotected)
        return Seal::tr("Ce bureau n'a pas de phrase secrète : sa clé de signature n'est pas "
                        "protégée. Donnez-lui en une avant de sceller.");
    if (store.protection() == store::Store::Protection::Locked)
        return Seal::tr("Le bureau est verrouillé : il faut sa phrase secrète pour signer le PV.");
    const QString reason = request.reason.trimmed();
    // A new version is a correction after the seal: explained and signed as a rule to explain.
    *byReason = alreadySealed && (forms::reasonLength(reason) < forms::kMinReasonChars ||
                                  officials.size() < forms::kMinOfficialsToExplain);
    if (*byReason)
        return Seal::tr("Le PV est déjà scellé : une correction en fait une nouvelle version, qui "
                        "demande une raison écrite d'au moins %1 caractères (%2 pour l'instant) "
                        "et la signature d'au moins %3 membres du bureau (%4 pour l'instant).")
            .arg(forms::kMinReasonChars)
            .arg(forms::reasonLength(reason))
            .arg(forms::kMinOfficialsToExplain)
            .arg(officials.size());
    for (auto it = request.corrections.begin(); it != request.corrections.end(); ++it) {
        const forms::FieldSpec *spec = form.field(it.key());
        if (!spec || spec->boxes == 0)
            return Seal::tr("Le PV n'a pas de champ « %1 ».").arg(it.key());
        if (const QString why = forms::validateValue(*spec, it.value().trimmed()); !why.isEmpty())
            return Seal::tr("Valeur invalide pour %1 : %2").arg(it.key(), why);
    }
    *byReason = !request.corrections.isEmpty() && reason.isEmpty();
    if (*byReason)
        return Seal::tr("Une correction demande sa raison.");
    return {};
}

void decideAs(store::Store &store, const QString &field, const QString &value,
              const QString &official, store::DecisionSource source)
{
    const auto previous = store.latestDecision(store::kPvSheetId, field);
    store::Decision d;
    d.sheetId = store::kPvSheetId;
    d.field = field;
    d.value = value;
    d.previousValue = previous ? previous->value : QString();
    d.official = official;
    d.source = source;
    store.decide(d);
}

// A field's ink within the PV's limits. The first seal refuses more (the official strikes the
// stray ink of the open sheet); a correction cannot strike the sealed sheet's ink, so a flood
// added on the sealed paper would block every correction: it keeps the first strokes and
// the last (late, so that late_ink shows it), within 200 strokes and the field's share of
// the PV's points, and says what it leaves out.
QVector<ink::Stroke> inkWithinLimit(const QString &field, QVector<ink::Stroke> ink, bool correction,
                                    qint64 pointsShare, CloseResult &result)
{
    if (ink.isEmpty() || (!correction && ink.size() <= kMaxStrokesPerField))
        return ink;
    if (!correction)
        throw Refusal{Seal::tr("Le champ %1 porte %2 traits (au plus %3) : rayez l'encre "
                               "parasite avant de sceller.")
                          .arg(field)
                          .arg(ink.size())
                          .arg(kMaxStrokesPerField)};
    const qsizetype total = ink.size();
    const ink::Stroke last = ink.takeLast();
    ink.resize(std::min<qsizetype>(ink.size(), kMaxStrokesPerField - 1));
    // At most its share of the PV's points too (a pen's long strokes).
    const auto pointsOf = [](const ink::Stroke &st) {
        return std::min<qint64>(st.dots.size(), kMaxPointsPerStroke);
    };
    qint64 points = pointsOf(last);
    for (const ink::Stroke &st : std::as_const(ink))
        points += pointsOf(st);
    while (!ink.isEmpty() && points > pointsShare)
        points -= pointsOf(ink.takeLast());
    ink.append(last);
    const qsizetype leftOut = total - ink.size();
    if (leftOut == 0)
        return ink;
    result.inkLeftOut << Seal::tr("champ %1 : %n trait(s) ajouté(s) sur le papier laissé(s) "
                                  "hors de cette version (plus d'encre qu'un champ n'en porte) ; "
                                  "le fichier du bureau garde tout",
                                  nullptr, int(leftOut))
                             .arg(field);
    return ink;
}

// The decided value of every required field, with its ink (docs/protocol.md §1).
QJsonObject fieldsJson(const store::Store &store, const forms::FormSpec &form,
                       const QStringList &required, bool correction, CloseResult &result,
                       QHash<QString, QString> &values)
{
    const auto byField = forms::strokesByField(form, store.readInk(store::kPvSheetId));
    QJsonObject out;
    qint64 points = 0;
    for (const QString &f : required) {
        const auto d = store.latestDecision(store::kPvSheetId, f);
        if (!d || d->value.trimmed().isEmpty()) { // an empty decision is no value
            result.missing << f;
            continue;
        }
        values.insert(f, d->value);
        const QVector<ink::Stroke> ink = inkWithinLimit(f, byField.value(f), correction,
                                                        kMaxPointsPerPv / required.size(), result);
        out.insert(
            f,
            QJsonObject{{QStringLiteral("value"), d->value},
                        {QStringLiteral("source"), store::toString(d->source)},
                        {QStringLiteral("official"), d->official},
                        {QStringLiteral("decided_at"), d->decidedAt.toUTC().toString(Qt::ISODate)},
                        {QStringLiteral("ink"), inkJson(form, ink, d->decidedAt, points)}});
    }
    if (points > kMaxPointsPerPv)
        throw Refusal{Seal::tr("L'encre du PV compte %1 points (au plus %2) : rayez l'encre "
                               "parasite avant de sceller.")
                          .arg(points)
                          .arg(kMaxPointsPerPv)};
    return out;
}

// Signs the chain's head as a checkpoint and returns the PV's `audit` anchor.
QJsonObject anchorChain(store::Store &store, const KeyPair &keys, const QString &actor,
                        qint64 pvVersion)
{
    const auto [length, head] = store.auditHead();
    store::Checkpoint c;
    c.length = length;
    c.head = head;
    c.signature = sign(store.checkpointMessage(length, head), keys.secretKey);
    store.addCheckpoint(c, actor, pvVersion);
    return QJsonObject{{QStringLiteral("length"), length}, {QStringLiteral("head"), head}};
}

QJsonObject pvPayload(const store::ElectionConfig &election, const QHash<QString, QString> &values)
{
    QJsonObject counts;
    for (const QString &f : forms::pvCountFields(election))
        if (!f.startsWith(QLatin1String("voix.")))
            counts.insert(f, countValue(values.value(f)));
    QJsonArray candidates;
    for (const store::Candidate &c : election.candidates)
        candidates.append(QJsonObject{
            {QStringLiteral("id"), c.id},
            {QStringLiteral("name"), c.name},
            {QStringLiteral("order"), c.order},
            {QStringLiteral("voix"), countValue(values.value(QStringLiteral("voix.") + c.id))}});
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("pv")},
        {QStringLiteral("election"), QJsonObject{{QStringLiteral("id"), election.electionId},
                                                 {QStringLiteral("name"), election.electionName},
                                                 {QStringLiteral("round"), election.round},
                                                 {QStringLiteral("date"), election.date}}},
        {QStringLiteral("station"), QJsonObject{{QStringLiteral("code"), election.stationCode},
                                                {QStringLiteral("name"), election.stationName},
                                                {QStringLiteral("commune"), election.commune}}},
        {QStringLiteral("counts"), counts},
        {QStringLiteral("candidates"), candidates},
        {QStringLiteral("missing"), QJsonArray()},
    };
}

// Records the officials' explanation in the remarks (kept with the PV) when needed.
// A reason as the remarks are searched for it: only its words count, not spaces, line
// breaks, capitals, accents or punctuation (the same reason typed again as "recomptage.",
// with ’ for ', "electeur" for "électeur" or between brackets was appended and sealed a
// version that changed nothing: reviews, 2026-12-01).
QString reasonKey(const QString &text)
{
    QString key;
    for (const QChar c : text.normalized(QString::NormalizationForm_KD).toCaseFolded()) {
        if (c.isLetterOrNumber())
            key += c;
        else if (!c.isMark() && !key.endsWith(QLatin1Char(' ')))
            key += QLatin1Char(' ');
    }
    return key.trimmed();
}

std::optional<store::Decision> recordRemarks(store::Store &store, const QString &reason,
                                             bool needed, const QString &official)
{
    auto remarks = store.latestDecision(store::kPvSheetId, kRemarques);
    if (reason.isEmpty() || !needed)
        return remarks;
    QString text = remarks ? remarks->value.trimmed() : QString();
    const QString space(QLatin1Char(' '));
    const QString said = space + reasonKey(text) + space;
    if (said.contains(space + reasonKey(reason) + space))
        return remarks;
    text = text.isEmpty() ? reason : text + QLatin1Char('\n') + reason;
    decideAs(store, kRemarques, text, official, store::DecisionSource::Typed);
    return store.latestDecision(store::kPvSheetId, kRemarques);
}

// The officials who sign, as the election lists them, each once; and the names given that
// it does not list (forms::listedOfficial).
struct Signatories
{
    QStringList listed, unlisted;
};

Signatories signatoriesOf(const store::ElectionConfig &election, const QStringList &names)
{
    Signatories out;
    for (const QString &name : names) {
        const QString listed = forms::listedOfficial(election, name);
        if (!listed.isEmpty())
            out.listed << listed;
        else if (!forms::visibleText(name).isEmpty())
            out.unlisted << name;
    }
    out.listed = forms::distinctOfficials(out.listed);
    return out;
}

struct PvToSeal
{
    forms::FormSpec form;
    bool alreadySealed = false;
    bool sealedAgain = false; // sealed, and nothing new asked: `close` run again
};

// No correction and no reason for a sealed PV: `close` run again (a script's retry, a run
// killed once it had sealed), not a new version. It was refused as a correction without its
// reason (exit 1), and the contact sheets a kill left unbatched stayed so.
bool nothingNewAsked(const CloseRequest &request)
{
    return request.corrections.isEmpty() && request.reason.trimmed().isEmpty();
}

// Corrections typed in the window on the PV and not confirmed (store drafts, kept across a
// restart): the officials have not said their last word on those fields, so nothing is
// sealed. Those of contact sheets hold their own sheet (queueReadyContacts), not the PV.
QString draftsRefusal(const store::Store &store, const forms::FormSpec &form)
{
    QStringList fields;
    int unreadable = 0;
    for (const store::Draft &d : store.drafts(store::kPvSheetId)) {
        // One that does not decrypt was not written by Plume with the station's key: its
        // field is whatever sqlite3 put there (terminal escapes, a fake instruction), never
        // echoed. The window sets it aside when it opens the file.
        if (!d.readable)
            ++unreadable;
        else if (const forms::FieldSpec *f = form.field(d.field))
            fields << f->label;
        else
            ++unreadable; // no field of the PV: not Plume's either
    }
    QStringList why;
    if (!fields.isEmpty())
        why << Seal::tr(
                   "Des corrections ont été saisies dans Plume sans être confirmées : %1. "
                   "Ouvrez la fenêtre de Plume et, pour chacune, confirmez-la par Entrée ou "
                   "abandonnez-la par Échap (ou plumectl drafts drop), puis scellez de nouveau.")
                   .arg(fields.join(QStringLiteral(", ")));
    if (unreadable > 0)
        why << Seal::tr("%n correction(s) non confirmée(s) illisible(s) dans le fichier (modifié "
                        "hors de Plume ?) : fermez puis rouvrez la fenêtre de Plume, qui les "
                        "écarte (ou plumectl drafts drop --unreadable), puis scellez de "
                        "nouveau.",
                        nullptr, unreadable);
    return why.join(QLatin1Char(' '));
}

// What every seal checks first, in this order (throws Refusal): the file's integrity — a file
// edited outside Plume (sqlite3 on decisions, a truncated or recomputed audit chain) is never
// signed, and the officials learn it before they are asked for a reason or their names; the
// store's own message names the row and what to do —, then the PV sheet and its form, then
// precheck(). Run inside the sealing transaction (BEGIN IMMEDIATE): nothing is written between
// the check and the seal, and the sheet's state is the one the seal starts from.
PvToSeal checkedPv(const store::Store &store, const CloseRequest &request,
                   const Signatories &officials, CloseResult &result)
{
    if (const store::CheckResult integrity = store.check(); !integrity.ok) {
        result.altered = true;
        throw Refusal{integrity.message};
    }
    if (!officials.unlisted.isEmpty()) {
        result.unlistedOfficials = true;
        throw Refusal{forms::unlistedOfficialMessage(store.election(), officials.unlisted.first())};
    }
    if (officials.listed.isEmpty()) { // run again too: a kill's contact sheets need an official
        result.needsReasonOrOfficials = true;
        throw Refusal{Seal::tr("Il faut au moins un membre du bureau pour clore le PV.")};
    }
    const auto sheet = store.sheet(store::kPvSheetId);
    QString formError;
    const auto form = forms::loadForm(QStringLiteral("pv"), store.election(), &formError);
    if (!sheet || !form)
        throw Refusal{sheet ? formError : Seal::tr("Ce fichier n'a pas de feuille PV.")};
    if (const QString why = draftsRefusal(store, *form); !why.isEmpty())
        throw Refusal{why};
    PvToSeal pv{*form, sheet->state == store::SheetState::Sealed};
    pv.sealedAgain = pv.alreadySealed && nothingNewAsked(request);
    if (pv.sealedAgain)
        return pv;
    if (pv.alreadySealed && store.maxOutboxVersion(kKindPv) >= forms::kMaxPvVersion)
        throw Refusal{Seal::tr("Le PV a déjà %1 versions, le plus que le siège accepte : une "
                               "autre correction se fait avec le siège, hors de Plume.")
                          .arg(forms::kMaxPvVersion)};
    if (const QString why = precheck(store, pv.form, request, officials.listed, pv.alreadySealed,
                                     &result.needsReasonOrOfficials);
        !why.isEmpty())
        throw Refusal{why};
    return pv;
}

// What a version reports beside its numbers: the station's code and each field's ink, its
// strokes' points (not when they were decided, which a correction changes).
QJsonObject codeAndInk(const QJsonObject &payload)
{
    const QJsonObject fields = payload.value(QStringLiteral("fields")).toObject();
    QJsonObject out{
        {QStringLiteral("code_bureau"),
         fields.value(QStringLiteral("code_bureau")).toObject().value(QStringLiteral("value"))}};
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        QJsonArray points;
        const QJsonObject ink = it.value().toObject().value(QStringLiteral("ink")).toObject();
        for (const QJsonValue &stroke : ink.value(QStringLiteral("strokes")).toArray())
            points.append(stroke.toObject().value(QStringLiteral("p")));
        out.insert(it.key(), points);
    }
    return out;
}

// Whether a new version would report what the last one did: its counts, votes, remarks,
// station code and ink. A "correction" of 85 into 85 (or 085) sealed a new version, used
// one of the 20 and showed at HQ as a late correction; ink added on the sealed PV still
// makes a new version, which carries it (reviews, 2026-12-01).
bool sameReport(const QJsonObject &next, const QJsonObject &last)
{
    for (const char *key : {"counts", "candidates", "remarques"})
        if (next.value(QLatin1String(key)) != last.value(QLatin1String(key)))
            return false;
    return codeAndInk(next) == codeAndInk(last);
}

// `close` run again on a sealed PV: its latest version is the answer, nothing written.
void answerSealedAlready(const store::Store &store, CloseResult &result)
{
    const QVector<Submission> versions = sealedPvVersions(store);
    if (versions.isEmpty()) // sealed without a version in the outbox: not Plume's doing
        throw Refusal{Seal::tr("Le PV est marqué scellé, mais sa version signée manque dans le "
                               "fichier (modifié hors de Plume ?).")};
    result.pv = versions.last();
    result.sealed = true;
    result.alreadySealed = true;
}

// The corrections asked, recorded as `confirm` records a value (a count without its leading
// zeros); one that gives the value already decided is no correction and records nothing
// (review of 2026-12-02: --correct voix.x=085 over 85 was signed as "085", source corrected).
void applyCorrections(store::Store &store, const forms::FormSpec &form, const CloseRequest &request,
                      const QString &official)
{
    for (auto it = request.corrections.begin(); it != request.corrections.end(); ++it) {
        const QString value = forms::recordedValue(*form.field(it.key()), it.value().trimmed());
        const auto current = store.latestDecision(store::kPvSheetId, it.key());
        if (!current || current->value != value)
            decideAs(store, it.key(), value, official, store::DecisionSource::Corrected);
    }
}

// The sealing transaction's body: checks, then seals (throws Refusal to roll back).
void sealInTransaction(store::Store &store, const CloseRequest &request,
                       const Signatories &signatories, CloseResult &result)
{
    const auto [form, alreadySealed, sealedAgain] = checkedPv(store, request, signatories, result);
    if (sealedAgain) {
        answerSealedAlready(store, result);
        return;
    }
    const QStringList &officials = signatories.listed;
    const store::ElectionConfig election = store.election();
    const QString reason = request.reason.trimmed();
    applyCorrections(store, form, request, officials.first());
    QHash<QString, QString> values;
    const QJsonObject fields =
        fieldsJson(store, form, requiredPvFields(store), alreadySealed, result, values);
    result.failures = forms::checkPv(values, election);
    const auto existing = store.latestDecision(store::kPvSheetId, kRemarques);
    const QString explanation = reason.isEmpty() && existing ? existing->value.trimmed() : reason;
    if (const QString why = refusalFor(result, explanation, int(officials.size()));
        !why.isEmpty()) {
        result.needsReasonOrOfficials =
            result.missing.isEmpty() && !forms::hasImpossible(result.failures);
        throw Refusal{why};
    }
    const auto remarks = recordRemarks(store, reason, !result.failures.isEmpty() || !alreadySealed,
                                       officials.first());
    const auto keys = stationKeys(store);
    if (!keys)
        throw Refusal{Seal::tr("La clé de signature du bureau est illisible.")};
    Outbox outbox(store);
    const qint64 version = outbox.maxVersion(kKindPv) + 1;
    const auto versions = version > 1 ? sealedPvVersions(store) : QVector<Submission>();
    QJsonObject payload = pvPayload(election, values);
    payload.insert(QStringLiteral("version"), version);
    payload.insert(QStringLiteral("previous_sha256"),
                   versions.isEmpty() ? QString() : versions.last().sha256);
    payload.insert(QStringLiteral("correction_reason"), alreadySealed ? reason : QString());
    payload.insert(QStringLiteral("sealed_at"),
                   QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    payload.insert(QStringLiteral("officials"), QJsonArray::fromStringList(officials));
    payload.insert(QStringLiteral("remarques"), remarks ? remarks->value : QString());
    payload.insert(QStringLiteral("checks"), forms::toJson(result.failures));
    payload.insert(QStringLiteral("fields"), fields);
    if (!versions.isEmpty() && sameReport(payload, versions.last().payload))
        throw Refusal{Seal::tr("Rien ne change depuis la version %1 du PV (mêmes nombres, même "
                               "code, mêmes observations, même encre) : pas de nouvelle "
                               "version.")
                          .arg(versions.last().version)};
    payload.insert(QStringLiteral("audit"), anchorChain(store, *keys, officials.first(), version));
    const Submission s = Submission::create(kKindPv, version, election.stationCode, payload, *keys);
    outbox.insert(s);
    if (!alreadySealed)
        store.setSheetState(store::kPvSheetId, store::SheetState::Sealed, officials.first());
    store.appendAudit(
        officials.first(), QStringLiteral("pv.sealed"), store::kPvSheetId,
        QJsonObject{{QStringLiteral("version"), version},
                    {QStringLiteral("uuid"), s.uuid},
                    {QStringLiteral("sha256"), s.sha256},
                    {QStringLiteral("reason"), reason},
                    {QStringLiteral("officials"), QJsonArray::fromStringList(officials)}});
    result.pv = s;
    result.sealed = true;
}

} // namespace

QStringList requiredPvFields(const store::Store &store)
{
    const store::ElectionConfig election = store.election();
    QStringList fields = forms::pvCountFields(election);
    // The station's code is the election's, not the form file's to drop: a form made with
    // `required: false` (PLUME_FORMS_DIR) sealed a PV whose code was another station's.
    if (!election.stationCode.isEmpty())
        fields << QStringLiteral("code_bureau");
    QString error;
    if (const auto form = forms::loadForm(QStringLiteral("pv"), election, &error)) {
        for (const forms::FieldSpec &f : form->fields)
            if (f.required && f.boxes > 0 && !fields.contains(f.name))
                fields << f.name;
    }
    return fields;
}

CloseResult closePv(store::Store &store, const CloseRequest &request)
{
    CloseResult result;
    const Signatories officials = signatoriesOf(store.election(), request.officials);
    try {
        store.transaction([&] { sealInTransaction(store, request, officials, result); });
    } catch (const Refusal &r) {
        result.error = r.message; // rolled back: nothing written
        result.sealed = false;
        result.pv.reset();
        return result;
    }
    try {
        result.contactBatches = queueReadyContacts(store, officials.listed.first(), true);
    } catch (const store::StoreError &e) {
        result.contactsError = e.message();
    }
    return result;
}

namespace {

struct ReadySheet
{
    QString sheet;
    QJsonObject fields;
    QDateTime readySince; // when its last decision made it complete
};

// Open contact sheets with consent "oui" and every required field decided, not held.
QVector<ReadySheet> readyContacts(const store::Store &store, const forms::FormSpec &form,
                                  const QSet<QString> &held)
{
    QVector<ReadySheet> ready;
    for (const store::Sheet &sh : store.sheets()) {
        if (sh.form != QLatin1String("contact") || sh.state != store::SheetState::Open ||
            held.contains(sh.id))
            continue;
        const auto consent = store.latestDecision(sh.id, QStringLiteral("consentement"));
        if (!consent || consent->value != QLatin1String("oui"))
            continue; // no consent: never sent
        // HQ refuses a contact that does not carry its consent (docs/protocol.md §2).
        ReadySheet r{sh.id, {{QStringLiteral("consentement"), consent->value}}, consent->decidedAt};
        bool complete = true;
        for (const forms::FieldSpec &f : form.fields) {
            if (f.boxes == 0 || f.name == QLatin1String("consentement"))
                continue;
            const auto d = store.latestDecision(sh.id, f.name);
            if (d && !d->value.isEmpty()) {
                r.fields.insert(f.name, d->value);
                r.readySince = std::max(r.readySince, d->decidedAt);
            } else if (f.required) {
                complete = false;
            }
        }
        if (complete)
            ready.append(r);
    }
    return ready;
}

} // namespace

namespace {

// Whether the ready sheets make a batch now: forced, a full batch, or the oldest waited long
// enough.
bool batchDue(const QVector<ReadySheet> &ready, bool force, const ContactPolicy &policy,
              const QDateTime &now)
{
    QDateTime oldest = ready.first().readySince;
    for (const ReadySheet &r : ready)
        oldest = std::min(oldest, r.readySince);
    return force || ready.size() >= policy.maxPerBatch ||
           oldest.secsTo(now.isValid() ? now : QDateTime::currentDateTimeUtc()) >=
               policy.maxWaitSeconds;
}

// One batch of ready[from, to): signed, queued, its sheets sealed, audited.
Submission queueBatch(store::Store &store, const QString &actor, const QVector<ReadySheet> &ready,
                      qsizetype from, qsizetype to, const KeyPair &keys)
{
    const store::ElectionConfig election = store.election();
    Outbox outbox(store);
    QJsonArray contacts;
    for (qsizetype j = from; j < to; ++j)
        contacts.append(QJsonObject{{QStringLiteral("sheet"), ready[j].sheet},
                                    {QStringLiteral("fields"), ready[j].fields}});
    const qint64 batch = outbox.maxVersion(kKindContacts) + 1;
    const QJsonObject payload{{QStringLiteral("type"), QStringLiteral("contacts")},
                              {QStringLiteral("election"), election.electionId},
                              {QStringLiteral("batch"), batch},
                              {QStringLiteral("contacts"), contacts}};
    const Submission s =
        Submission::create(kKindContacts, batch, election.stationCode, payload, keys);
    outbox.insert(s);
    for (qsizetype j = from; j < to; ++j)
        store.setSheetState(ready[j].sheet, store::SheetState::Sealed, actor);
    store.appendAudit(actor, QStringLiteral("contacts.batched"), s.uuid,
                      QJsonObject{{QStringLiteral("batch"), batch},
                                  {QStringLiteral("count"), int(contacts.size())}});
    return s;
}

} // namespace

// The sheets are chosen inside the write transaction: chosen before it, four `contacts
// queue` run at once each batched the same sheet, and HQ stored and exported one voter
// three times (a review, 2026-12-01).
QVector<Submission> queueReadyContacts(store::Store &store, const QString &actor, bool force,
                                       const ContactPolicy &policy, const QDateTime &now,
                                       const QSet<QString> &held)
{
    const auto form = forms::loadForm(QStringLiteral("contact"), store.election());
    if (!form || !stationPublicKey(store))
        return {};
    QVector<Submission> out;
    store.transaction([&] {
        // The key too is read in the transaction: read before it, a `station rekey`
        // committed meanwhile left the batch signed with the old key (a review of 2026-12-02).
        const auto keys = stationKeys(store);
        if (!keys)
            return;
        // A draft in the file (the window's, or one left by a crash) holds its sheet back for
        // every process: the window and `plumectl sync` alike.
        const QVector<ReadySheet> ready =
            readyContacts(store, *form, held + store.sheetsWithDrafts());
        if (ready.isEmpty() || !batchDue(ready, force, policy, now))
            return;
        // What the station signs is what its audit log says: a contact value written with
        // sqlite3 was signed, exported and stored by HQ (review of 2026-11-30).
        store.requireIntact();
        for (qsizetype i = 0; i < ready.size(); i += policy.maxPerBatch)
            out.append(queueBatch(store, actor, ready, i,
                                  std::min(ready.size(), i + qsizetype(policy.maxPerBatch)),
                                  *keys));
    });
    return out;
}

namespace {

// The contact batch that holds a sheet: its outbox row and the other sheets in it.
struct HoldingBatch
{
    store::OutboxRow row;
    QStringList others;
};

std::optional<HoldingBatch> batchHolding(const store::Store &store, const QString &sheetId)
{
    for (const store::OutboxRow &row : store.outboxRows(false)) {
        if (row.kind != kKindContacts)
            continue;
        QStringList others = store::Store::contactSheetsOf(row.payload);
        if (others.removeAll(sheetId) > 0)
            return HoldingBatch{row, others};
    }
    return std::nullopt;
}

// What headquarters runs to erase the voter of a delivered sheet (docs/hq.md#erase).
// With the batch: HQ erases the sheet at once, or when that batch arrives (an offline file
// not imported yet, a send whose answer was lost).
QString hqEraseCommand(const store::Store &store, const QString &sheetId, qint64 batch)
{
    return QStringLiteral("plume-hq contacts erase --station %1 --sheet %2 --batch %3")
        .arg(store.election().stationCode, sheetId)
        .arg(batch);
}

// Why a sheet's consent can no longer be withdrawn at the station, or empty.
QString withdrawalRefusal(const store::Store &store, const QString &sheetId,
                          const std::optional<HoldingBatch> &batch)
{
    if (store.protection() == store::Store::Protection::Locked)
        return Seal::tr("Le bureau est verrouillé : il faut sa phrase secrète pour lire le lot "
                        "qui contient la fiche.");
    if (!batch)
        return Seal::tr("La fiche %1 n'est dans aucun lot en attente : elle a déjà été remise "
                        "au siège et effacée du bureau, ou effacée.")
            .arg(sheetId);
    if (batch->row.state == store::OutboxState::Delivered)
        return Seal::tr("La fiche %1 a été remise au siège (lot %2) : le retrait du "
                        "consentement se demande maintenant au siège, qui l'efface avec "
                        "« %3 ».")
            .arg(sheetId)
            .arg(batch->row.version)
            .arg(hqEraseCommand(store, sheetId, batch->row.version));
    if (batch->row.state != store::OutboxState::Queued || batch->row.attempts > 0)
        return Seal::tr("Le lot %1, qui contient la fiche %2, a déjà été présenté au siège, qui "
                        "a pu le recevoir : le retrait du consentement se demande au siège, qui "
                        "l'efface avec « %3 ».")
            .arg(batch->row.version)
            .arg(sheetId, hqEraseCommand(store, sheetId, batch->row.version));
    return {};
}

} // namespace

WithdrawalResult withdrawConsent(store::Store &store, const QString &sheetId,
                                 const QString &official)
{
    WithdrawalResult result;
    const auto sheet = store.sheet(sheetId);
    if (!sheet || !store::Store::isContactSheet(sheetId) ||
        sheet->state != store::SheetState::Sealed) {
        result.error = Seal::tr("La fiche %1 n'est pas une fiche contact mise en lot pour le "
                                "siège.")
                           .arg(sheetId);
        return result;
    }
    const auto batch = batchHolding(store, sheetId);
    result.error = withdrawalRefusal(store, sheetId, batch);
    if (!result.error.isEmpty())
        return result;
    store.requireIntact(); // what is signed again is what the audit log says
    store.transaction([&] {
        store.withdrawOutbox(batch->row.uuid,
                             Seal::tr("retiré : un électeur du lot a retiré son consentement"),
                             official);
        for (const QString &id : batch->others + QStringList{sheetId})
            store.setSheetState(id, store::SheetState::Open, official);
        store::Decision d;
        d.sheetId = sheetId;
        d.field = QStringLiteral("consentement");
        d.value = QStringLiteral("non");
        d.previousValue = QStringLiteral("oui");
        d.official = official;
        store.decide(d); // erases the sheet, as any "non"
    });
    QSet<QString> notInBatch;
    for (const store::Sheet &sh : store.sheets())
        if (!batch->others.contains(sh.id))
            notInBatch.insert(sh.id);
    ContactPolicy policy;
    result.withdrawnBatch = batch->row.version;
    result.rebatched = queueReadyContacts(store, official, true, policy, {}, notInBatch);
    return result;
}

QVector<Submission> batchContacts(store::Store &store, const QString &actor, int maxPerBatch)
{
    ContactPolicy policy;
    policy.maxPerBatch = maxPerBatch;
    return queueReadyContacts(store, actor, true, policy);
}

QVector<Submission> sealedPvVersions(const store::Store &store)
{
    QVector<Submission> out;
    // Outbox needs a non-const Store only for writes.
    Outbox outbox(const_cast<store::Store &>(store));
    for (const OutboxItem &it : outbox.list())
        if (it.kind == kKindPv)
            if (auto s = it.submission())
                out.append(*s);
    return out;
}

QByteArray sealedDocumentJson(const Submission &s, const QByteArray &publicKey)
{
    return "{\"public_key\":\"" + publicKey.toBase64() + "\",\"sha256\":\"" + s.sha256.toLatin1() +
           "\",\"signature\":\"" + s.signature.toLatin1() + "\",\"signed\":" + s.signedBytes +
           "}\n";
}

bool verifySealedDocument(const QByteArray &json, const QByteArray &publicKey, QString *why)
{
    auto failWith = [&](const QString &w) {
        if (why)
            *why = w;
        return false;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return failWith(Seal::tr("ce n'est pas un objet JSON"));
    const QJsonObject o = doc.object();
    QByteArray key = publicKey;
    if (key.isEmpty()) {
        const auto k =
            decodeBase64Strict(o.value(QStringLiteral("public_key")).toString().toLatin1());
        if (!k)
            return failWith(Seal::tr("pas de clé publique valide (public_key)"));
        key = *k;
    }
    QString cerr;
    const auto bytes = canonicalJson(o.value(QStringLiteral("signed")), &cerr);
    if (!o.value(QStringLiteral("signed")).isObject() || !bytes)
        return failWith(Seal::tr("« signed » manque ou ne peut pas être mis en forme canonique"));
    Submission s;
    s.signedBytes = *bytes;
    s.sha256 = o.value(QStringLiteral("sha256")).toString();
    s.signature = o.value(QStringLiteral("signature")).toString();
    if (!verifySubmission(s, key, why))
        return false;
    // Byte for byte: the document must be exactly what sealedDocumentJson writes.
    const auto docKey =
        decodeBase64Strict(o.value(QStringLiteral("public_key")).toString().toLatin1());
    if (!docKey || json.trimmed() != sealedDocumentJson(s, *docKey).trimmed())
        return failWith(Seal::tr("le document n'est pas dans sa forme canonique"));
    return true;
}

} // namespace plume::sync
