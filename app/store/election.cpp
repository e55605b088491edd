// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/election.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
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

// The election and the station as the file gives them, not yet checked.
ElectionConfig readHeader(const QJsonObject &e, const QJsonObject &s)
{
    ElectionConfig c;
    c.electionId = e.value(QStringLiteral("id")).toString();
    c.electionName = e.value(QStringLiteral("name")).toString();
    c.round = e.value(QStringLiteral("round")).toInt(1);
    c.date = e.value(QStringLiteral("date")).toString();
    c.stationCode = s.value(QStringLiteral("code")).toString();
    c.stationName = s.value(QStringLiteral("name")).toString();
    c.commune = s.value(QStringLiteral("commune")).toString();
    return c;
}

// HQ's limit on a name in a PV (plume-hq refuses a PV whose names are longer).
constexpr int kMaxNameChars = 200;

// Why a name of a new election file is refused where HQ would refuse every PV that carries
// it, on election night (a review: a NUL in a candidate's name): more than 200 characters,
// a control character (no name needs a tab, a newline or a NUL), or an invisible one (format
// characters and line separators). Empty when it holds.
QString checkName(const QString &name, const QString &where, ElectionSource source)
{
    if (source != ElectionSource::New)
        return {};
    if (name.size() > kMaxNameChars)
        return ElectionText::tr("%1 dépasse %2 caractères.").arg(where).arg(kMaxNameChars);
    for (const QChar ch : name) {
        const QString code =
            QStringLiteral("%1").arg(ch.unicode(), 4, 16, QLatin1Char('0')).toUpper();
        if (ch.category() == QChar::Other_Control)
            return ElectionText::tr("%1 contient un caractère de contrôle (U+%2).")
                .arg(where, code);
        // Invisible: a name read reversed (U+202E), one cut in two (U+200B), a line broken
        // (U+2028) looked like another candidate in the window (a review).
        if (ch.category() == QChar::Other_Format || ch.category() == QChar::Separator_Line ||
            ch.category() == QChar::Separator_Paragraph)
            return ElectionText::tr("%1 contient un caractère invisible (U+%2).").arg(where, code);
    }
    return {};
}

// Why the election's names, its round or the station's code is refused; empty when they
// hold. An election without an id takes its name as id.
QString checkHeader(ElectionConfig &c, ElectionSource source)
{
    if (c.electionName.isEmpty())
        return ElectionText::tr("Il manque le nom de l'élection (election.name).");
    if (c.electionId.isEmpty())
        c.electionId = c.electionName;
    if (c.round < 1 || c.round > 9)
        return ElectionText::tr("Le tour (election.round) doit être entre 1 et 9.");
    if (!isStationCode(c.stationCode, source))
        return ElectionText::tr("Le code du bureau (station.code) doit faire de 1 à 32 "
                                "lettres sans accent, chiffres ou « - », comme au siège.");
    const std::pair<const QString &, const char *> names[] = {{c.electionName, "election.name"},
                                                              {c.electionId, "election.id"},
                                                              {c.stationName, "station.name"},
                                                              {c.commune, "station.commune"}};
    for (const auto &[name, where] : names)
        if (const QString why = checkName(name, QString::fromLatin1(where), source); !why.isEmpty())
            return why;
    return {};
}

// The registered voters (station.inscrits), when the file gives them; why they are
// refused, or empty.
QString readInscrits(const QJsonObject &s, std::optional<int> &inscrits, ElectionSource source)
{
    const QJsonValue ins = s.value(QStringLiteral("inscrits"));
    if (ins.isUndefined() || ins.isNull())
        return {};
    if (!ins.isDouble() || ins.toDouble() < 0 || ins.toDouble() != double(ins.toInt()))
        return ElectionText::tr(
            "Le nombre d'inscrits (station.inscrits) doit être un entier positif ou nul.");
    if (source == ElectionSource::New && ins.toInt() > kMaxInscrits)
        return ElectionText::tr("Le nombre d'inscrits (station.inscrits) dépasse %1, le plus "
                                "grand que les cases du PV peuvent recevoir.")
            .arg(QLocale(QLocale::French).toString(kMaxInscrits));
    inscrits = ins.toInt();
    return {};
}

// Why a candidate is refused (its id, its name, or an id already seen); empty when it holds.
QString checkCandidate(const Candidate &cand, const QSet<QString> &ids, ElectionSource source)
{
    static const QRegularExpression idRe(QStringLiteral("^[a-z0-9_-]{1,32}\\z"));
    if (!idRe.match(cand.id).hasMatch())
        return ElectionText::tr("L'identifiant du candidat « %1 » doit faire de 1 à 32 "
                                "caractères parmi a-z, 0-9, « _ » et « - ».")
            .arg(cand.id);
    // Blank (spaces, a no-break space) printed a bare "Voix :" line (a review, 2026-12-01).
    if (cand.name.isEmpty() || (source == ElectionSource::New && cand.name.trimmed().isEmpty()))
        return ElectionText::tr("Le candidat « %1 » n'a pas de nom.").arg(cand.id);
    if (const QString why = checkName(
            cand.name, ElectionText::tr("Le nom du candidat « %1 »").arg(cand.id), source);
        !why.isEmpty())
        return why;
    if (ids.contains(cand.id))
        return ElectionText::tr("L'identifiant de candidat « %1 » apparaît deux fois.")
            .arg(cand.id);
    return {};
}

// A candidate's "order", when the file gives one: a whole number from 1 to 999 (2^63 and
// 1.5 were replaced by the rank without a word); nullopt when refused.
std::optional<int> readOrder(const QJsonObject &o, int rank, ElectionSource source)
{
    const QJsonValue v = o.value(QStringLiteral("order"));
    if (v.isUndefined() || source == ElectionSource::Stored)
        return v.toInt(rank);
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 1 || d > 999 || d != double(int(d)))
        return std::nullopt;
    return int(d);
}

// Two candidates of a new election with the same order or the same name (letter case,
// spaces and Unicode forms aside: a lookalike on the PV); why, or empty.
QString checkTwins(const QVector<Candidate> &candidates)
{
    QHash<int, QString> orders;
    QHash<QString, QString> names;
    for (const Candidate &c : candidates) {
        if (const QString other = orders.value(c.order); !other.isEmpty())
            return ElectionText::tr("Les candidats « %1 » et « %2 » ont le même ordre (order) %3.")
                .arg(other, c.id)
                .arg(c.order);
        // "É" written as one character or as E and an accent prints the same.
        const QString key =
            c.name.normalized(QString::NormalizationForm_KC).simplified().toCaseFolded();
        if (const QString other = names.value(key); !other.isEmpty())
            return ElectionText::tr("Les candidats « %1 » et « %2 » portent le même nom.")
                .arg(other, c.id);
        orders.insert(c.order, c.id);
        names.insert(key, c.id);
    }
    return {};
}

// The candidates, at least one and at most kMaxCandidates, sorted by their order (by
// default their rank in the file); why one is refused, or empty.
QString readCandidates(const QJsonArray &cands, QVector<Candidate> &candidates,
                       ElectionSource source)
{
    if (cands.isEmpty())
        return ElectionText::tr("La liste des candidats (candidates) doit en compter au moins un.");
    if (source == ElectionSource::New && cands.size() > kMaxCandidates)
        return ElectionText::tr("Le PV imprimé tient au plus %1 candidats ; ce fichier en compte "
                                "%2.")
            .arg(kMaxCandidates)
            .arg(cands.size());
    QSet<QString> ids;
    int rank = 0;
    for (const QJsonValue &v : cands) {
        const QJsonObject o = v.toObject();
        const auto order = readOrder(o, ++rank, source);
        Candidate cand{o.value(QStringLiteral("id")).toString(),
                       o.value(QStringLiteral("name")).toString(), order.value_or(0)};
        if (!order)
            return ElectionText::tr("L'ordre (order) du candidat « %1 » doit être un entier de 1 "
                                    "à 999.")
                .arg(cand.id);
        if (const QString why = checkCandidate(cand, ids, source); !why.isEmpty())
            return why;
        ids.insert(cand.id);
        candidates.append(cand);
    }
    if (source == ElectionSource::New)
        if (const QString why = checkTwins(candidates); !why.isEmpty())
            return why;
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.order < b.order; });
    return {};
}

// The officials' names, trimmed; blank ones left out. Why one is refused, or empty.
QString readOfficials(const QJsonArray &officials, QStringList &names, ElectionSource source)
{
    for (const QJsonValue &v : officials) {
        const QString name = v.toString().trimmed();
        if (const QString why = checkName(name, QStringLiteral("officials[]"), source);
            !why.isEmpty())
            return why;
        if (!name.isEmpty())
            names.append(name);
    }
    return {};
}

// Reads the file's root object into c: the election, the station, the candidates and the
// officials. Why it is refused (the first check that fails), or empty.
QString readElection(const QJsonObject &root, ElectionConfig &c, ElectionSource source)
{
    const QJsonObject s = root.value(QStringLiteral("station")).toObject();
    c = readHeader(root.value(QStringLiteral("election")).toObject(), s);
    if (const QString why = checkHeader(c, source); !why.isEmpty())
        return why;
    if (const QString why = readInscrits(s, c.inscrits, source); !why.isEmpty())
        return why;
    const QJsonArray cands = root.value(QStringLiteral("candidates")).toArray();
    if (const QString why = readCandidates(cands, c.candidates, source); !why.isEmpty())
        return why;
    return readOfficials(root.value(QStringLiteral("officials")).toArray(), c.officials, source);
}

} // namespace

bool isStationCode(const QString &code, ElectionSource source)
{
    static const QRegularExpression hq(QStringLiteral("^[A-Za-z0-9-]{1,32}\\z"));
    static const QRegularExpression stored(QStringLiteral("^[A-Za-z0-9_-]{1,32}\\z"));
    return (source == ElectionSource::New ? hq : stored).match(code).hasMatch();
}

qint64 ElectionConfig::penInkNotBeforeMs() const
{
    const QDate day = QDate::fromString(date, Qt::ISODate);
    return day.isValid() ? day.addDays(-2).startOfDay().toMSecsSinceEpoch() : 0;
}

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

std::optional<ElectionConfig> ElectionConfig::fromJson(const QByteArray &json, QString *error,
                                                       ElectionSource source)
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
    ElectionConfig c;
    if (const QString why = readElection(doc.object(), c, source); !why.isEmpty())
        return bad(why);
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
    // Read bounded: a pipe or a device has no size (/dev/zero was read until memory ran out).
    constexpr qint64 kMaxBytes = 1 << 20;
    const QByteArray bytes = f.read(kMaxBytes + 1);
    if (bytes.size() > kMaxBytes) {
        if (error)
            *error = ElectionText::tr("%1 est trop gros pour un fichier d'élection.").arg(path);
        return std::nullopt;
    }
    return fromJson(bytes, error);
}

} // namespace plume::store
