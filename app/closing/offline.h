// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Offline delivery (docs/exports.md#offline): when a station has no network at all, its
// pending submissions are written to a file encrypted to headquarters' key (libsodium
// sealed box to HQ's Ed25519 public key converted to X25519, sync/receipt.h), carried to HQ
// and ingested with `plume-hq import`.
//
// File (one JSON object, UTF-8):
//   {"format":"plume.offline/1","station":CODE,"created_at":ISO,"count":N,
//    "recipient":B64(HQ's X25519 key),"sealed":B64(crypto_box_seal(inner))}
//   inner = {"format":"plume.offline.inner/1","station":CODE,
//            "bodies":[B64(exact HTTP body of each submission), …]}
// Each body is a signed submission (docs/sync.md): HQ checks it exactly as over HTTP.
#pragma once

#include "store/store.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace plume::closing {

inline const QString kOfflineFormat = QStringLiteral("plume.offline/1");
inline const QString kOfflineInnerFormat = QStringLiteral("plume.offline.inner/1");
struct OfflineExport
{
    QStringList uuids; // the submissions written
};

// Writes every submission not yet delivered (queued, sending or rejected; not one withdrawn,
// which holds nothing) to path, encrypted to HQ's Ed25519 public key hqKey (32 bytes;
// empty = the key recorded with `plumectl station set-hq --hq-key`, sync::hqPublicKey;
// refused when it differs from the one recorded), converted to X25519. The items stay queued
// until a receipt comes (a later HTTP sync gets HQ's receipt for the same hash: exactly
// once), but each counts as offered to HQ (Store::markOutboxExported): a voter of a batch
// written there withdraws at HQ, never only here. Needs the store unlocked when contacts are
// pending.
std::optional<OfflineExport> exportOutbox(store::Store &store, const QString &path,
                                          const QByteArray &hqKey = {}, QString *error = nullptr);

} // namespace plume::closing
