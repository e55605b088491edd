// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "recognition/lexicon.h"

#include "datadir/datadir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace plume::recognition {

CharLm::CharLm(const QString &alphabet, double scale)
    : m_alphabet(alphabet), m_size(int(alphabet.size()) + 1), m_scale(scale)
{
    const size_t s = size_t(m_size);
    m_triCount.assign(s * s * s, 0);
    m_biCount.assign(s * s, 0);
    m_uniCount.assign(s, 0);
    for (qsizetype i = 0; i < alphabet.size(); ++i)
        if (alphabet[i].unicode() < 128)
            m_index[alphabet[i].unicode()] = qint8(i + 1);
}

int CharLm::index(QChar c) const
{
    if (c.isNull())
        return 0;
    if (c.unicode() < 128)
        return m_index[c.unicode()] > 0 ? m_index[c.unicode()] : -1;
    return -1;
}

void CharLm::add(const QString &word)
{
    int a = 0, b = 0;
    const size_t s = size_t(m_size);
    auto count = [&](int c) {
        m_triCount[(size_t(a) * s + size_t(b)) * s + size_t(c)] += 1;
        m_biCount[size_t(b) * s + size_t(c)] += 1;
        m_uniCount[size_t(c)] += 1;
        a = b;
        b = c;
    };
    for (QChar ch : word)
        if (const int c = index(ch); c > 0)
            count(c);
    count(0);
}

namespace {
// Witten-Bell: (C(h,c) + T(h) P_lower(c)) / (C(h) + T(h)), T(h) = distinct followers of h.
void interpolate(const double *counts, const float *lower, float *out, int size)
{
    double total = 0, types = 0;
    for (int c = 0; c < size; ++c) {
        total += counts[c];
        types += counts[c] > 0;
    }
    for (int c = 0; c < size; ++c) {
        const double pl = std::exp(double(lower[c]));
        out[c] = float(std::log(total > 0 ? (counts[c] + types * pl) / (total + types) : pl));
    }
}
} // namespace

void CharLm::finish()
{
    const size_t s = size_t(m_size);
    m_uni.assign(s, 0);
    m_bi.assign(s * s, 0);
    m_tri.assign(s * s * s, 0);
    double total = 0;
    for (double c : m_uniCount)
        total += c;
    for (size_t c = 0; c < s; ++c) // add-one on the characters
        m_uni[c] = float(std::log((m_uniCount[c] + 1) / (total + double(s))));
    for (size_t b = 0; b < s; ++b)
        interpolate(&m_biCount[b * s], m_uni.data(), &m_bi[b * s], m_size);
    for (size_t ab = 0; ab < s * s; ++ab)
        interpolate(&m_triCount[ab * s], &m_bi[(ab % s) * s], &m_tri[ab * s], m_size);
    for (float &lp : m_tri)
        lp = float(m_scale * double(lp));
    m_triCount.clear();
    m_biCount.clear();
    m_uniCount.clear();
}

double CharLm::logProb(const QString &prefix, QChar c) const
{
    const int k = index(c);
    if (k < 0 || m_tri.empty())
        return std::log(1.0 / m_size);
    const qsizetype n = prefix.size();
    const int b = n >= 1 ? std::max(0, index(prefix[n - 1])) : 0;
    const int a = n >= 2 ? std::max(0, index(prefix[n - 2])) : 0;
    const size_t s = size_t(m_size);
    return m_tri[(size_t(a) * s + size_t(b)) * s + size_t(k)];
}

double CharLm::logProbWord(const QString &word) const
{
    double lp = 0;
    for (qsizetype i = 0; i <= word.size(); ++i)
        lp += logProb(word.left(i), i < word.size() ? word[i] : QChar());
    return lp;
}

QString Lexicons::findDir()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("PLUME_LEXICON_DIR");
    if (!env.isEmpty())
        dirs << env;
    const QString installed = datadir::locate(QStringLiteral("lexicons/communes.tsv"));
    if (!installed.isEmpty())
        dirs << QFileInfo(installed).absolutePath();
    for (const QString &dir : dirs)
        if (QFileInfo::exists(dir + QStringLiteral("/communes.tsv")))
            return QDir::cleanPath(dir);
    return {};
}

namespace {
const QString kCaps = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ-' ");
const QString kLower = QStringLiteral("abcdefghijklmnopqrstuvwxyz");
const QString kDigits = QStringLiteral("0123456789");

bool readLines(const QString &path, QStringList *lines, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("plume::recognition", "impossible de lire %1 : %2")
                         .arg(path, f.errorString());
        return false;
    }
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            lines->append(QString::fromUtf8(line.trimmed()));
    return true;
}
} // namespace

bool Lexicons::load(const QString &dirIn, QString *error)
{
    const QString dir = dirIn.isEmpty() ? findDir() : dirIn;
    if (dir.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("plume::recognition",
                                                 "aucun lexique trouvé (voir PLUME_LEXICON_DIR)");
        return false;
    }
    QStringList communes, domains, words;
    const auto path = [&](const char *name) -> QString {
        return dir + QLatin1Char('/') + QLatin1String(name);
    };
    if (!readLines(path("communes.tsv"), &communes, error) ||
        !readLines(path("surnames.txt"), &m_surnames, error) ||
        !readLines(path("given_names.txt"), &m_given, error) ||
        !readLines(path("street_types.txt"), &m_streetTypes, error) ||
        !readLines(path("street_names.txt"), &m_streetNames, error) ||
        !readLines(path("street_words.txt"), &words, error) ||
        !readLines(path("email_domains.tsv"), &domains, error))
        return false;
    m_givenAnyCase = m_given;
    for (const QString &g : std::as_const(m_given))
        m_givenAnyCase << g.toUpper();
    addCommunes(communes);
    for (const QString &n : m_streetNames)
        words += n.split(QRegularExpression(QStringLiteral("[^A-Z]+")), Qt::SkipEmptyParts);
    addStreetWords(words);
    addDomains(domains);
    buildModels(words);
    m_loaded = !m_communes.isEmpty();
    if (!m_loaded && error)
        *error = QCoreApplication::translate("plume::recognition", "aucune commune lue dans %1")
                     .arg(path("communes.tsv"));
    return m_loaded;
}

QString Lexicons::sharedUnavailableNotice()
{
    const Lexicons &l = shared();
    if (l.isLoaded())
        return {};
    return QCoreApplication::translate("plume::recognition",
                                       "lexiques indisponibles (%1) : les fiches contact sont lues "
                                       "sans contexte, bien plus de champs sont à vérifier")
        .arg(l.m_error);
}

// communes.tsv: postcode, name, population; a commune's weight is its population's share
// among the communes of its postcode.
void Lexicons::addCommunes(const QStringList &lines)
{
    QHash<QString, double> total;
    for (const QString &line : lines) {
        const QStringList f = line.split(QLatin1Char('\t'));
        if (f.size() < 3)
            continue;
        m_rows.append({f[0], f[1], f[2].toDouble()});
        const QStringList spellings = communeSpellings(f[1]); // once, not at every reading
        m_communes[f[0]].append({f[1], f[2].toDouble() + 1, spellings.value(1)});
        total[f[0]] += f[2].toDouble() + 1;
    }
    for (auto it = m_communes.begin(); it != m_communes.end(); ++it)
        for (Commune &c : *it)
            c.weight /= total.value(it.key());
}

// Street words by length, each also with a plural S (isStreetWord accepts S and X).
void Lexicons::addStreetWords(const QStringList &words)
{
    m_streetWords = QSet<QString>(words.cbegin(), words.cend());
    for (const QString &w : std::as_const(m_streetWords)) {
        m_streetWordsByLength[int(w.size())].append(w);
        if (!w.endsWith(QLatin1Char('S')))
            m_streetWordsByLength[int(w.size()) + 1].append(w + QLatin1Char('S'));
    }
    for (QStringList &l : m_streetWordsByLength)
        l.sort();
}

// email_domains.tsv: domain, weight; weights normalised to shares.
void Lexicons::addDomains(const QStringList &lines)
{
    double sum = 0;
    for (const QString &line : lines) {
        const QStringList f = line.split(QLatin1Char('\t'));
        if (f.size() == 2) {
            m_domains.append({f[0], f[1].toDouble()});
            sum += f[1].toDouble();
        }
    }
    for (auto &d : m_domains)
        d.second /= sum;
}

// The four character models (CharLm), from the lists: capitals (nom, commune), given
// names, street names, e-mail local parts.
void Lexicons::buildModels(const QStringList &streetWords)
{
    // The e-mail model's scale was chosen on validation writers (eval-sheets, seed 2): a
    // local part no list holds (pseudonyms, initials, rare names) is read better when the
    // ink weighs more. Lower scales for the other models read no better on other seeds.
    auto caps = std::make_shared<CharLm>(kCaps);
    auto given = std::make_shared<CharLm>(kCaps + kLower);
    auto street = std::make_shared<CharLm>(kCaps);
    auto local = std::make_shared<CharLm>(kLower + kDigits + QStringLiteral("._-"), 0.4);
    for (const QString &s : m_surnames) {
        caps->add(s);
        local->add(s.toLower());
    }
    for (qsizetype i = 0; i < m_given.size(); ++i) {
        const QString &g = m_given[i];
        caps->add(g.toUpper());
        given->add(g);
        local->add(g.toLower());
        // E-mail local parts often end in two digits (a year, a department): the model
        // learns that digits come last, from a fixed sample of them.
        local->add(g.toLower() + QString::number(10 + (i * 37) % 90));
    }
    addPlaceWords(*caps, *given);
    // The French words of street names also teach the name and e-mail models how French
    // is spelt: a name no list holds is still written with French letter sequences.
    for (const QString &w : streetWords) {
        street->add(w);
        caps->add(w);
        given->add(w.left(1) + w.mid(1).toLower());
        local->add(w.toLower());
    }
    for (const QString &n : m_streetNames)
        street->add(n);
    for (const auto &lm : {caps, given, street, local})
        lm->finish();
    m_lms = {caps, given, street, local};
}

void Lexicons::addPlaceWords(CharLm &caps, CharLm &given) const
{
    static const QRegularExpression separators(QStringLiteral("[-' ]"));
    for (const Row &r : m_rows) {
        caps.add(r.name);
        // Given names are few: the model of prénoms also learns from place names' words.
        for (const QString &w : r.name.split(separators, Qt::SkipEmptyParts))
            if (w.size() > 2)
                given.add(w.left(1) + w.mid(1).toLower());
    }
}

const Lexicons &Lexicons::shared()
{
    static const Lexicons lexicons = [] {
        Lexicons l;
        l.load({}, &l.m_error);
        return l;
    }();
    return lexicons;
}

QStringList communeSpellings(const QString &name)
{
    if (!name.contains(QLatin1String("SAINT")))
        return {name};
    static const QRegularExpression saint(QStringLiteral("(^|[- '])SAINT(E?)(?=[- '])"));
    QString shortened = name;
    shortened.replace(saint, QStringLiteral("\\1ST\\2"));
    return shortened == name ? QStringList{name} : QStringList{name, shortened};
}

const QVector<Commune> &Lexicons::communes(const QString &postcode) const
{
    static const QVector<Commune> none;
    auto it = m_communes.constFind(postcode);
    return it == m_communes.constEnd() ? none : *it;
}

bool Lexicons::isStreetWord(const QString &word) const
{
    if (m_streetWords.contains(word))
        return true;
    return word.size() > 2 &&
           (word.endsWith(QLatin1Char('S')) || word.endsWith(QLatin1Char('X'))) &&
           m_streetWords.contains(word.chopped(1));
}

const QStringList &Lexicons::streetWordsOfLength(int length) const
{
    static const QStringList none;
    auto it = m_streetWordsByLength.constFind(length);
    return it == m_streetWordsByLength.constEnd() ? none : *it;
}

const CharLm &Lexicons::lm(Lm which) const
{
    static const CharLm empty;
    const auto &p = m_lms[size_t(which)];
    return p ? *p : empty;
}

} // namespace plume::recognition
