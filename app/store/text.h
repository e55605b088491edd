// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Text compared as a person reads it, whatever the accents: the passphrase checker's
// words ("École" and "ecole" are one guess) and the officials who sign ("Marie LÉROY" is
// "Marie LEROY"); text printed safely whatever it holds.
#pragma once

#include <QString>

namespace plume::store {

// The text without its accents: compatibility decomposition (NFKD), combining marks
// dropped ("É" → "E", "ﬁ" → "fi").
QString withoutAccents(const QString &text);

// Text safe to print on a terminal or in a log line, for text that may come from a file
// altered with sqlite3 (a row's key, a trigger's name): control, format and separator
// characters (ESC, a bidirectional override, a newline) shown as \uXXXX, never sent
// raw; cut to maxLength characters (…).
QString printable(const QString &text, int maxLength = 2000);

} // namespace plume::store
