// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "fuzz_pen.h"

#include "pen/codec.h"
#include "pen/offline.h"
#include "pen/packets.h"
#include "pen/session.h"

#include <QCoreApplication>

namespace plume::pen {

void fuzzPenInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = size ? qsizetype(data[0]) % (bytes.size() + 1) : 0;
    for (Direction dir : {Direction::PenToApp, Direction::AppToPen}) {
        Deframer d(dir, 4096);
        QVector<Frame> frames;
        d.feed(QByteArrayView(bytes).first(split), frames);
        d.feed(QByteArrayView(bytes).sliced(split), frames);
        for (const Frame &f : std::as_const(frames)) {
            (void)parsePenPacket(f);
            (void)encodeFrame(f);
        }
    }
    QString error;
    (void)parseOfflineChunk(bytes, &error);
    // The whole session path (assembly, counters, offline merge) on the same bytes.
    PenSession session(std::make_unique<ReplayPenTransport>(QString()), PenSession::Options{});
    session.feed(bytes);
}

} // namespace plume::pen

#ifdef PLUME_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_pen";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    plume::pen::fuzzPenInput(data, size);
    return 0;
}
#endif
