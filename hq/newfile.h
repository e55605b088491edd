// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Files plume-hq writes for an operator (contacts export, offline receipts): never over an
// existing file, never half written.
#pragma once

#include <QByteArray>
#include <QString>

namespace plume::hq {

// Writes bytes (owner only, 0600) as a new file at path: written whole and synced as an
// unnamed file in path's folder (O_TMPFILE; a named `.plume-export-*` where the file system
// has none), then linked to path, which fails if anything is there (a file, a symlink, even
// a dangling one: its target is never replaced). Throws HqError: existsMessage when path
// exists, "impossible d'écrire PATH : why" otherwise.
void writeNewFile(const QString &path, const QByteArray &bytes, const QString &existsMessage);

} // namespace plume::hq
