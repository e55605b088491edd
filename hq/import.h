// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Offline delivery at headquarters (docs/exports.md#offline): `plume-hq import` opens `.plume`
// files (sealed to HQ's key converted to X25519) and ingests them with the same checks and the
// same exactly-once rule as POST /api/v1/submissions.
#pragma once

#include "hq/hqdb.h"
#include "hq/keys.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::hq {

struct ImportItem
{
    QString uuid;       // empty when the body did not parse
    int status = 0;     // as over HTTP: 201 stored, 200 duplicate, 400/401/409/413/422/503
    QString detail;     // receipt id, or the rule and the reason (no personal data)
    QByteArray receipt; // 200/201: HQ's signed receipt, the exact body HTTP would answer
};

// The limits of an offline file, those of the HTTP bodies (hq/http.h, sync/submission.h): its
// decrypted content holds at most what plume-hq serve holds of bodies at once
// (http::Limits::bodyBudgetBytes), or one body of maxBodyBytes if that is more, in base64; the
// file is that content sealed and in base64, plus its few fields. Its JSON and the decrypted
// JSON are outlined (sync::withinSubmissionLimits: depth, arrays and objects, values) before
// they are parsed; each body then gets the HTTP body's checks.
qint64 maxOfflineContentBytes(qint64 maxBodyBytes);
qint64 maxOfflineFileBytes(qint64 maxBodyBytes);

// Reads a `.plume` file, never more than maxOfflineFileBytes (a larger file, a device or a
// pipe that never ends is refused without reading it whole). nullopt and *error otherwise.
std::optional<QByteArray> readOfflineFile(const QString &path, qint64 maxBodyBytes,
                                          QString *error = nullptr);

// Opens and ingests a `.plume` file. Returns nullopt and *error when the file itself is
// unreadable (size, shape, format, another headquarters' key, tampered) or lies about its
// station (clear and sealed station differ, a body signed for another station): nothing is
// then stored; otherwise one item per submission, in the file's order.
std::optional<QVector<ImportItem>> importOfflineFile(HqDatabase &db, const QByteArray &file,
                                                     const HqKeys &keys,
                                                     qint64 maxBodyBytes = 4 * 1024 * 1024,
                                                     QString *error = nullptr);

} // namespace plume::hq
