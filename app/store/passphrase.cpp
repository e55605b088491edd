// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/passphrase.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <zxcvbn.h>

#include <cmath>
#include <vector>

namespace plume::store {
namespace {

struct Passphrase
{
    Q_DECLARE_TR_FUNCTIONS(Passphrase)
};

int scoreOf(double log10Guesses)
{
    static constexpr double kSteps[] = {3, 6, 8, 10};
    int score = 0;
    for (double step : kSteps)
        score += log10Guesses >= step ? 1 : 0;
    return score;
}

// Words zxcvbn's English lists lack and an official would try first: French for
// "password", the words of an election night, and the example our own advice gives
// (typed as is by a tired official, it must not pass).
const QStringList &frenchWords()
{
    static const QStringList words =
        QString::fromUtf8(
            "motdepasse|mot de passe|bonjour|bonsoir|soleil|bureau|bureaudevote|bureau de vote|"
            "vote|votes|voter|election|elections|élection|élections|primaire|scrutin|urne|bulletin|"
            "depouillement|dépouillement|resultat|résultat|president|président|presidente|"
            "présidente|assesseur|assesseure|secretaire|secrétaire|mairie|commune|republique|"
            "république|liberte|liberté|egalite|égalité|fraternite|fraternité|democratie|"
            "démocratie|citoyen|citoyenne|plume|jetaime|doudou|chouchou|loulou|"
            "cheval lampe nuage 42|chevallampenuage42")
            .split(QLatin1Char('|'));
    return words;
}

// The kind of weakness that costs the most: what the official is told.
QString weaknessOf(const ZxcMatch_t *info, const QByteArray &utf8)
{
    const ZxcMatch_t *worst = nullptr;
    for (const ZxcMatch_t *m = info; m; m = m->Next)
        if (m->Type != BRUTE_MATCH && (!worst || m->Length > worst->Length))
            worst = m;
    if (!worst)
        return Passphrase::tr("elle est trop courte ou trop simple");
    switch (int(worst->Type) & ~int(MULTIPLE_MATCH)) {
    case USER_MATCH:
    case USER_LEET_MATCH:
        // Our own list of French words is matched as "user" words too: not the station's.
        if (!frenchWords().contains(QString::fromUtf8(utf8.mid(worst->Begin, worst->Length)),
                                    Qt::CaseInsensitive))
            return Passphrase::tr("elle contient le code du bureau, la commune ou le nom d'un "
                                  "candidat");
        [[fallthrough]];
    case DICTIONARY_MATCH:
    case DICT_LEET_MATCH:
        return Passphrase::tr("elle contient un mot de passe courant ou un mot du dictionnaire");
    case REPEATS_MATCH:
        return Passphrase::tr("elle répète les mêmes caractères");
    case SEQUENCE_MATCH:
        return Passphrase::tr("elle contient une suite (1234, abcd…)");
    case SPATIAL_MATCH:
        return Passphrase::tr("elle suit les touches du clavier");
    case DATE_MATCH:
    case YEAR_MATCH:
        return Passphrase::tr("elle contient une date ou une année");
    default:
        return Passphrase::tr("elle est trop prévisible");
    }
}

} // namespace

PassphraseStrength checkPassphrase(const QString &passphrase, const QStringList &context)
{
    PassphraseStrength r;
    const QByteArray utf8 = passphrase.toUtf8();
    std::vector<QByteArray> words;
    for (const QString &w : context + frenchWords())
        if (w.trimmed().size() >= 3)
            words.push_back(w.trimmed().toLower().toUtf8());
    std::vector<const char *> dict;
    for (const QByteArray &w : words)
        dict.push_back(w.constData());
    dict.push_back(nullptr);
    ZxcMatch_t *info = nullptr;
    const double bits = ZxcvbnMatch(utf8.constData(), dict.data(), &info);
    r.guessesLog10 = bits * std::log10(2.0);
    r.score = scoreOf(r.guessesLog10);
    const QString weakness = weaknessOf(info, utf8);
    ZxcvbnFreeInfo(info);
    const QString advice = Passphrase::tr("Choisissez plutôt plusieurs mots sans rapport entre "
                                          "eux (par exemple « cheval lampe nuage 42 »).");
    if (passphrase.size() < kMinPassphraseChars) {
        r.reason = Passphrase::tr("Phrase secrète refusée : il faut au moins %n caractères.",
                                  nullptr, kMinPassphraseChars) +
                   QLatin1Char(' ') + advice;
        return r;
    }
    if (r.score < kMinPassphraseScore) {
        r.reason = Passphrase::tr("Phrase secrète refusée : %1, elle serait devinée trop vite.")
                       .arg(weakness) +
                   QLatin1Char(' ') + advice;
        return r;
    }
    r.accepted = true;
    r.reason = r.score >= 4 ? Passphrase::tr("Phrase secrète solide.")
                            : Passphrase::tr("Phrase secrète acceptable.");
    return r;
}

QStringList passphraseContext(const ElectionConfig &election)
{
    QStringList words{election.stationCode, election.stationName, election.commune,
                      election.electionName, election.date};
    for (const Candidate &c : election.candidates)
        words << c.id << c.name;
    // Every word of them too ("Lilas", "primaire"), and the code without its dash.
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    for (const QString &text : QStringList(words))
        words << text.split(separators, Qt::SkipEmptyParts);
    words << QString(election.stationCode).remove(QLatin1Char('-'));
    return words;
}

} // namespace plume::store
