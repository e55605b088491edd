// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "fuzz_hq.h"

#include "hq/election.h"
#include "hq/validate.h"
#include "sync/submission.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace plume::hq {
namespace {

const Election &election()
{
    static const Election e = [] {
        QString error;
        return *parseElection(
            R"({"election":{"id":"test-2026","name":"Test","round":1,"date":"2026-11-22"},)"
            R"("candidates":[{"id":"a","name":"Alice","order":1},{"id":"b","name":"Bob","order":2}],)"
            R"("stations":[{"code":"S1","name":"Un","commune":"Paris","inscrits":1000}]})",
            &error);
    }();
    return e;
}

void validate(const sync::Submission &s)
{
    const Election *e = electionIdOf(s) == election().id ? &election() : nullptr;
    PvSummary summary;
    (void)validatePv(s, e, &summary);
    (void)validateContacts(s, e);
}

// The bytes as a payload: kind, version and station taken from it when it says them.
void asPayload(const QByteArray &bytes)
{
    const QJsonObject payload = QJsonDocument::fromJson(bytes).object();
    if (payload.isEmpty())
        return;
    sync::Submission s;
    s.payload = payload;
    s.station = payload.value(QStringLiteral("station"))
                    .toObject()
                    .value(QStringLiteral("code"))
                    .toString(QStringLiteral("S1"));
    s.version = payload.value(QStringLiteral("version"))
                    .toInteger(payload.value(QStringLiteral("batch")).toInteger(1));
    for (const QString &kind : {sync::kKindPv, sync::kKindContacts}) {
        s.kind = kind;
        validate(s);
    }
}

} // namespace

void fuzzHqInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    if (const auto s = sync::parseSubmission(bytes, &error))
        validate(*s);
    asPayload(bytes);
}

} // namespace plume::hq

#ifdef PLUME_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_hq";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    plume::hq::fuzzHqInput(data, size);
    return 0;
}
#endif
