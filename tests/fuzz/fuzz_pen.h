// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The body shared by the libFuzzer target and the corpus replay test.
#pragma once

#include <cstddef>
#include <cstdint>

namespace plume::pen {
// Feeds data through the deframer (both directions, split at a data-driven point), the
// packet parser, the offline-chunk parser and a stroke session. Must never crash.
void fuzzPenInput(const std::uint8_t *data, std::size_t size);
} // namespace plume::pen
