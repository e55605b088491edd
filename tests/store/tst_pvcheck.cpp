// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// PV arithmetic rules, explained in French.
#include "forms/pvcheck.h"

#include <QJsonObject>
#include <QtTest>

using namespace plume;

class TestPvCheck : public QObject
{
    Q_OBJECT
    store::ElectionConfig election()
    {
        store::ElectionConfig e;
        e.electionName = QStringLiteral("E");
        e.stationCode = QStringLiteral("A");
        e.candidates = {{QStringLiteral("a"), QStringLiteral("A"), 1},
                        {QStringLiteral("b"), QStringLiteral("B"), 2}};
        return e;
    }
    QHash<QString, QString> consistent()
    {
        return {{QStringLiteral("inscrits"), QStringLiteral("1000")},
                {QStringLiteral("votants"), QStringLiteral("600")},
                {QStringLiteral("enveloppes"), QStringLiteral("600")},
                {QStringLiteral("blancs"), QStringLiteral("10")},
                {QStringLiteral("nuls"), QStringLiteral("5")},
                {QStringLiteral("exprimes"), QStringLiteral("585")},
                {QStringLiteral("voix.a"), QStringLiteral("300")},
                {QStringLiteral("voix.b"), QStringLiteral("285")}};
    }
    static QStringList rules(const QVector<forms::RuleFailure> &f)
    {
        QStringList out;
        for (const auto &x : f)
            out << forms::ruleId(x.rule);
        return out;
    }
private slots:
    void consistentPvPasses() { QVERIFY(forms::checkPv(consistent(), election()).isEmpty()); }
    // Votants above the PV's own inscrits: to explain within their slack (5 %, at least 10),
    // impossible beyond, with or without a list (an election file without inscrits let 99,999
    // votants under 100 inscrits be sealed with a sentence; a hostile review, 2026-12-02).
    void votantsFarAboveTheirOwnInscritsAreImpossible()
    {
        auto v = consistent(); // no list: the election gives no inscrits
        v[QStringLiteral("votants")] = QStringLiteral("1050");
        auto f = forms::checkPv(v, election());
        QCOMPARE(rules(f), (QStringList{QStringLiteral("votants_le_inscrits"),
                                        QStringLiteral("enveloppes_votants")}));
        QVERIFY(!forms::hasImpossible(f));
        v[QStringLiteral("votants")] = QStringLiteral("1051");
        f = forms::checkPv(v, election());
        QVERIFY(rules(f).contains(QStringLiteral("compte_ecart")));
        QVERIFY(forms::hasImpossible(f));
        QVERIFY2(f.first().explanation.contains(QStringLiteral("nombre d'inscrits de ce PV")),
                 qPrintable(f.first().explanation));
        // With a list of 1,250: inscrits 1,188 (within its slack of 62), votants 1,312 (within
        // the list's slack, but 124 above the PV's own inscrits, whose slack is 59).
        auto e = election();
        e.inscrits = 1250;
        auto w = consistent();
        w[QStringLiteral("inscrits")] = QStringLiteral("1188");
        w[QStringLiteral("votants")] = QStringLiteral("1312");
        f = forms::checkPv(w, e);
        QVERIFY(rules(f).contains(QStringLiteral("compte_ecart")));
        QVERIFY(forms::hasImpossible(f));
    }
    void votantsAboveInscrits()
    {
        auto v = consistent();
        v[QStringLiteral("votants")] = QStringLiteral("1001");
        const auto f = forms::checkPv(v, election());
        QVERIFY(rules(f).contains(QStringLiteral("votants_le_inscrits")));
        QVERIFY(f.first().explanation.contains(QStringLiteral("plus de votants")));
    }
    void exprimes()
    {
        auto v = consistent();
        v[QStringLiteral("blancs")] = QStringLiteral("11");
        const auto r = rules(forms::checkPv(v, election()));
        QCOMPARE(r, QStringList{QStringLiteral("exprimes_eq")});
    }
    void sumOfVotes()
    {
        auto v = consistent();
        v[QStringLiteral("voix.b")] = QStringLiteral("284");
        const auto f = forms::checkPv(v, election());
        QCOMPARE(rules(f), QStringList{QStringLiteral("somme_voix")});
        QVERIFY(f.first().explanation.contains(QStringLiteral("584")));
        QVERIFY(f.first().isImpossible());
    }
    void envelopeGapIsNotBlocking()
    {
        auto v = consistent();
        v[QStringLiteral("votants")] = QStringLiteral("601");
        const auto f = forms::checkPv(v, election());
        QCOMPARE(rules(f), QStringList{QStringLiteral("enveloppes_votants")});
        QVERIFY(!f.first().isImpossible());
    }
    void missingAndInvalid()
    {
        auto v = consistent();
        v.remove(QStringLiteral("nuls"));
        v[QStringLiteral("blancs")] = QStringLiteral("1O");
        const auto r = rules(forms::checkPv(v, election()));
        QVERIFY(r.contains(QStringLiteral("champs_manquants")));
        QVERIFY(r.contains(QStringLiteral("entier_positif")));
        QVERIFY(!r.contains(QStringLiteral("exprimes_eq"))); // cannot be judged yet
    }
    void kindsOfRules()
    {
        using forms::PvRule;
        for (PvRule r : {PvRule::CountInvalid, PvRule::CountsMissing, PvRule::ExprimesEq,
                         PvRule::SommeVoix, PvRule::CodeBureau, PvRule::InscritsEcart})
            QCOMPARE(forms::ruleKind(r), forms::RuleKind::Impossible);
        for (PvRule r :
             {PvRule::VotantsLeInscrits, PvRule::EnveloppesVotants, PvRule::InscritsListe})
            QCOMPARE(forms::ruleKind(r), forms::RuleKind::ToExplain);
        QCOMPARE(forms::ruleFromId(QStringLiteral("somme_voix")), PvRule::SommeVoix);
        QVERIFY(!forms::ruleFromId(QStringLiteral("vu")));
    }
    // Each rule says what it asks in words (the PV document prints it next to the id).
    void everyRuleIsSaidInWords()
    {
        QSet<QString> said;
        for (const forms::PvRule r : forms::allRules()) {
            const QString words = forms::ruleStatementInFrench(r);
            QVERIFY2(words.size() > 10 && words.contains(QLatin1Char(' ')), qPrintable(words));
            QVERIFY(!words.contains(forms::ruleId(r)));
            said.insert(words);
        }
        QCOMPARE(said.size(), forms::allRules().size());
        QCOMPARE(forms::ruleStatementInFrench(forms::PvRule::ExprimesEq),
                 QStringLiteral("exprimés = enveloppes − blancs − nuls"));
    }
    void wrongStationCodeIsImpossible()
    {
        auto v = consistent();
        v[QStringLiteral("code_bureau")] = QStringLiteral("B");
        const auto f = forms::checkPv(v, election());
        QCOMPARE(rules(f), QStringList{QStringLiteral("code_bureau")});
        QVERIFY(f.first().isImpossible());
        QVERIFY(!f.first().advice.isEmpty());
        v[QStringLiteral("code_bureau")] = QStringLiteral("a"); // case does not matter
        QVERIFY(forms::checkPv(v, election()).isEmpty());
    }
    void negativeCountIsImpossible()
    {
        auto v = consistent();
        v[QStringLiteral("nuls")] = QStringLiteral("-5");
        const auto f = forms::checkPv(v, election());
        QCOMPARE(rules(f), QStringList{QStringLiteral("entier_positif")});
        QVERIFY(forms::hasImpossible(f));
        QVERIFY(!forms::hasToExplain(f));
    }
    void registeredNumberToExplain()
    {
        auto e = election();
        e.inscrits = 999;
        const auto f = forms::checkPv(consistent(), e);
        QCOMPARE(rules(f), QStringList{QStringLiteral("inscrits_liste")});
        QVERIFY(forms::hasToExplain(f));
        QVERIFY(!forms::hasImpossible(f));
        const QJsonObject j = forms::toJson(f).first().toObject();
        QCOMPARE(j.value(QStringLiteral("kind")).toString(), QStringLiteral("to_explain"));
        QCOMPARE(j.value(QStringLiteral("blocking")).toBool(), false);
    }
    // Beyond 10 voters, or 5 % of the list, the difference is impossible: no reason and no
    // signatures make a station of 1,000 registered voters one of 10 million.
    void registeredNumberFarIsImpossible()
    {
        auto e = election();
        QCOMPARE(forms::inscritsSlack(1000), 50);
        QCOMPARE(forms::inscritsSlack(120), 10);
        e.inscrits = 960; // the PV says 1000: 40 apart, within 48, still to explain
        QCOMPARE(rules(forms::checkPv(consistent(), e)),
                 QStringList{QStringLiteral("inscrits_liste")});
        e.inscrits = 940; // 60 apart, beyond 47
        const auto f = forms::checkPv(consistent(), e);
        QCOMPARE(rules(f), QStringList{QStringLiteral("inscrits_ecart")});
        QVERIFY(forms::hasImpossible(f));
        QVERIFY(!f.first().advice.isEmpty());
        e.inscrits = 1060; // below the list as above it (60 apart, beyond 53)
        QCOMPARE(rules(forms::checkPv(consistent(), e)),
                 QStringList{QStringLiteral("inscrits_ecart")});
    }
    // Counts near INT64_MAX made Σ voix wrap round and equal exprimés: a count above five
    // boxes (99,999, HQ's bound too) is no count.
    void hugeCountsAreInvalid()
    {
        auto v = consistent();
        v[QStringLiteral("voix.a")] = QStringLiteral("9223372036854775807");
        v[QStringLiteral("voix.b")] = QStringLiteral("9223372036854775807");
        const auto f = forms::checkPv(v, election());
        QVERIFY(rules(f).contains(QStringLiteral("entier_positif")));
        QVERIFY(forms::hasImpossible(f));
        v[QStringLiteral("voix.a")] = QString::number(forms::kMaxPvCount);
        v[QStringLiteral("voix.b")] = QStringLiteral("285");
        QVERIFY(!rules(forms::checkPv(v, election())).contains(QStringLiteral("entier_positif")));
    }
    // With inscrits left at the list's 1,000, 9 million votants (a PV that adds up) were only a
    // rule to explain: a sentence and two names sealed them, and HQ refused them. Any count
    // above the list by more than its slack is impossible; within it, still to explain.
    void countFarAboveTheListIsImpossible()
    {
        auto e = election();
        e.inscrits = 1000;
        auto v = consistent();
        // (90 thousand: since counts stop at five boxes, 9 million is not even a count)
        v[QStringLiteral("votants")] = v[QStringLiteral("enveloppes")] = QStringLiteral("90015");
        v[QStringLiteral("exprimes")] = QStringLiteral("90000");
        v[QStringLiteral("voix.a")] = QStringLiteral("89715");
        auto f = forms::checkPv(v, e);
        QCOMPARE(rules(f),
                 (QStringList{QStringLiteral("compte_inscrits"), QStringLiteral("compte_inscrits"),
                              QStringLiteral("compte_inscrits"), QStringLiteral("compte_inscrits"),
                              QStringLiteral("votants_le_inscrits")}));
        QVERIFY(forms::hasImpossible(f));
        QCOMPARE(f.first().fields, QStringList{QStringLiteral("votants")});
        QVERIFY2(f.first().explanation.contains(QStringLiteral("liste électorale")),
                 qPrintable(f.first().explanation));
        QVERIFY(!f.first().advice.isEmpty());
        // Named as a person reads them, not by field id (a review: "voix.a" in the window).
        QVERIFY2(f.at(3).explanation.contains(QStringLiteral("« voix de A »")),
                 qPrintable(f.at(3).explanation));
        for (const auto &rule : f)
            QVERIFY2(!rule.explanation.contains(QStringLiteral("voix.")) &&
                         !rule.explanation.contains(QStringLiteral("exprimes")),
                     qPrintable(rule.explanation));
        v = consistent();
        v[QStringLiteral("votants")] = QStringLiteral("1050"); // the slack of 1000: 50
        QCOMPARE(rules(forms::checkPv(v, e)), (QStringList{QStringLiteral("votants_le_inscrits"),
                                                           QStringLiteral("enveloppes_votants")}));
        v[QStringLiteral("votants")] = QStringLiteral("1051");
        QVERIFY(rules(forms::checkPv(v, e)).contains(QStringLiteral("compte_inscrits")));
        // Above the list with nothing on the PV to explain it: more envelopes than registered
        // voters (HQ refuses it as over_inscrits); with inscrits added by a court, to explain.
        v = consistent();
        v[QStringLiteral("enveloppes")] = QStringLiteral("1005");
        v[QStringLiteral("exprimes")] = QStringLiteral("990");
        v[QStringLiteral("voix.a")] = QStringLiteral("705");
        QCOMPARE(rules(forms::checkPv(v, e)), (QStringList{QStringLiteral("compte_inscrits"),
                                                           QStringLiteral("enveloppes_votants")}));
        v[QStringLiteral("inscrits")] = QStringLiteral("1005");
        QCOMPARE(rules(forms::checkPv(v, e)), (QStringList{QStringLiteral("enveloppes_votants"),
                                                           QStringLiteral("inscrits_liste")}));
        e.inscrits.reset(); // no list: nothing to compare with
        QVERIFY(!rules(forms::checkPv(v, e)).contains(QStringLiteral("compte_inscrits")));
    }
};

QTEST_GUILESS_MAIN(TestPvCheck)
#include "tst_pvcheck.moc"
