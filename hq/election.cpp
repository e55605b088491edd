// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/election.h"

#include "hq/text.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace plume::hq {
namespace {

constexpr qint64 kMaxElectionFileBytes = 16LL << 20;
constexpr int kMaxListedStations = 200'000;

bool setError(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// One entry of "stations" (or the file's single "station").
bool parseStation(const QJsonObject &o, ListedStation *out, QString *error)
{
    out->code = o.value(QStringLiteral("code")).toString();
    out->name = o.value(QStringLiteral("name")).toString().left(200);
    out->commune = o.value(QStringLiteral("commune")).toString().left(200);
    if (!isStationCode(out->code))
        return setError(error, HqText::tr("code de bureau invalide dans l'élection : 1 à 32 "
                                          "caractères parmi 0-9 A-Z a-z et « - »"));
    const QJsonValue ins = o.value(QStringLiteral("inscrits"));
    if (ins.isUndefined() || ins.isNull())
        return true;
    const double v = ins.toDouble(-1);
    // The station's own bound (what the PV's boxes hold): a station HQ listed with more could
    // never seal (a review, 2026-12-01).
    if (!ins.isDouble() || v < 0 || v > double(store::kMaxInscrits) || v != double(qint64(v)))
        return setError(
            error, HqText::tr("bureau %1 : « inscrits » doit être un entier entre 0 "
                              "et %2")
                       .arg(out->code, QLocale(QLocale::French).toString(store::kMaxInscrits)));
    out->inscrits = qint64(v);
    return true;
}

bool parseStations(const QJsonObject &root, Election *e, QString *error)
{
    const QJsonValue stations = root.value(QStringLiteral("stations"));
    if (!stations.isUndefined() && !stations.isArray())
        return setError(error, HqText::tr("« stations » doit être une liste de bureaux"));
    QJsonArray list = stations.toArray();
    if (root.value(QStringLiteral("station")).isObject())
        list.prepend(root.value(QStringLiteral("station")));
    if (list.size() > kMaxListedStations)
        return setError(error, HqText::tr("trop de bureaux dans l'élection"));
    for (const QJsonValue &v : std::as_const(list)) {
        ListedStation s;
        if (!parseStation(v.toObject(), &s, error))
            return false;
        if (e->stations.contains(s.code))
            return setError(error, HqText::tr("le bureau %1 figure deux fois").arg(s.code));
        e->stations.insert(s.code, s);
    }
    return true;
}

} // namespace

int Election::candidateIndex(const QString &candidateId) const
{
    for (qsizetype i = 0; i < candidates.size(); ++i)
        if (candidates[i].id == candidateId)
            return int(i);
    return -1;
}

std::optional<qint64> Election::inscritsOf(const QString &stationCode) const
{
    const auto it = stations.constFind(stationCode);
    return it == stations.constEnd() ? std::nullopt : it->inscrits;
}

store::ElectionConfig Election::configFor(const QString &stationCode) const
{
    store::ElectionConfig c;
    c.electionId = id;
    c.electionName = name;
    c.round = round;
    c.date = date;
    c.stationCode = stationCode;
    c.candidates = candidates;
    if (const auto ins = inscritsOf(stationCode))
        c.inscrits = int(*ins);
    return c;
}

std::optional<Election> parseElection(const QByteArray &json, QString *error,
                                      store::ElectionSource source)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        setError(error, HqText::tr("le fichier d'élection n'est pas un objet JSON valide"));
        return std::nullopt;
    }
    QJsonObject root = doc.object();
    // The station parser wants one station; HQ's file may list many, or none.
    QJsonObject forParser = root;
    forParser.insert(QStringLiteral("station"),
                     QJsonObject{{QStringLiteral("code"), QStringLiteral("hq")}});
    const auto config =
        store::ElectionConfig::fromJson(QJsonDocument(forParser).toJson(), error, source);
    if (!config)
        return std::nullopt;
    Election e;
    e.id = config->electionId;
    e.name = config->electionName;
    e.round = config->round;
    e.date = config->date;
    e.candidates = config->candidates;
    if (!parseStations(root, &e, error))
        return std::nullopt;
    root.remove(QStringLiteral("officials")); // the station's people, not HQ's business
    e.document = QJsonDocument(root).toJson(QJsonDocument::Compact);
    return e;
}

std::optional<Election> readElectionFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        setError(error, HqText::tr("impossible de lire %1 : %2").arg(path, f.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = f.read(kMaxElectionFileBytes + 1);
    if (bytes.size() > kMaxElectionFileBytes) {
        setError(error, HqText::tr("%1 est trop grand pour un fichier d'élection").arg(path));
        return std::nullopt;
    }
    return parseElection(bytes, error);
}

} // namespace plume::hq
