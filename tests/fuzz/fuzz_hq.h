// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The body shared by the headquarters libFuzzer target and its corpus replay test.
#pragma once

#include <cstddef>
#include <cstdint>

namespace plume::hq {
// Feeds data to headquarters' submission parser (envelope, canonical JSON) and to the
// payload validators against a fixed election: as an HTTP body, and as a payload of both
// kinds (so that the fuzzer reaches the validators without forging signatures). Must never
// crash, hang or leak.
void fuzzHqInput(const std::uint8_t *data, std::size_t size);
} // namespace plume::hq
