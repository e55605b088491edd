// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Text compared as a person reads it, whatever the accents: the passphrase checker's
// words ("École" and "ecole" are one guess) and the officials who sign ("Marie LÉROY" is
// "Marie LEROY").
#pragma once

#include <QString>

namespace plume::store {

// The text without its accents: compatibility decomposition (NFKD), combining marks
// dropped ("É" → "E", "ﬁ" → "fi").
QString withoutAccents(const QString &text);

} // namespace plume::store
