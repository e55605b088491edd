// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Flag reasons as codes (recognition/reason.h): French text as stored, JSON round trip,
// rendering in the reader's language, old readings without codes.
#include "recognition/context.h"
#include "recognition/field.h"
#include "recognition/pv.h"
#include "recognition/reason.h"

#include <QCoreApplication>
#include <QTranslator>
#include <QtTest>

using namespace plume::recognition;

namespace {

// A translator with a few English texts of the context plume::recognition.
class English : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        if (QByteArray(context) != "plume::recognition")
            return {};
        static const QHash<QString, QString> en = {
            {QStringLiteral(","), QStringLiteral(".")},
            {QStringLiteral(" ; "), QStringLiteral("; ")},
            {QStringLiteral("lecture incertaine (confiance %1 %, ce champ en demande %2 %)"),
             QStringLiteral("uncertain reading (confidence %1 %, this field needs %2 %)")},
            {QStringLiteral("lu %1 (F2) ; %2 proposé"),
             QStringLiteral("read %1 (F2); %2 proposed")},
            {QStringLiteral("%1 (%2)"), QStringLiteral("%1 (%2)")},
            {QStringLiteral("nom fréquent"), QStringLiteral("common surname")},
            {QStringLiteral("votants (%1) > inscrits (%2)"),
             QStringLiteral("voters (%1) > registered voters (%2)")},
            {QStringLiteral("PV incohérent, aucune lecture cohérente trouvée : %1"),
             QStringLiteral("inconsistent report, no consistent reading found: %1")},
        };
        return en.value(QString::fromUtf8(source));
    }
    bool isEmpty() const override { return false; }
};

QVector<BoxReading> boxesOf(const QString &text, double p)
{
    QVector<BoxReading> out;
    for (QChar c : text) {
        BoxReading b;
        if (c != QLatin1Char(' '))
            b.nbest = {{c, p}, {QLatin1Char('?'), 1 - p}};
        out.append(b);
    }
    return out;
}

} // namespace

class TestReason : public QObject
{
    Q_OBJECT

private slots:
    void frenchTextAsBefore()
    {
        QCOMPARE(
            lowConfidence(0.98961, 0.98969).text(false),
            QStringLiteral("lecture incertaine (confiance 98,9 %, ce champ en demande 99,0 %)"));
        // A threshold under 100 % never reads 100,0 % (a tired official would think it
        // cannot be met): as many decimals as it takes, up to 3.
        QCOMPARE(
            lowConfidence(0.999, 0.99977).text(false),
            QStringLiteral("lecture incertaine (confiance 99,9 %, ce champ en demande 99,98 %)"));
        QCOMPARE(
            lowConfidence(0.9996, 0.999974).text(false),
            QStringLiteral("lecture incertaine (confiance 99,96 %, ce champ en demande 99,998 %)"));
        // A confidence under its threshold never reads as equal to it: 99.87 % under
        // 99.92 % read « 99,9 % » under « 99,9 % » (a review of 2026-12-02).
        QCOMPARE(
            lowConfidence(0.99875, 0.99915).text(false),
            QStringLiteral("lecture incertaine (confiance 99,87 %, ce champ en demande 99,92 %)"));
        QCOMPARE(Reason(ReasonCode::StrokesOutside, {3}).text(false),
                 QStringLiteral("3 trait(s) hors des cases ignoré(s)"));
        const Reason proposal(ReasonCode::Proposal, {QStringLiteral("MARTIN"),
                                                     Reason(ReasonCode::FrequentSurname).toJson()});
        QCOMPARE(Reason(ReasonCode::ReadProposed, {QStringLiteral("M-RTIN"), proposal.toJson()})
                     .text(false),
                 QStringLiteral("lu M-RTIN (F2) ; MARTIN (nom fréquent) proposé"));
        // An argument holding "%1" is not substituted again.
        QCOMPARE(Reason(ReasonCode::MixedLettersDigits, {QStringLiteral("%1%2")}).text(false),
                 QStringLiteral("lettres et chiffres mêlés dans « %1%2 »"));
    }

    void jsonRoundTrip()
    {
        const Reasons reasons = {
            lowConfidence(0.5, 0.99),
            Reason(ReasonCode::PvIncoherentNone,
                   {reasonsToJson({Reason(ReasonCode::BrokenVotants,
                                          {QStringLiteral("412"), QStringLiteral("400")})})})};
        const QJsonArray json = reasonsToJson(reasons);
        QCOMPARE(json.first().toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("low_confidence"));
        const auto back = reasonsFromJson(json);
        QVERIFY(back);
        QCOMPARE(*back, reasons);
        QCOMPARE(
            reasonsText(*back, false),
            QStringLiteral("lecture incertaine (confiance 50,0 %, ce champ en demande 99,0 %) ; PV "
                           "incohérent, aucune lecture cohérente trouvée : votants (412) > "
                           "inscrits (400)"));
        // Unknown codes and nested garbage are refused, not rendered half.
        QVERIFY(!reasonsFromJson({QJsonObject{{QStringLiteral("code"), QStringLiteral("nope")}}}));
        QVERIFY(!reasonsFromJson({QJsonObject{
            {QStringLiteral("code"), QStringLiteral("proposed_in_f2")},
            {QStringLiteral("args"), QJsonArray{QJsonObject{{QStringLiteral("code"), 7}}}}}}));
        QVERIFY(!reasonsFromJson({QStringLiteral("low_confidence")}));
    }

    void shownInTheReadersLanguage()
    {
        const Reason proposal(ReasonCode::Proposal, {QStringLiteral("MARTIN"),
                                                     Reason(ReasonCode::FrequentSurname).toJson()});
        const Reasons reasons = {
            Reason(ReasonCode::ReadProposed, {QStringLiteral("M-RTIN"), proposal.toJson()}),
            lowConfidence(0.412, 0.9314)};
        const QString french = reasonsText(reasons, false);
        const QJsonObject nbest{{QStringLiteral("reasons"), reasonsToJson(reasons)}};
        QCOMPARE(readingReason(nbest, french), french); // no translator: the French source
        English en;
        QCoreApplication::installTranslator(&en);
        QCOMPARE(readingReason(nbest, french),
                 QStringLiteral("read M-RTIN (F2); MARTIN (common surname) proposed; uncertain "
                                "reading (confidence 41.2 %, this field needs 93.2 %)"));
        // Stored before reason codes, or with a code this build does not know: as stored.
        QCOMPARE(readingReason(QJsonObject{}, QStringLiteral("lecture incertaine")),
                 QStringLiteral("lecture incertaine"));
        const QJsonObject unknown{
            {QStringLiteral("reasons"),
             QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("future_code")}}}}};
        QCOMPARE(readingReason(unknown, QStringLiteral("texte")), QStringLiteral("texte"));
        QCoreApplication::removeTranslator(&en);
    }

    void decodersGiveCodesWithTheirText()
    {
        // Field grammar: a postcode of 4 digits says so, as text and as code.
        const FieldReading f =
            decodeField(boxesOf(QStringLiteral("7501"), 0.99), FieldGrammar::postcode(), 0.5);
        QVERIFY(f.flagged);
        QCOMPARE(f.reasons.size(), 1);
        QCOMPARE(f.reasons.first().code, ReasonCode::NotPostcode);
        QCOMPARE(f.reason, reasonsText(f.reasons, false));
        QVERIFY(f.reason.contains(QStringLiteral("4 chiffres sur 5")));
        // The PV: an inconsistent PV says which rule, in its message too.
        PvBoxes pv;
        pv.insert(QStringLiteral("inscrits"), boxesOf(QStringLiteral("100"), 0.999));
        pv.insert(QStringLiteral("votants"), boxesOf(QStringLiteral("900"), 0.999));
        const PvDecoding d = decodePv(pv);
        QVERIFY(!d.messageReason.isNull());
        QCOMPARE(d.message, d.messageReason.text(false));
        const PvFieldResult &v = d.fields.value(QStringLiteral("votants"));
        QVERIFY(v.flagged);
        QCOMPARE(v.reason, reasonsText(v.reasons, false));
    }
};

QTEST_GUILESS_MAIN(TestReason)
#include "tst_reason.moc"
