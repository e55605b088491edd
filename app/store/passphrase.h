// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// How strong a station passphrase is: the one checker used by the store (station init,
// set-passphrase) and by the window's strength meter (docs/privacy.md).
//
// Strength comes from zxcvbn (libzxcvbn, Debian): the estimated number of guesses, from
// common-password and dictionary lists, keyboard walks, sequences, repeats and dates, plus
// the words of this station (code, commune, candidates). Score as in zxcvbn: 0 (< 10^3
// guesses), 1 (< 10^6), 2 (< 10^8), 3 (< 10^10), 4 (more). Accepted from kMinScore with at
// least kMinChars characters: each guess costs about a second of Argon2id (docs/privacy.md).
#pragma once

#include "store/election.h"

#include <QString>
#include <QStringList>

namespace plume::store {

struct PassphraseStrength
{
    int score = 0; // 0..4
    double guessesLog10 = 0;
    bool accepted = false;
    QString reason; // translated French sentence: why it is refused, or that it is fine
};

inline constexpr int kMinPassphraseScore = 3;
inline constexpr int kMinPassphraseChars = 10;

// context: words an attacker would try first for this station (station code and name,
// commune, election, candidates).
PassphraseStrength checkPassphrase(const QString &passphrase, const QStringList &context = {});

// The words of a station an attacker tries first: the context for checkPassphrase (the
// store and every screen that sets a passphrase use it).
QStringList passphraseContext(const ElectionConfig &election);

} // namespace plume::store
