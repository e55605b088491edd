// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Draws a form page in millimetre coordinates (the caller sets the transform): used by the
// live view, by `plumectl forms print` and by the PV PDF export.
#pragma once

#include "forms/formspec.h"

#include <QColor>
#include <QHash>
#include <QRectF>

class QPainter;

namespace plume::forms {

struct PaintOptions
{
    QHash<QString, QColor> boxColour; // per field (default grey)
    QHash<QString, QColor> highlight; // per field background
    QString selected;                 // drawn with a thicker border
    bool printing = false;            // sizes for paper, not screen
};

// Where paintForm prints a field's label: the rectangle (mm) it is laid out in, its
// alignment and font size (mm); and the part of the page its text covers (mm).
struct LabelLayout
{
    QRectF rect;
    int flags = 0;
    double fontMm = 3.0;
};
LabelLayout labelLayout(const FieldSpec &field);
QRectF labelBounds(const FieldSpec &field);

// Page, title, instructions, election header (PV), boxes and labels.
void paintForm(QPainter &p, const FormSpec &form, const store::ElectionConfig &election,
               const PaintOptions &options = {});
// Ink in page Ncode coordinates, width from force.
void paintInk(QPainter &p, const FormSpec &form, const QVector<ink::Stroke> &strokes,
              const QColor &colour);

// Strokes struck out as stray ink: drawn pale, each crossed by a red line, so that the
// official sees what was struck and that it is no longer read.
void paintStruckInk(QPainter &p, const FormSpec &form, const QVector<ink::Stroke> &strokes);
inline const QColor kStrikeColour(210, 0, 0);

// Renders a blank form to a PDF (A4) to print on the pen's paper.
bool printBlankForm(const FormSpec &form, const store::ElectionConfig &election,
                    const QString &pdfPath, QString *error);

} // namespace plume::forms
