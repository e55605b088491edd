// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The offline delivery file from the window (docs/exports.md#offline): what a station with
// no network carries to headquarters, as `plumectl outbox export` writes it, and the receipts
// brought back, as `plumectl outbox receipts` records them.
#pragma once

#include <QString>

class QWidget;

namespace plume::ui {

class Station;

// Asks where to write the file (next to the station file), writes it and returns the
// sentence that says where it went and what to do with it; empty when the official cancels
// or it is refused (the refusal is shown in a message box over parent).
QString saveOfflineFile(QWidget *parent, Station &station);
// Asks for the receipts file headquarters wrote for it (`plume-hq import --receipts`),
// records the receipts and shows what became of each; the summary, or empty when the
// official cancels or the file is refused (said in a message box).
QString loadReceiptsFile(QWidget *parent, Station &station);

} // namespace plume::ui
