// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Lexicons of the contact sheet (resources/lexicons, built by tools/lexicons/build.mjs) and
// character language models trained on them at load time: a soft prior for reading in
// context (issue 16), never a list of the only allowed values.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <memory>
#include <vector>

namespace plume::recognition {

// Trigram character model with interpolated (Witten-Bell) back-off down to uniform, over a
// fixed alphabet; words are scored from a start context to an end symbol. `scale` weighs its
// log probabilities against the ink's (a language-model scale, as in speech recognition:
// under 1 where the values to read are often not like the words it learnt from).
class CharLm
{
public:
    explicit CharLm(const QString &alphabet = {}, double scale = 1.0);
    void add(const QString &word); // characters outside the alphabet are skipped
    void finish();                 // computes the probabilities (after the last add)
    // log P(c | previous two characters of prefix); c = QChar() is the end of the word.
    double logProb(const QString &prefix, QChar c) const;
    double logProbWord(const QString &word) const; // includes the end symbol
    const QString &alphabet() const { return m_alphabet; }

private:
    int index(QChar c) const; // 0 = boundary, -1 = not in the alphabet
    QString m_alphabet;
    std::array<qint8, 128> m_index{}; // ASCII character -> index (0 = not in the alphabet)
    int m_size = 1;                   // alphabet + boundary
    double m_scale = 1;
    std::vector<float> m_tri, m_bi, m_uni; // log probabilities after finish()
    std::vector<double> m_triCount, m_biCount, m_uniCount;
};

struct Commune
{
    QString name;      // capitals, no accents (PARIS, SAINT-ETIENNE, ST GEORGES D ESPERANCHE)
    double weight = 1; // population share among the communes of its postcode
    QString shortName; // SAINT shortened to ST (communeSpellings), "" when the same
};

// How a commune may be written in the boxes: its name, and with SAINT and SAINTE as La Poste
// and most people shorten them (SAINT-MALO: ST MALO; BOURG-SAINT-ANDEOL: BOURG-ST-ANDEOL).
QStringList communeSpellings(const QString &name);

class Lexicons
{
public:
    enum class Lm { Caps, Given, Street, EmailLocal };

    // $PLUME_LEXICON_DIR, <exe dir>/../share/plume/lexicons, the source tree's
    // resources/lexicons; empty when none holds communes.tsv.
    static QString findDir();
    bool load(const QString &dir = {}, QString *error = nullptr);
    // Loaded once per process from findDir() (not loaded when no lexicon is found: the
    // recogniser then reads without context).
    static const Lexicons &shared();
    bool isLoaded() const { return m_loaded; }
    // Why shared() is not loaded, said to the official: contact sheets are then read without
    // context (each field alone: far more fields flagged). Empty when it is loaded.
    static QString sharedUnavailableNotice();

    const QVector<Commune> &communes(const QString &postcode) const;
    bool isPostcode(const QString &postcode) const { return m_communes.contains(postcode); }
    int postcodeCount() const { return int(m_communes.size()); }
    const QStringList &surnames() const { return m_surnames; }
    const QStringList &givenNames() const { return m_given; }
    // The given names as written (Lea), then in capitals (LEA): a prénom is written either
    // way. Made once at load.
    const QStringList &givenNamesAnyCase() const { return m_givenAnyCase; }
    const QStringList &streetTypes() const { return m_streetTypes; }
    const QStringList &streetNames() const { return m_streetNames; }
    // A street word (or a commune word), also word+S / word+X.
    bool isStreetWord(const QString &word) const;
    int streetWordCount() const { return int(m_streetWords.size()); }
    // The street words (and their plurals in S) of a length.
    const QStringList &streetWordsOfLength(int length) const;
    // Providers of personal e-mail with their share (sums to 1).
    const QVector<QPair<QString, double>> &emailDomains() const { return m_domains; }
    const CharLm &lm(Lm which) const;
    // Every commune name (for the generator of test sheets), with the population weight
    // of each postcode row.
    struct Row
    {
        QString postcode;
        QString name;
        double population = 0;
    };
    const QVector<Row> &communeRows() const { return m_rows; }

private:
    void addCommunes(const QStringList &lines);
    void addStreetWords(const QStringList &words);
    void addDomains(const QStringList &lines);
    void buildModels(const QStringList &streetWords);
    void addPlaceWords(CharLm &caps, CharLm &given) const;

    bool m_loaded = false;
    QString m_error; // why load() failed (shared() keeps it)
    QHash<QString, QVector<Commune>> m_communes;
    QVector<Row> m_rows;
    QStringList m_surnames, m_given, m_givenAnyCase, m_streetTypes, m_streetNames;
    QSet<QString> m_streetWords;
    QHash<int, QStringList> m_streetWordsByLength;
    QVector<QPair<QString, double>> m_domains;
    std::array<std::shared_ptr<CharLm>, 4> m_lms;
};

} // namespace plume::recognition
