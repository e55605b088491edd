// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "i18n/process.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace plume::i18n {

void protectProcessMemory()
{
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const struct rlimit none = {0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
}

} // namespace plume::i18n
