// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// What every Plume program does first about its own process. Their memory holds contacts
// in clear (decrypted to be sent or exported), the station's data key and HQ's secret key:
// a core dump would write them to disk, where no purge reaches (systemd-coredump keeps
// cores for days). So the process is made not dumpable (no core, whatever the limits or
// core_pattern; no ptrace by another process of the same user) and its core limit is 0.
#pragma once

#include <functional>

class QObject;

namespace plume::i18n {

void protectProcessMemory();

// SIGTERM (systemd, kill) and SIGINT (Ctrl-C) call `stop` from the event loop of `context`
// (a self-pipe: nothing but write() runs in the handler), so that a program ends as it
// would have ended on its own: what it holds written, its summary said.
void onStopSignals(QObject *context, std::function<void()> stop);

} // namespace plume::i18n
