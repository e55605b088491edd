// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Character preprocessing: the C++ twin of tools/train/preprocess.py (same arithmetic,
// double precision, stored as float32). tests/recognition compares both.
#pragma once

#include "ink/stroke.h"

#include <QVector>

#include <vector>

namespace plume::recognition {

inline constexpr int kGrid = 32;
inline constexpr double kBox = 26.0;
inline constexpr double kMinStep = 1.0;
inline constexpr double kRadius = 1.5;
inline constexpr int kTrajLen = 64;
inline constexpr int kImgChannels = 4;
inline constexpr int kTrajChannels = 5;
inline constexpr const char *kPreprocessVersion = "plume-prep-1";

struct Features
{
    std::vector<float> img;  // [4][32][32]: ink, direction x, direction y, pen-up jumps
    std::vector<float> traj; // [5][1][64]: x, y, dx, dy, pen-up flag along the path
};

// Points of a character, one polyline per stroke, in any unit with y down.
using Polyline = std::vector<std::pair<double, double>>;

Features computeFeatures(const std::vector<Polyline> &strokes);
Features computeFeatures(const QVector<ink::Stroke> &strokes);

} // namespace plume::recognition
