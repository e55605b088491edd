// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// HqDatabase: elections, stations and their key events (docs/hq.md).
#include "hq/hqdb.h"
#include "hq/text.h"
#include "sync/submission.h"

#include <QDateTime>
#include <QSqlError>

namespace plume::hq {

void HqDatabase::addElection(const Election &e)
{
    QSqlQuery q = runSql(m_db, QStringLiteral("SELECT document FROM elections WHERE id = ?"),
                         {e.id}, QStringLiteral("cannot read elections"));
    if (q.next()) {
        if (q.value(0).toString().toUtf8() == e.document)
            return;
        throw HqError(HqText::tr("l'élection %1 est déjà connue avec un autre contenu : une "
                                 "élection ne change pas une fois les bureaux en route")
                          .arg(e.id));
    }
    runSql(m_db,
           QStringLiteral("INSERT INTO elections (id, document, added_at) VALUES "
                          "(?, ?, ?)"),
           {e.id, QString::fromUtf8(e.document), nowIso()},
           QStringLiteral("cannot add the election"));
}

const Election *HqDatabase::election(const QString &id)
{
    if (const auto it = m_elections.constFind(id); it != m_elections.constEnd())
        return it.value().get();
    ensureConnected();
    QSqlQuery &q = prepared(QStringLiteral("SELECT document FROM elections WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        noteFailure();
        throw HqError(QStringLiteral("cannot read elections: ") + q.lastError().text());
    }
    const QByteArray document = q.next() ? q.value(0).toString().toUtf8() : QByteArray();
    q.finish();
    if (document.isEmpty())
        return nullptr;
    QString error;
    auto e = parseElection(document, &error, store::ElectionSource::Stored);
    if (!e)
        throw HqError(QStringLiteral("stored election %1 does not parse: %2").arg(id, error));
    return m_elections.insert(id, std::make_shared<const Election>(std::move(*e))).value().get();
}

QStringList HqDatabase::electionIds() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id FROM elections ORDER BY added_at, id")))
        throw HqError(QStringLiteral("cannot read elections: ") + q.lastError().text());
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

void HqDatabase::logStationEvent(const QString &code, const QString &action, const QString &key)
{
    runSql(m_db,
           QStringLiteral("INSERT INTO station_events (code, action, public_key, at) "
                          "VALUES (?, ?, ?, ?)"),
           {code, action, key, nowIso()}, QStringLiteral("cannot log the station event"));
}

bool anyPvSignedBy(QSqlQuery &rows, const QByteArray &key)
{
    while (rows.next()) {
        sync::Submission s;
        s.signedBytes = rows.value(0).toString().toUtf8();
        s.signature = rows.value(1).toString();
        s.sha256 = rows.value(2).toString();
        if (sync::verifySubmission(s, key))
            return true;
    }
    return false;
}

namespace {

// Whether the key signed one of `station`'s PVs kept in `table` (pv_submissions, or
// pv_withdrawals: the PVs `pv withdraw` took for forged).
bool signedPvOf(const QSqlDatabase &db, const QString &table, const QString &station,
                const QByteArray &key)
{
    QSqlQuery q = runSql(db,
                         QStringLiteral("SELECT p.signed, p.signature, %1 FROM %2 p WHERE "
                                        "p.station = ?")
                             .arg(table == QLatin1String("pv_withdrawals")
                                      ? QStringLiteral("p.sha256")
                                      : QStringLiteral("(SELECT r.sha256 FROM receipts r WHERE "
                                                       "r.uuid = p.uuid)"),
                                  table),
                         {station}, QStringLiteral("cannot read the PVs"));
    return anyPvSignedBy(q, key);
}

// The station other than `code` whose key this is, "" when none: one that holds it now (not
// revoked), or one it signed a PV for. Each station makes its own key (plumectl station init),
// and one key enrolled for two stations signed for both (a review of 2026-12-02). A station
// that held it only by a slip of the operator (revoked or given another key since, nothing
// signed) lets it go.
QString otherHolderOf(const QSqlDatabase &db, const QString &code, const QByteArray &key)
{
    const QString b64 = QString::fromLatin1(key.toBase64());
    QSqlQuery q = runSql(db,
                         QStringLiteral("SELECT code, revoked_at IS NULL AND public_key = ? FROM "
                                        "stations WHERE code IN (SELECT code FROM stations WHERE "
                                        "public_key = ? UNION SELECT code FROM station_events "
                                        "WHERE public_key = ?) AND code <> ?"),
                         {b64, b64, b64, code}, QStringLiteral("cannot read stations"));
    QList<QPair<QString, bool>> holders;
    while (q.next())
        holders.append({q.value(0).toString(), q.value(1).toBool()});
    q.finish();
    for (const auto &[other, holdsNow] : holders)
        if (holdsNow || signedPvOf(db, QStringLiteral("pv_submissions"), other, key) ||
            signedPvOf(db, QStringLiteral("pv_withdrawals"), other, key))
            return other;
    return {};
}

} // namespace

// A key no other station holds or signed for, and that signed none of this station's
// withdrawn PVs.
void HqDatabase::checkKeyIsTheStations(const QString &code, const QByteArray &publicKey)
{
    if (const QString other = otherHolderOf(m_db, code, publicKey); !other.isEmpty())
        throw HqError(HqText::tr("cette clé est celle du bureau %1 (inscrit avec elle, ou qui a "
                                 "signé un PV avec elle) : chaque bureau a sa propre clé "
                                 "(plumectl station pubkey sur son portable) ; une erreur de "
                                 "saisie se défait en révoquant %1 (stations revoke)")
                          .arg(other));
    if (signedPvOf(m_db, QStringLiteral("pv_withdrawals"), code, publicKey))
        throw HqError(HqText::tr("cette clé a signé un PV retiré du bureau %1 (pv withdraw) : "
                                 "elle est tenue pour volée ; le bureau en fait une nouvelle "
                                 "(plumectl station rekey)")
                          .arg(code));
}

void HqDatabase::addStation(const QString &code, const QByteArray &publicKey, bool replace)
{
    if (!isStationCode(code))
        throw HqError(HqText::tr("code de bureau invalide : 1 à 32 caractères parmi 0-9 A-Z a-z "
                                 "et « - »"));
    if (publicKey.size() != 32)
        throw HqError(HqText::tr("la clé publique doit faire 32 octets (base64 d'une clé "
                                 "Ed25519, donnée par plumectl station pubkey)"));
    const QString b64 = QString::fromLatin1(publicKey.toBase64());
    QSqlQuery q = runSql(m_db,
                         QStringLiteral("SELECT public_key, revoked_at FROM stations WHERE "
                                        "code = ?"),
                         {code}, QStringLiteral("cannot read stations"));
    const bool known = q.next();
    const bool sameKey = known && q.value(0).toString() == b64;
    const bool wasRevoked = known && !q.value(1).isNull();
    q.finish(); // no read left open under the write transaction
    if (sameKey && !wasRevoked)
        return;
    if (known && !replace)
        throw HqError(HqText::tr("le bureau %1 est déjà inscrit avec une autre clé (ou "
                                 "révoqué) : --replace pour la remplacer")
                          .arg(code));
    inWriteTransaction([&] {
        checkKeyIsTheStations(code, publicKey);
        if (known)
            runSql(m_db,
                   QStringLiteral("UPDATE stations SET public_key = ?, added_at = ?, revoked_at "
                                  "= NULL WHERE code = ?"),
                   {b64, nowIso(), code}, QStringLiteral("cannot enrol the station"));
        else
            runSql(m_db,
                   QStringLiteral("INSERT INTO stations (code, public_key, added_at) VALUES "
                                  "(?, ?, ?)"),
                   {code, b64, nowIso()}, QStringLiteral("cannot enrol the station"));
        if (!known || wasRevoked) // a new station, or a revocation lifted
            addToCounter(QStringLiteral("stations_enrolled"), 1);
        logStationEvent(code, known ? QStringLiteral("replaced") : QStringLiteral("enrolled"), b64);
    });
}

void HqDatabase::revokeStation(const QString &code)
{
    inWriteTransaction([&] {
        QSqlQuery u = runSql(m_db,
                             QStringLiteral("UPDATE stations SET revoked_at = ? WHERE code = ? "
                                            "AND revoked_at IS NULL"),
                             {nowIso(), code}, QStringLiteral("cannot revoke the station"));
        if (u.numRowsAffected() != 1)
            throw HqError(HqText::tr("le bureau %1 n'est pas inscrit, ou déjà révoqué").arg(code));
        addToCounter(QStringLiteral("stations_enrolled"), -1);
        logStationEvent(code, QStringLiteral("revoked"), QString());
    });
}

std::optional<StationRecord> HqDatabase::station(const QString &code)
{
    ensureConnected();
    QSqlQuery &q =
        prepared(QStringLiteral("SELECT public_key, revoked_at FROM stations WHERE code = ?"));
    q.addBindValue(code);
    if (!q.exec()) {
        noteFailure();
        throw HqError(QStringLiteral("cannot read stations: ") + q.lastError().text());
    }
    std::optional<StationRecord> out;
    if (q.next())
        out = StationRecord{QByteArray::fromBase64(q.value(0).toString().toLatin1()),
                            !q.value(1).isNull()};
    q.finish();
    if (m_stationCache.size() > kStationCacheSize)
        m_stationCache.clear();
    if (out)
        m_stationCache.insert(code, *out);
    else
        m_stationCache.remove(code);
    return out;
}

std::optional<Refusal> keyRefusal(const std::optional<StationRecord> &station,
                                  const QByteArray &key)
{
    if (!station)
        return refuse(401, Rule::StationUnknown, HqText::tr("bureau inconnu du siège"));
    if (station->revoked)
        return refuse(401, Rule::StationRevoked, HqText::tr("la clé de ce bureau a été révoquée"));
    if (!key.isEmpty() && station->publicKey != key)
        return refuse(401, Rule::Signature, HqText::tr("empreinte ou signature invalide"));
    return std::nullopt;
}

std::optional<StationRecord> HqDatabase::cachedStation(const QString &code)
{
    if (const auto it = m_stationCache.constFind(code); it != m_stationCache.constEnd())
        return it.value();
    return station(code);
}

void HqDatabase::forgetStation(const QString &code)
{
    m_stationCache.remove(code);
}

void HqDatabase::addToCounter(const QString &name, qint64 delta)
{
    runSql(m_db, QStringLiteral("UPDATE hq_counters SET value = value + ? WHERE name = ?"),
           {delta, name}, QStringLiteral("cannot count"));
}

qint64 HqDatabase::stationCount() const
{
    QSqlQuery q =
        runSql(m_db, QStringLiteral("SELECT value FROM hq_counters WHERE name = ?"),
               {QStringLiteral("stations_enrolled")}, QStringLiteral("cannot read hq_counters"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

// Replacements and revocations (never the enrolments: one per station), oldest first.
QVector<StationEvent> HqDatabase::keyEvents() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT code, action, at FROM station_events WHERE action IN "
                               "('replaced', 'revoked') ORDER BY at, code")))
        throw HqError(QStringLiteral("cannot read station events: ") + q.lastError().text());
    QVector<StationEvent> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

} // namespace plume::hq
