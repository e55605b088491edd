#include "sync/seal.h"

#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "store/store.h"
#include "sync/canonicaljson.h"
#include "sync/outbox.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace plume::sync {
namespace {

const QString kRemarques = QStringLiteral("remarques");

QJsonValue countValue(const QString &v)
{
    bool ok = false;
    const qint64 n = v.trimmed().toLongLong(&ok);
    if (v.trimmed().isEmpty() || !ok || n < 0 || n > kMaxCanonicalInteger)
        return QJsonValue::Null;
    return n;
}

} // namespace

QStringList requiredPvFields(const store::Store &store)
{
    const store::ElectionConfig election = store.election();
    QStringList fields = forms::pvCountFields(election);
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
    QStringList officials;
    for (const QString &o : request.officials)
        if (!o.trimmed().isEmpty())
            officials << o.trimmed();
    if (officials.isEmpty()) {
        result.error = QStringLiteral("at least one official must close the PV");
        return result;
    }
    const auto keys = stationKeys(store);
    if (!keys) {
        result.error = QStringLiteral("this station has no signing key (created by station init)");
        return result;
    }
    const auto sheet = store.sheet(store::kPvSheetId);
    if (!sheet) {
        result.error = QStringLiteral("this station file has no PV sheet");
        return result;
    }
    const QString reason = request.reason.trimmed();
    const bool alreadySealed = sheet->state == QLatin1String("sealed");
    if (alreadySealed && reason.isEmpty()) {
        result.error = QStringLiteral("the PV is already sealed: a change makes a new version, "
                                      "give its reason (--reason)");
        return result;
    }
    const store::ElectionConfig election = store.election();
    QString formError;
    const auto form = forms::loadForm(QStringLiteral("pv"), election, &formError);
    if (!form) {
        result.error = formError;
        return result;
    }
    for (auto it = request.corrections.begin(); it != request.corrections.end(); ++it) {
        const forms::FieldSpec *spec = form->field(it.key());
        if (!spec || spec->boxes == 0) {
            result.error = QStringLiteral("the PV has no field '%1'").arg(it.key());
            return result;
        }
        if (const QString why = forms::validateValue(*spec, it.value().trimmed()); !why.isEmpty()) {
            result.error = QStringLiteral("invalid value for %1: %2").arg(it.key(), why);
            return result;
        }
    }
    if (!request.corrections.isEmpty() && reason.isEmpty()) {
        result.error = QStringLiteral("a correction needs its reason (--reason)");
        return result;
    }

    Outbox outbox(store);
    store.transaction([&] {
        // Corrections are decisions like any other (audited), then the checks run on them.
        for (auto it = request.corrections.begin(); it != request.corrections.end(); ++it) {
            const auto previous = store.latestDecision(store::kPvSheetId, it.key());
            store::Decision d;
            d.sheetId = store::kPvSheetId;
            d.field = it.key();
            d.value = it.value().trimmed();
            d.previousValue = previous ? previous->value : QString();
            d.official = officials.first();
            d.source = store::DecisionSource::Corrected;
            store.decide(d);
        }

        const QStringList required = requiredPvFields(store);
        QHash<QString, QString> values;
        QJsonObject fieldsJson;
        for (const QString &f : required) {
            const auto d = store.latestDecision(store::kPvSheetId, f);
            if (!d) {
                result.missing << f;
                continue;
            }
            values.insert(f, d->value);
            fieldsJson.insert(f, QJsonObject{{QStringLiteral("value"), d->value},
                                             {QStringLiteral("source"), store::toString(d->source)},
                                             {QStringLiteral("official"), d->official},
                                             {QStringLiteral("decided_at"),
                                              d->decidedAt.toUTC().toString(Qt::ISODate)},
                                             {QStringLiteral("ink"), QJsonValue::Null}});
        }
        result.failures = forms::checkPv(values, election);
        auto remarks = store.latestDecision(store::kPvSheetId, kRemarques);
        const bool needsRemarks = !result.missing.isEmpty() || !result.failures.isEmpty();
        if (needsRemarks && reason.isEmpty() && (!remarks || remarks->value.trimmed().isEmpty())) {
            QStringList lines;
            if (!result.missing.isEmpty())
                lines << QStringLiteral("fields without a decision: ") +
                             result.missing.join(QStringLiteral(", "));
            for (const forms::RuleFailure &f : std::as_const(result.failures))
                lines << f.explanation;
            result.error = QStringLiteral("the PV cannot be sealed: %1; confirm the values or "
                                          "record the reason in the remarks (--reason)")
                               .arg(lines.join(QStringLiteral("; ")));
            return; // nothing written: the transaction commits only the corrections
        }
        if (!reason.isEmpty() && (needsRemarks || !alreadySealed)) {
            // The officials' explanation goes into the remarks (kept with the PV).
            QString text = remarks ? remarks->value.trimmed() : QString();
            if (!text.contains(reason))
                text = text.isEmpty() ? reason : text + QLatin1Char('\n') + reason;
            store::Decision d;
            d.sheetId = store::kPvSheetId;
            d.field = kRemarques;
            d.value = text;
            d.previousValue = remarks ? remarks->value : QString();
            d.official = officials.first();
            d.source = store::DecisionSource::Typed;
            store.decide(d);
            remarks = store.latestDecision(store::kPvSheetId, kRemarques);
        }

        const qint64 version = outbox.maxVersion(kKindPv) + 1;
        QString previousSha;
        if (version > 1) {
            const auto versions = sealedPvVersions(store);
            if (!versions.isEmpty())
                previousSha = versions.last().sha256;
        }
        QJsonObject counts;
        for (const QString &f : forms::pvCountFields(election))
            if (!f.startsWith(QLatin1String("voix.")))
                counts.insert(f, countValue(values.value(f)));
        QJsonArray candidates;
        for (const store::Candidate &c : election.candidates)
            candidates.append(
                QJsonObject{{QStringLiteral("id"), c.id},
                            {QStringLiteral("name"), c.name},
                            {QStringLiteral("order"), c.order},
                            {QStringLiteral("voix"),
                             countValue(values.value(QStringLiteral("voix.") + c.id))}});
        QJsonObject payload{
            {QStringLiteral("type"), QStringLiteral("pv")},
            {QStringLiteral("election"),
             QJsonObject{{QStringLiteral("id"), election.electionId},
                         {QStringLiteral("name"), election.electionName},
                         {QStringLiteral("round"), election.round},
                         {QStringLiteral("date"), election.date}}},
            {QStringLiteral("station"), QJsonObject{{QStringLiteral("code"), election.stationCode},
                                                    {QStringLiteral("name"), election.stationName},
                                                    {QStringLiteral("commune"), election.commune}}},
            {QStringLiteral("version"), version},
            {QStringLiteral("previous_sha256"), previousSha},
            {QStringLiteral("correction_reason"), alreadySealed ? reason : QString()},
            {QStringLiteral("sealed_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
            {QStringLiteral("officials"), QJsonArray::fromStringList(officials)},
            {QStringLiteral("counts"), counts},
            {QStringLiteral("candidates"), candidates},
            {QStringLiteral("remarques"), remarks ? remarks->value : QString()},
            {QStringLiteral("checks"), forms::toJson(result.failures)},
            {QStringLiteral("missing"), QJsonArray::fromStringList(result.missing)},
            {QStringLiteral("fields"), fieldsJson},
        };
        // Interim anchor of docs/protocol.md (replaced by the station-integrity work).
        const QVector<store::AuditEntry> audit = store.auditLog();
        payload.insert(QStringLiteral("audit"),
                       QJsonObject{{QStringLiteral("length"), qint64(audit.size())},
                                   {QStringLiteral("head"),
                                    audit.isEmpty() ? QString() : audit.constLast().hash}});
        const Submission s =
            Submission::create(kKindPv, version, election.stationCode, payload, *keys);
        outbox.insert(s);
        if (!alreadySealed)
            store.setSheetState(store::kPvSheetId, QStringLiteral("sealed"), officials.first());
        store.appendAudit(
            officials.first(), QStringLiteral("pv.sealed"), store::kPvSheetId,
            QJsonObject{{QStringLiteral("version"), version},
                        {QStringLiteral("uuid"), s.uuid},
                        {QStringLiteral("sha256"), s.sha256},
                        {QStringLiteral("reason"), reason},
                        {QStringLiteral("officials"), QJsonArray::fromStringList(officials)}});
        result.pv = s;
        result.sealed = true;
    });
    if (result.sealed) {
        try {
            result.contactBatches = batchContacts(store, officials.first());
        } catch (const store::StoreError &e) {
            result.contactsError = e.message();
        }
    }
    return result;
}

QVector<Submission> batchContacts(store::Store &store, const QString &actor, int maxPerBatch)
{
    QVector<Submission> out;
    const auto keys = stationKeys(store);
    if (!keys)
        return out;
    const store::ElectionConfig election = store.election();
    const auto form = forms::loadForm(QStringLiteral("contact"), election);
    if (!form)
        return out;
    struct Ready
    {
        QString sheet;
        QJsonObject fields;
    };
    QVector<Ready> ready;
    for (const store::Sheet &sh : store.sheets()) {
        if (sh.form != QLatin1String("contact") || sh.state == QLatin1String("sealed") ||
            sh.state == QLatin1String("purged"))
            continue;
        const auto consent = store.latestDecision(sh.id, QStringLiteral("consentement"));
        if (!consent || consent->value != QLatin1String("oui"))
            continue; // no consent: never sent
        QJsonObject fields;
        bool complete = true;
        for (const forms::FieldSpec &f : form->fields) {
            if (f.boxes == 0)
                continue;
            const auto d = store.latestDecision(sh.id, f.name);
            if (d && !d->value.isEmpty())
                fields.insert(f.name, d->value);
            else if (f.required)
                complete = false;
        }
        if (complete)
            ready.append({sh.id, fields});
    }
    if (ready.isEmpty())
        return out;
    Outbox outbox(store);
    store.transaction([&] {
        for (qsizetype i = 0; i < ready.size(); i += maxPerBatch) {
            QJsonArray contacts;
            for (qsizetype j = i; j < std::min(ready.size(), i + qsizetype(maxPerBatch)); ++j)
                contacts.append(QJsonObject{{QStringLiteral("sheet"), ready[j].sheet},
                                            {QStringLiteral("fields"), ready[j].fields}});
            const qint64 batch = outbox.maxVersion(kKindContacts) + 1;
            const QJsonObject payload{{QStringLiteral("type"), QStringLiteral("contacts")},
                                      {QStringLiteral("election"), election.electionId},
                                      {QStringLiteral("batch"), batch},
                                      {QStringLiteral("contacts"), contacts}};
            const Submission s =
                Submission::create(kKindContacts, batch, election.stationCode, payload, *keys);
            outbox.insert(s);
            for (qsizetype j = i; j < std::min(ready.size(), i + qsizetype(maxPerBatch)); ++j)
                store.setSheetState(ready[j].sheet, QStringLiteral("sealed"), actor);
            store.appendAudit(actor, QStringLiteral("contacts.batched"), s.uuid,
                              QJsonObject{{QStringLiteral("batch"), batch},
                                          {QStringLiteral("count"), int(contacts.size())}});
            out.append(s);
        }
    });
    return out;
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
        return failWith(QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    QByteArray key = publicKey;
    if (key.isEmpty()) {
        const auto k =
            decodeBase64Strict(o.value(QStringLiteral("public_key")).toString().toLatin1());
        if (!k)
            return failWith(QStringLiteral("no valid public_key"));
        key = *k;
    }
    QString cerr;
    const auto bytes = canonicalJson(o.value(QStringLiteral("signed")), &cerr);
    if (!o.value(QStringLiteral("signed")).isObject() || !bytes)
        return failWith(QStringLiteral("'signed' is missing or not canonicalisable"));
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
        return failWith(QStringLiteral("the document is not in its canonical form"));
    return true;
}

} // namespace plume::sync
