// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The offline delivery file from the window (docs/exports.md#offline): what a station with
// no network carries to headquarters, as `plumectl outbox export` writes it.
#pragma once

#include <QString>

class QWidget;

namespace plume::ui {

class Station;

// Asks where to write the file (next to the station file), writes it and returns the
// sentence that says where it went and what to do with it; empty when the official cancels
// or it is refused (the refusal is shown in a message box over parent).
QString saveOfflineFile(QWidget *parent, Station &station);

} // namespace plume::ui
