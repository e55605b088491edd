// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Canonical JSON: one byte sequence for one JSON value, so that a hash and a signature
// can be checked after any number of parse/serialise round trips (docs/seal.md).
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace plume::sync {

// Largest integer a canonical document may hold: 2^53 - 1 (exact in every JSON parser).
inline constexpr qint64 kMaxCanonicalInteger = 9007199254740991LL;
// Deepest nesting of arrays/objects accepted.
inline constexpr int kMaxCanonicalDepth = 32;

// Returns the canonical UTF-8 bytes, or nullopt with *error set (non-integer or too large
// number, nesting deeper than kMaxCanonicalDepth, undefined value).
std::optional<QByteArray> canonicalJson(const QJsonValue &value, QString *error = nullptr);

} // namespace plume::sync
