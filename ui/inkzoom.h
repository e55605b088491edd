// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The ink of one field, enlarged, drawn over its boxes as on the paper: what the official
// compares the value with before confirming a doubtful reading. Only the written part is
// shown (the boxes the ink touches, a margin around), as large as the widget allows; a long
// one wraps onto up to three rows of boxes. Struck-out strokes are drawn struck through.
#pragma once

#include "ink/stroke.h"

#include <QRectF>
#include <QWidget>

#include <optional>

namespace plume::forms {
class FormSession;
struct FieldSpec;
} // namespace plume::forms

namespace plume::ui {

class InkZoom : public QWidget
{
    Q_OBJECT
public:
    explicit InkZoom(forms::FormSession &session, QWidget *parent = nullptr);

    void setField(const QString &sheetId, const QString &field);
    QString field() const { return m_field; }
    bool hasInk() const;
    // Emphasised: taller, with a frame, after a first Enter on a doubtful field.
    void setEmphasised(bool on);
    bool isEmphasised() const { return m_emphasised; }
    // A stroke drawn thicker in red (the one about to be struck out); none by default.
    void setHighlight(const std::optional<ink::Stroke> &stroke);

    // How the field is shown at the current size: the parts of the page (mm) drawn one
    // below the other, and the pixels per page millimetre.
    struct Layout
    {
        QVector<QRectF> rows;
        double scale = 0;
    };
    Layout layout() const;
    // The written part of the field, page millimetres (the whole field without ink).
    QRectF writtenArea() const;
    // Tall enough for a box about 2.8 lines high (3.6 emphasised), wrapping a long written
    // part on rows; within the state's minimum and maximum heights.
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *) override;

private:
    QVector<ink::Stroke> struckInField() const;
    QRectF inkBounds() const; // mm; empty without ink
    QVector<QRectF> rowsOf(const forms::FieldSpec &spec, int count) const;
    Layout layoutIn(const QVector<QRectF> &rows, QSizeF size) const;
    int minimumRowsHeight() const;
    int maximumRowsHeight() const;
    void paintRow(QPainter &p, const QRectF &source, const QRectF &target) const;
    forms::FormSession &m_session;
    QString m_sheet;
    QString m_field;
    bool m_emphasised = false;
    std::optional<ink::Stroke> m_highlight;
};

} // namespace plume::ui
