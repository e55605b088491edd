// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/passphrase.h"

#include "datadir/datadir.h"
#include "store/text.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <zxcvbn.h>

#include <algorithm>
#include <cmath>
#include <cstring>
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
            "azerty|azertyuiop|qwerty|qwertyuiop|cheval lampe nuage 42|chevallampenuage42")
            .split(QLatin1Char('|'));
    return words;
}

// A word as a guesser tries it: lower-case, without accents ("École" and "ecole" are one).
QByteArray foldedKey(const QString &word)
{
    return withoutAccents(word).toLower().toUtf8();
}

// ---- a guesser who knows French ------------------------------------------------------
// zxcvbn's lists are English, and it ranks words by their place in a list: it cannot be
// given a French dictionary. So a second estimate splits each run of letters into French
// words (Debian's wfrench, /usr/share/dict/french, and the lexicons Plume reads contact
// sheets with), the cheapest way, and prices each piece; the lower of the two estimates
// counts. Prices are log10 guesses, in a guesser's order of trying (the symbol's was
// lowered from 1.5 to 1.0 when "Bienvenue2026!" passed: "!" is not one of 33 to a guesser).
constexpr double kCommonWordLog10 = 4.3;     // a word among the 20,000 tried first
constexpr double kStationWordLog10 = 1.5;    // one of this station's few dozen words
constexpr double kUnknownLetterLog10 = 1.41; // log10(26)
constexpr double kDigitLog10 = 1.0;
constexpr double kYearLog10 = 2.3;      // 1900-2099
constexpr double kSeparatorLog10 = 0.3; // space, hyphen, dot, underscore between words
constexpr double kSymbolLog10 = 1.0;    // the ten symbols people add (!, ?, *, #, $...)
constexpr double kCapitalsLog10 = 0.3;  // capitals somewhere: first letter, all, ...

void addWords(std::vector<QByteArray> &out, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.trimmed().size() >= 3)
            out.push_back(foldedKey(QString::fromUtf8(line.trimmed())));
}

// Sorted, lower-case, without accents; loaded once (about 350,000 words).
const std::vector<QByteArray> &frenchDictionary()
{
    static const std::vector<QByteArray> words = [] {
        std::vector<QByteArray> out;
        const QString dict =
            qEnvironmentVariable("PLUME_FRENCH_WORDS", QStringLiteral("/usr/share/dict/french"));
        addWords(out, dict);
        for (const char *file : {"street_words.txt", "given_names.txt", "surnames.txt"})
            addWords(out, datadir::locate(QStringLiteral("lexicons/") + QLatin1String(file)));
        for (const QString &w : frenchWords())
            out.push_back(foldedKey(w));
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }();
    return words;
}

bool isFrenchWord(const QByteArray &word)
{
    const auto &d = frenchDictionary();
    return std::binary_search(d.cbegin(), d.cend(), word);
}

// The words of the station (folded, lower-case), which a guesser tries before any other.
using StationWords = std::vector<QByteArray>;

bool isStationWord(const QByteArray &word, const StationWords &station)
{
    return std::find(station.cbegin(), station.cend(), word) != station.cend();
}

double wordLog10(const QByteArray &word, const StationWords &station)
{
    if (isStationWord(word, station))
        return kStationWordLog10;
    return isFrenchWord(word) ? kCommonWordLog10 : -1;
}

// The cheapest split of a run of letters into words and unknown letters.
double lettersLog10(const QByteArray &run, const StationWords &station)
{
    const qsizetype n = run.size();
    std::vector<double> best(size_t(n) + 1, 1e9);
    best[0] = 0;
    for (qsizetype i = 0; i < n; ++i) {
        best[size_t(i) + 1] = std::min(best[size_t(i) + 1], best[size_t(i)] + kUnknownLetterLog10);
        for (qsizetype len = 3; i + len <= n && len <= 30; ++len)
            if (const double w = wordLog10(run.mid(i, len), station); w >= 0)
                best[size_t(i + len)] = std::min(best[size_t(i + len)], best[size_t(i)] + w);
    }
    return best[size_t(n)];
}

double digitsLog10(const QByteArray &run)
{
    const int v = run.toInt();
    return run.size() == 4 && v >= 1900 && v <= 2099 ? kYearLog10
                                                     : kDigitLog10 * double(run.size());
}

// Phrases a guesser tries whole, before any word (folded, without separators): famous
// passwords and mottos. A hostile review passed "correct horse battery staple" and "Liberte
// Egalite Fraternite". Keyboard rows and walks ("azertyuiop", "1qaz2wsx3edc4rfv") are found
// by adjacentKeys, not listed.
const std::vector<QByteArray> &famousStrings()
{
    static const std::vector<QByteArray> strings = {"correcthorsebatterystaple",
                                                    "liberteegalitefraternite",
                                                    "vivelafrance",
                                                    "vivelarepublique",
                                                    "allonsenfantsdelapatrie",
                                                    "jepensedoncjesuis",
                                                    "lejourdegloire",
                                                    "abcdef"};
    return strings;
}

// A run already written costs only its repetition: "bonjour bonjour bonjour" is one word
// and two repeats to a guesser, not three words.
constexpr double kRepeatLog10 = 0.5;
// A number of one digit right after a repeated word: a counter (bonjour1bonjour2bonjour3).
constexpr double kCounterLog10 = 0.3;

struct FrenchEstimate
{
    double log10 = 0;
    bool famous = false;   // holds one of famousStrings()
    bool repeated = false; // a word or number written again
};

// Runs of letters (French words), of digits and single symbols, each priced.
FrenchEstimate runsLog10(const QByteArray &s, const StationWords &station)
{
    FrenchEstimate e;
    QSet<QByteArray> seen;
    bool afterRepeat = false; // the last run was a repeat
    const auto kind = [](char c) {
        return std::isalpha(uchar(c)) ? 0 : std::isdigit(uchar(c)) ? 1 : 2;
    };
    for (qsizetype i = 0; i < s.size();) {
        qsizetype j = i;
        while (j < s.size() && kind(s[j]) == kind(s[i]) && kind(s[i]) != 2)
            ++j;
        if (j == i) { // one symbol
            e.log10 += QByteArrayView(" -._").contains(s[i]) ? kSeparatorLog10 : kSymbolLog10;
            i = j + 1;
            continue;
        }
        const QByteArray run = s.mid(i, j - i);
        const bool again = run.size() >= 2 && seen.contains(run);
        const bool counter = afterRepeat && run.size() == 1 && kind(s[i]) == 1;
        e.repeated = e.repeated || again;
        e.log10 += again             ? kRepeatLog10
                   : counter         ? kCounterLog10
                   : kind(s[i]) == 0 ? lettersLog10(run, station)
                                     : digitsLog10(run);
        afterRepeat = again;
        seen.insert(run);
        i = j;
    }
    return e;
}

// The same without separators, a famous string tried first and the rest priced as above.
// Two keys next to each other on an AZERTY or a QWERTY keyboard (rows of 10, staggered by at
// most one key).
bool adjacentKeys(char a, char b)
{
    static const char *const layouts[2][4] = {{"1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"},
                                              {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"}};
    for (const auto &rows : layouts) {
        int ra = -1, ca = 0, rb = -1, cb = 0;
        for (int r = 0; r < 4; ++r) {
            if (const char *p = std::strchr(rows[r], a); p && a)
                ra = r, ca = int(p - rows[r]);
            if (const char *p = std::strchr(rows[r], b); p && b)
                rb = r, cb = int(p - rows[r]);
        }
        if (ra >= 0 && rb >= 0 && std::abs(ra - rb) <= 1 && std::abs(ca - cb) <= 1 && a != b)
            return true;
    }
    return false;
}

// Famous strings and keyboard walks (4 keys or more, each next to the last) taken out of the
// collapsed passphrase: the first costs a common word, each other one a repeat.
double takeFamous(QByteArray &collapsed, int *pieces)
{
    for (const QByteArray &f : famousStrings())
        if (const qsizetype at = collapsed.indexOf(f); at >= 0) {
            collapsed.remove(at, f.size());
            return (*pieces)++ ? kRepeatLog10 : kCommonWordLog10;
        }
    for (qsizetype i = 0; i + 3 < collapsed.size(); ++i) {
        qsizetype j = i + 1;
        while (j < collapsed.size() && adjacentKeys(collapsed[j - 1], collapsed[j]))
            ++j;
        if (j - i >= 4) {
            collapsed.remove(i, j - i);
            return (*pieces)++ ? kRepeatLog10 : kCommonWordLog10;
        }
    }
    return -1;
}

// The same without separators (one choice: a phrase is tried with or without them), famous
// strings and walks tried first, the rest priced as above.
FrenchEstimate famousLog10(const QByteArray &s, const StationWords &station)
{
    QByteArray collapsed;
    int separators = 0;
    for (char c : s)
        QByteArrayView(" -._").contains(c) ? void(++separators) : void(collapsed += c);
    int pieces = 0;
    double cost = separators > 0 ? kSeparatorLog10 : 0;
    for (double piece; (piece = takeFamous(collapsed, &pieces)) >= 0;)
        cost += piece;
    if (pieces == 0)
        return {1e9, true, false};
    const FrenchEstimate rest = runsLog10(collapsed, station);
    return {cost + rest.log10, true, rest.repeated};
}

// log10 of the guesses of someone who tries French words, years and separators.
FrenchEstimate frenchGuessesLog10(const QString &passphrase, const StationWords &station)
{
    const QString plain = withoutAccents(passphrase);
    const QByteArray s = plain.toLower().toUtf8();
    FrenchEstimate e = runsLog10(s, station);
    if (const FrenchEstimate f = famousLog10(s, station); f.log10 < e.log10)
        e = f;
    e.log10 += plain != plain.toLower() ? kCapitalsLog10 : 0;
    return e;
}

QString stationWordWeakness()
{
    return Passphrase::tr("elle contient un mot de ce bureau ou de cette élection (code, "
                          "commune, candidat, membre du bureau)");
}

bool holdsStationWord(const QString &passphrase, const StationWords &station)
{
    const QByteArray s = foldedKey(passphrase);
    return std::any_of(station.cbegin(), station.cend(),
                       [&](const QByteArray &w) { return s.contains(w); });
}

QString frenchWeakness(const FrenchEstimate &french, bool stationWord)
{
    if (french.famous)
        return Passphrase::tr("elle contient une phrase célèbre ou une suite de touches du "
                              "clavier");
    if (stationWord)
        return stationWordWeakness();
    return french.repeated ? Passphrase::tr("elle répète un mot")
                           : Passphrase::tr("elle est faite de mots du dictionnaire");
}

// The kind of weakness that costs the most: what the official is told.
QString weaknessOf(const ZxcMatch_t *info, const QByteArray &utf8, const StationWords &stationWords)
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
        // French words are matched as "user" words too: only the station's are named so.
        if (isStationWord(utf8.mid(worst->Begin, worst->Length).toLower(), stationWords))
            return stationWordWeakness();
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

// zxcvbn's words after the station's: years up to 2040, then the election words; made once.
const std::vector<QByteArray> &yearsAndElectionWords()
{
    static const std::vector<QByteArray> words = [] {
        std::vector<QByteArray> out;
        for (int year = 1930; year <= 2040; ++year)
            out.push_back(QByteArray::number(year));
        for (const QString &w : frenchWords())
            out.push_back(foldedKey(w));
        return out;
    }();
    return words;
}

// zxcvbn's estimate (log10 guesses) with this station's words, years up to 2040 (its own
// stop at 2019: "Vacances2026" would pass) and the election words, and its worst weakness.
double zxcvbnLog10(const QString &passphrase, const StationWords &station, QString *weakness)
{
    const QByteArray utf8 = withoutAccents(passphrase).toUtf8();
    const std::vector<QByteArray> &others = yearsAndElectionWords();
    std::vector<const char *> dict;
    for (const QByteArray &w : station)
        dict.push_back(w.constData());
    for (const QByteArray &w : others)
        dict.push_back(w.constData());
    dict.push_back(nullptr);
    ZxcMatch_t *info = nullptr;
    const double bits = ZxcvbnMatch(utf8.constData(), dict.data(), &info);
    *weakness = weaknessOf(info, utf8, station);
    ZxcvbnFreeInfo(info);
    return bits * std::log10(2.0);
}

} // namespace

PassphraseStrength checkPassphrase(const QString &passphrase, const QStringList &context)
{
    PassphraseStrength r;
    StationWords station;
    for (const QString &w : context)
        if (w.trimmed().size() >= 3)
            station.push_back(foldedKey(w.trimmed()));
    QString weakness;
    const double zxcvbn = zxcvbnLog10(passphrase, station, &weakness);
    const FrenchEstimate french = frenchGuessesLog10(passphrase, station);
    if (french.log10 < zxcvbn)
        weakness = frenchWeakness(french, holdsStationWord(passphrase, station));
    r.guessesLog10 = std::min(zxcvbn, french.log10);
    r.score = scoreOf(r.guessesLog10);
    const QString advice = Passphrase::tr("Choisissez plutôt quatre mots ou plus, sans rapport "
                                          "entre eux, qui ne viennent ni de l'élection ni du "
                                          "bureau.");
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
    words << election.officials; // "Leroy Marie 2026" is no secret in this station
    // Every word of them too ("Lilas", "primaire"), and the code without its dash.
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    for (const QString &text : QStringList(words))
        words << text.split(separators, Qt::SkipEmptyParts);
    words << QString(election.stationCode).remove(QLatin1Char('-'));
    return words;
}

} // namespace plume::store
