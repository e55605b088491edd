// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The translation context of plume-hq's sentences (French is the source language).
#pragma once

#include <QCoreApplication>

namespace plume::hq {

struct HqText
{
    Q_DECLARE_TR_FUNCTIONS(HqText)
};

} // namespace plume::hq
