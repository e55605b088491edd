// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Canonical JSON, signature round trip, tamper and replay detection.
#include "forms/fieldstate.h"
#include "sync/canonicaljson.h"
#include "sync/crypto.h"
#include "sync/jsonoutline.h"
#include "sync/seal.h"
#include "sync/submission.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace plume::sync;

class TestSeal : public QObject
{
    Q_OBJECT
private slots:
    void canonicalForms();
    void canonicalRefuses();
    void canonicalRoundTrip();
    void signatureRoundTrip();
    void tamperDetected();
    void trailingNewlineInIdsRefused();
    void replayedSignatureRefused();
    void sealedDocument();
    void strictBase64();
    void outlineReadsAsAParser();
};

static QByteArray canon(const QJsonValue &v)
{
    QString error;
    const auto b = canonicalJson(v, &error);
    if (!b)
        qWarning("%s", qPrintable(error));
    return b.value_or(QByteArray("<error>"));
}

void TestSeal::canonicalForms()
{
    QJsonObject o{{QStringLiteral("b"), 2},
                  {QStringLiteral("a"), QJsonArray{1, true, QJsonValue::Null, -3}},
                  {QStringLiteral("Z"), QStringLiteral("é\"\\\n\t\x01/")},
                  {QStringLiteral("n"), 9007199254740991.0}};
    QCOMPARE(canon(o),
             QByteArray("{\"Z\":\"\xc3\xa9\\\"\\\\\\n\\t\\u0001/\",\"a\":[1,true,null,-3],"
                        "\"b\":2,\"n\":9007199254740991}"));
    QCOMPARE(canon(QJsonObject{}), QByteArray("{}"));
    QCOMPARE(canon(QJsonArray{}), QByteArray("[]"));
    QCOMPARE(canon(QJsonValue(0.0)), QByteArray("0"));
    QCOMPARE(canon(QJsonValue(-0.0)), QByteArray("0"));
}

void TestSeal::canonicalRefuses()
{
    QString error;
    QVERIFY(!canonicalJson(QJsonValue(1.5), &error));
    QVERIFY(error.contains(QLatin1String("entiers")));
    QVERIFY(!canonicalJson(QJsonValue(9007199254740992.0 * 2), &error));
    QJsonValue deep = QJsonArray{1};
    for (int i = 0; i < kMaxCanonicalDepth + 2; ++i)
        deep = QJsonArray{deep};
    QVERIFY(!canonicalJson(deep, &error));
    QVERIFY(error.contains(QStringLiteral("profondément")));
}

void TestSeal::canonicalRoundTrip()
{
    const QByteArray text = "{ \"z\" : [ 3 , 2 ], \"a\":{\"y\":\"\\u00e9\",\"x\":1e2} }";
    const QByteArray c = canon(QJsonDocument::fromJson(text).object());
    QCOMPARE(c, QByteArray("{\"a\":{\"x\":100,\"y\":\"\xc3\xa9\"},\"z\":[3,2]}"));
    // canonical(parse(canonical(x))) == canonical(x)
    QCOMPARE(canon(QJsonDocument::fromJson(c).object()), c);
}

static Submission sample(const KeyPair &kp, const QString &station = QStringLiteral("S1"))
{
    return Submission::create(
        kKindPv, 1, station,
        QJsonObject{{QStringLiteral("counts"), QJsonObject{{QStringLiteral("votants"), 800}}},
                    {QStringLiteral("remarques"), QStringLiteral("écart expliqué")}},
        kp);
}

void TestSeal::signatureRoundTrip()
{
    const KeyPair kp = generateKeyPair();
    QCOMPARE(kp.publicKey.size(), 32);
    const Submission s = sample(kp);
    QCOMPARE(s.sha256, sha256Hex(s.signedBytes));
    QString why;
    QVERIFY2(verifySubmission(s, kp.publicKey, &why), qPrintable(why));
    // Through the HTTP body and back.
    const auto parsed = parseSubmission(s.httpBody(), &why);
    QVERIFY2(parsed, qPrintable(why));
    QCOMPARE(parsed->signedBytes, s.signedBytes);
    QCOMPARE(parsed->uuid, s.uuid);
    QVERIFY(verifySubmission(*parsed, kp.publicKey, &why));
    // The body is itself canonical.
    QCOMPARE(canon(QJsonDocument::fromJson(s.httpBody()).object()), s.httpBody());
    // Another key does not verify.
    QVERIFY(!verifySubmission(s, generateKeyPair().publicKey, &why));
}

// `$` in a pattern also matches before a final newline: a station "S1\n" (signed by any key)
// passed the shape check and split plume-hq's access-log line in two (a hostile review).
void TestSeal::trailingNewlineInIdsRefused()
{
    const KeyPair kp = generateKeyPair();
    QString why;
    QVERIFY(parseSubmission(sample(kp).httpBody(), &why));
    QVERIFY(!parseSubmission(sample(kp, QStringLiteral("S1\n")).httpBody(), &why));
    QVERIFY2(why.contains(QStringLiteral("code de bureau")), qPrintable(why));
    Submission s = sample(kp);
    const QByteArray body = s.httpBody();
    QByteArray withNewline = body;
    withNewline.replace(s.sha256.toLatin1(), QByteArray(s.sha256.toLatin1() + "\\n"));
    QVERIFY(withNewline != body);
    QVERIFY(!parseSubmission(withNewline, &why));
    QVERIFY2(why.contains(QStringLiteral("sha256")), qPrintable(why));
    withNewline = body;
    withNewline.replace(s.uuid.toLatin1(), QByteArray(s.uuid.toLatin1() + "\\n"));
    QVERIFY(!parseSubmission(withNewline, &why));
    // The values an official types: a count or a postcode with a newline is no count.
    plume::forms::FieldSpec count;
    count.grammar = plume::forms::Grammar::Count;
    count.boxes = 5;
    QVERIFY(plume::forms::validateValue(count, QStringLiteral("12")).isEmpty());
    QVERIFY(!plume::forms::validateValue(count, QStringLiteral("12\n")).isEmpty());
}

void TestSeal::tamperDetected()
{
    const KeyPair kp = generateKeyPair();
    const Submission s = sample(kp);
    const QByteArray body = s.httpBody();
    // Change one digit of a count: still well formed, must fail.
    QByteArray t = body;
    t.replace("\"votants\":800", "\"votants\":801");
    QVERIFY(t != body);
    QString why;
    auto p = parseSubmission(t, &why);
    QVERIFY(p);
    QVERIFY(!verifySubmission(*p, kp.publicKey, &why));
    // Recomputing the hash does not help: the signature still fails.
    p->sha256 = sha256Hex(p->signedBytes);
    QVERIFY(!verifySubmission(*p, kp.publicKey, &why));
    QCOMPARE(why, QStringLiteral("signature invalide"));
    // Every single byte of the signed content flipped.
    for (qsizetype i = 0; i < s.signedBytes.size(); i += 7) {
        Submission m = s;
        m.signedBytes[i] = char(m.signedBytes[i] ^ 0x01);
        QVERIFY(!verifySubmission(m, kp.publicKey));
    }
}

void TestSeal::replayedSignatureRefused()
{
    const KeyPair kp = generateKeyPair();
    const Submission a = sample(kp);
    Submission b = sample(kp); // same content, another uuid and time
    b.signature = a.signature;
    QVERIFY(!verifySubmission(b, kp.publicKey));
    // Another station's key cannot sign for this one.
    const KeyPair other = generateKeyPair();
    const Submission c = sample(other, QStringLiteral("S1"));
    QVERIFY(!verifySubmission(c, kp.publicKey));
}

void TestSeal::sealedDocument()
{
    const KeyPair kp = generateKeyPair();
    const Submission s = sample(kp);
    const QByteArray doc = sealedDocumentJson(s, kp.publicKey);
    QString why;
    QVERIFY2(verifySealedDocument(doc, QByteArray(), &why), qPrintable(why));
    QVERIFY(verifySealedDocument(doc, kp.publicKey, &why));
    QVERIFY(!verifySealedDocument(doc, generateKeyPair().publicKey, &why));
    // Any changed byte fails, even one that does not change the meaning.
    const qsizetype start = doc.indexOf("\"signed\":");
    for (qsizetype i = start; i < doc.size() - 2; i += 5) {
        QByteArray t = doc;
        t[i] = char(t[i] == ' ' ? '\t' : t[i] ^ 0x20);
        QVERIFY2(!verifySealedDocument(t, QByteArray(), &why), qPrintable(QString::number(i)));
    }
}

void TestSeal::strictBase64()
{
    QVERIFY(decodeBase64Strict("AAAA"));
    QVERIFY(!decodeBase64Strict("AAA"));
    QVERIFY(!decodeBase64Strict("AA=A"));
    QVERIFY(!decodeBase64Strict("AB==")); // stray bits
    QVERIFY(!decodeBase64Strict("A*AA"));
    QVERIFY(!decodeBase64Strict(""));
}

QTEST_GUILESS_MAIN(TestSeal)
// The outline parseSubmission checks before parsing: strings (escapes included) are skipped,
// so text full of brackets and commas is neither nesting nor values; the value of "signed"
// is found as written.
void TestSeal::outlineReadsAsAParser()
{
    const JsonOutline o = outlineJson(
        R"({"a":"[[[,,{\"]]",  "signed" : {"x":[1,2,{}],"s":"}"} ,"b":[[]]})", "signed");
    QCOMPARE(o.depth, 4);
    QCOMPARE(o.containers, 6);
    QCOMPARE(o.values, 1 + 5 + 6);
    QCOMPARE(o.memberCount, 1);
    const QByteArray text = R"({"a":"[[[,,{\"]]",  "signed" : {"x":[1,2,{}],"s":"}"} ,"b":[[]]})";
    const JsonOutline t = outlineJson(text, "signed");
    QCOMPARE(text.mid(t.memberBegin, t.memberEnd - t.memberBegin),
             QByteArray(R"({"x":[1,2,{}],"s":"}"})"));
    QCOMPARE(outlineJson(R"({"signed":1,"x":{"signed":{}}})", "signed").memberCount, 1);
    QCOMPARE(outlineJson(R"({"signed":1,"x":{"signed":{}}})", "signed").memberBegin, -1);
    // Root keys written twice or with an escape are seen; nested ones are the parser's.
    QVERIFY(!outlineJson(R"({"a":1,"b":{"a":2,"a":3}})").rootKeyRepeated);
    QVERIFY(outlineJson(R"({"a":1,"b":2,"a":3})").rootKeyRepeated);
    QVERIFY(outlineJson(R"({"\u0061":1,"b":2})").rootKeyRepeated);
    QVERIFY(!outlineJson(R"({"a":"x\"y","b":"a"})").rootKeyRepeated);
    // A real submission whose remarks are 20 levels of brackets and 1,000 commas is accepted.
    const QString remarks =
        QString(20, QLatin1Char('[')) + QString(1000, QLatin1Char(',')) + QStringLiteral("\"\\");
    const Submission s =
        Submission::create(kKindPv, 1, QStringLiteral("S1"),
                           QJsonObject{{QStringLiteral("remarques"), remarks}}, generateKeyPair());
    QString why;
    const auto parsed = parseSubmission(s.httpBody(), &why);
    QVERIFY2(parsed, qPrintable(why));
    QCOMPARE(parsed->signedBytes, s.signedBytes);
    QCOMPARE(outlineJson(s.httpBody()).depth, 3);
}

#include "tst_seal.moc"
