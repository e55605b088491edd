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
    QString uuid;   // empty when the body did not parse
    int status = 0; // as over HTTP: 201 stored, 200 duplicate, 400/401/409/413/422/503
    QString detail; // receipt id, or the rule and the reason (no personal data)
};

// Opens and ingests a `.plume` file. Returns nullopt and *error when the file itself is
// unreadable (format, another headquarters' key, tampered); otherwise one item per
// submission, in the file's order.
std::optional<QVector<ImportItem>> importOfflineFile(HqDatabase &db, const QByteArray &file,
                                                     const HqKeys &keys,
                                                     qint64 maxBodyBytes = 4 * 1024 * 1024,
                                                     QString *error = nullptr);

} // namespace plume::hq
