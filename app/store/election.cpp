// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/election.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace plume::store {
namespace {

// Messages about an election file, in French (source language).
struct ElectionText
{
    Q_DECLARE_TR_FUNCTIONS(Election)
};

} // namespace

QJsonObject ElectionConfig::toJson() const
{
    QJsonArray cands;
    for (const Candidate &c : candidates)
        cands.append(QJsonObject{{QStringLiteral("id"), c.id},
                                 {QStringLiteral("name"), c.name},
                                 {QStringLiteral("order"), c.order}});
    QJsonObject station{{QStringLiteral("code"), stationCode},
                        {QStringLiteral("name"), stationName},
                        {QStringLiteral("commune"), commune}};
    if (inscrits)
        station.insert(QStringLiteral("inscrits"), *inscrits);
    QJsonObject o{{QStringLiteral("election"), QJsonObject{{QStringLiteral("id"), electionId},
                                                           {QStringLiteral("name"), electionName},
                                                           {QStringLiteral("round"), round},
                                                           {QStringLiteral("date"), date}}},
                  {QStringLiteral("station"), station},
                  {QStringLiteral("candidates"), cands}};
    if (!officials.isEmpty())
        o.insert(QStringLiteral("officials"), QJsonArray::fromStringList(officials));
    return o;
}

std::optional<ElectionConfig> ElectionConfig::fromJson(const QByteArray &json, QString *error)
{
    auto bad = [&](const QString &why) -> std::optional<ElectionConfig> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return bad(ElectionText::tr("JSON invalide à la position %1 : %2")
                       .arg(pe.offset)
                       .arg(pe.errorString()));
    if (!doc.isObject())
        return bad(ElectionText::tr("Le fichier de l'élection doit être un objet JSON."));
    const QJsonObject root = doc.object();
    const QJsonObject e = root.value(QStringLiteral("election")).toObject();
    const QJsonObject s = root.value(QStringLiteral("station")).toObject();
    ElectionConfig c;
    c.electionId = e.value(QStringLiteral("id")).toString();
    c.electionName = e.value(QStringLiteral("name")).toString();
    c.round = e.value(QStringLiteral("round")).toInt(1);
    c.date = e.value(QStringLiteral("date")).toString();
    c.stationCode = s.value(QStringLiteral("code")).toString();
    c.stationName = s.value(QStringLiteral("name")).toString();
    c.commune = s.value(QStringLiteral("commune")).toString();
    if (c.electionName.isEmpty())
        return bad(ElectionText::tr("Il manque le nom de l'élection (election.name)."));
    if (c.electionId.isEmpty())
        c.electionId = c.electionName;
    if (c.round < 1 || c.round > 9)
        return bad(ElectionText::tr("Le tour (election.round) doit être entre 1 et 9."));
    static const QRegularExpression codeRe(QStringLiteral("^[A-Za-z0-9_-]{1,32}$"));
    if (!codeRe.match(c.stationCode).hasMatch())
        return bad(ElectionText::tr("Le code du bureau (station.code) doit faire de 1 à 32 "
                                    "lettres, chiffres, « - » ou « _ »."));
    const QJsonValue ins = s.value(QStringLiteral("inscrits"));
    if (!ins.isUndefined() && !ins.isNull()) {
        if (!ins.isDouble() || ins.toDouble() < 0 || ins.toDouble() != double(ins.toInt()))
            return bad(ElectionText::tr(
                "Le nombre d'inscrits (station.inscrits) doit être un entier positif ou nul."));
        c.inscrits = ins.toInt();
    }
    const QJsonArray cands = root.value(QStringLiteral("candidates")).toArray();
    if (cands.isEmpty())
        return bad(
            ElectionText::tr("La liste des candidats (candidates) doit en compter au moins un."));
    static const QRegularExpression idRe(QStringLiteral("^[a-z0-9_-]{1,32}$"));
    QSet<QString> ids;
    int index = 0;
    for (const QJsonValue &v : cands) {
        const QJsonObject o = v.toObject();
        Candidate cand{o.value(QStringLiteral("id")).toString(),
                       o.value(QStringLiteral("name")).toString(),
                       o.value(QStringLiteral("order")).toInt(++index)};
        if (!idRe.match(cand.id).hasMatch())
            return bad(ElectionText::tr("L'identifiant du candidat « %1 » doit faire de 1 à 32 "
                                        "caractères parmi a-z, 0-9, « _ » et « - ».")
                           .arg(cand.id));
        if (cand.name.isEmpty())
            return bad(ElectionText::tr("Le candidat « %1 » n'a pas de nom.").arg(cand.id));
        if (ids.contains(cand.id))
            return bad(ElectionText::tr("L'identifiant de candidat « %1 » apparaît deux fois.")
                           .arg(cand.id));
        ids.insert(cand.id);
        c.candidates.append(cand);
    }
    std::stable_sort(c.candidates.begin(), c.candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.order < b.order; });
    for (const QJsonValue &v : root.value(QStringLiteral("officials")).toArray())
        if (!v.toString().trimmed().isEmpty())
            c.officials.append(v.toString().trimmed());
    return c;
}

std::optional<ElectionConfig> ElectionConfig::fromFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = ElectionText::tr("Impossible de lire %1 : %2").arg(path, f.errorString());
        return std::nullopt;
    }
    if (f.size() > 1 << 20) {
        if (error)
            *error = ElectionText::tr("%1 est trop gros pour un fichier d'élection.").arg(path);
        return std::nullopt;
    }
    return fromJson(f.readAll(), error);
}

} // namespace plume::store
