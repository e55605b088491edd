// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
//
// Where Plume's read-only data (forms, elections, the model, the demo ink) is found at run
// time: relative to the executable, as installed (<exe dir>/../share/plume/…), then — in a
// developer build only (CMake PLUME_DEVELOPER_BUILD) — in the source tree's resources/.
// A package build has no source path compiled in. Each caller keeps its own environment
// override (PLUME_FORMS_DIR, PLUME_MODEL_DIR, PLUME_DEMO_INK) in front of this lookup.
#pragma once

#include <QString>
#include <QStringList>

namespace plume::datadir {

// The directories searched, in order (existing or not): <exe dir>/../share/plume when a
// QCoreApplication exists, then the source tree's resources/ in a developer build.
QStringList searchDirs();

// Absolute, clean path of the first existing `relative` (e.g. "forms", "elections/demo.json")
// under searchDirs(); an empty string when none has it.
QString locate(const QString &relative);

// The demo election (elections/demo.json), used when no election file is given.
QString demoElection();

} // namespace plume::datadir
