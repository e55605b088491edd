// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Page mode of the recogniser (shared by `plumectl recognize` and `plumectl eval-sheets`):
// pen ink with page addresses read through the window's own FormSession, on a throwaway
// station file.
#pragma once

#include "ink/stroke.h"
#include "recognition/classifier.h"
#include "store/election.h"

#include <QJsonArray>
#include <QString>
#include <QVector>

namespace plume::cli {

struct PageField
{
    QString field;
    QString value;
    double confidence = 0;
    bool flagged = false;
    QString reason;           // as a person reads it (recognition::readingReason)
    QJsonArray reasons;       // the same as codes: [{"code", "args"}]
    QStringList alternatives; // what F2, F3 ... offer
};

struct PageSheet
{
    QString sheet;
    QString form;
    QString page;
    QVector<PageField> fields; // fields with a reading, in form order
};

struct PageOptions
{
    bool noFlagThresholds = false; // calibration: flags only for reasons other than confidence
    QString tempRoot;              // where the throwaway station files go (default: TMPDIR)
    bool withoutLexicons = false;  // each field read alone, as without resources/lexicons
};

// Throws store::StoreError when the throwaway station cannot be made.
QVector<PageSheet> readPages(const QVector<ink::Stroke> &strokes,
                             const recognition::Classifier &classifier,
                             const store::ElectionConfig &election,
                             const PageOptions &options = {});

int evalSheets(const QStringList &args);

} // namespace plume::cli
