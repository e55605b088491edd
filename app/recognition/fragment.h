// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Segmentation fragments in training data: the C++ twin of data.is_fragment
// (tools/train/data.py), used by `plumectl eval --skip-fragments`.
#pragma once

#include "ink/stroke.h"

#include <QChar>
#include <QVector>

namespace plume::recognition {

// True when `strokes` is one straight stroke labelled `truth`, a digit or letter that
// cannot be written as one straight line (1, I, i, l can). Such samples are pieces of a
// multi-stroke character cut apart when the data set was segmented (a lone bar labelled
// 4, B or N): nobody can read them, so they measure the data, not the recogniser.
// Straight: the chord from the first to the last point spans >= 80 % of the larger side
// of the bounding box, no point is farther than 12 % of the chord from it, and the path
// is at most 1.25 x the chord.
bool isFragment(QChar truth, const QVector<ink::Stroke> &strokes);

} // namespace plume::recognition
