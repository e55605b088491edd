// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The page of a sheet as the official sees it: printed boxes, live ink, field highlight,
// the value and state beside each field, and the fields a failing PV rule concerns.
// Writing with the mouse or a graphics tablet on it produces the same strokes as the pen;
// a click (a stroke shorter than kMinStrokeMm, or a quick one shorter than
// kMinQuickStrokeMm) is not ink: it selects the field. Struck-out strokes are drawn struck
// through; a right-click offers to strike the stroke nearest to it.
//
// PageScroller holds the view: it fits the page to the space left by the review panel and
// zooms (Ctrl+wheel, Ctrl+plus, Ctrl+minus, Ctrl+0), scrolling to the selected field.
#pragma once

#include "forms/formsession.h"
#include "pen/strokeassembler.h"

#include <QHash>
#include <QScrollArea>
#include <QWidget>

namespace plume::ui {

inline constexpr double kMinStrokeMm = 1.5;      // shorter: a click, not ink
inline constexpr double kMinQuickStrokeMm = 3.0; // shorter and quicker than kQuickStrokeMs
inline constexpr qint64 kQuickStrokeMs = 80;

// True when a pointer stroke (page millimetres, times in ms) is a click rather than ink.
bool isClickNotInk(const QVector<QPointF> &pointsMm, qint64 durationMs);

// The value painted beside a field: its size on the page (mm); what it must not cover
// (every field's boxes and printed label, mm); and where it goes (mm): right of the boxes,
// else on the label line above them (at the boxes' right end, or after the label) — the
// first of these places that is free and on the page.
QSizeF valueTextSize(const QString &text);
QVector<QRectF> valueObstacles(const forms::FormSpec &form);
QRectF valuePlacement(const forms::FormSpec &form, const QString &field, QSizeF text,
                      const QVector<QRectF> &obstacles, int *alignment = nullptr);
// A value as painted: its text, on one line, else broken before « (non confirmé) » or an
// arrow when one line finds no free place (a draft's note is long: drawn over the field
// above it), and where it goes (mm) with its alignment there.
struct ValueLayout
{
    QString text;
    QRectF rect;
    int alignment = 0;
};
ValueLayout valueLayout(const forms::FormSpec &form, const QString &field, const QString &text,
                        const QVector<QRectF> &obstacles);

class FormView : public QWidget
{
    Q_OBJECT
public:
    explicit FormView(forms::FormSession &session, QWidget *parent = nullptr);

    void setSheet(const QString &sheetId);
    QString sheet() const { return m_sheet; }
    void setSelectedField(const QString &field);
    QString selectedField() const { return m_selected; }
    void setWritingEnabled(bool on); // mouse/tablet writes ink instead of selecting fields
    bool writingEnabled() const { return m_writing; }
    // Pending corrections of a sealed PV (shown as "old → new").
    void setCorrections(const QHash<QString, QString> &corrections);
    // Corrections typed but not confirmed on the sheet shown, field -> text.
    void setDrafts(const QHash<QString, QString> &drafts);
    // What the page shows beside a field (its rule's mark aside): the value and its state's
    // mark, "old → new ✎" for a pending correction, "shown → typed (non confirmé)" for a draft.
    QString valueText(const forms::FieldStatus &s) const;
    // Where a field is, in this widget's pixels; where its value is painted beside it (empty
    // when none is); its printed label; the field with its label and that value.
    QRect fieldRect(const QString &field) const;
    QRect valueRect(const QString &field) const;
    QRect labelRect(const QString &field) const;
    QRect fieldExtent(const QString &field) const;
    QSize sizeHint() const override { return {620, 860}; }

signals:
    void fieldClicked(const QString &field);
    void zoomRequested(int steps); // Ctrl+wheel
    void clickIgnored();           // writing mode: a click was not taken as ink
    // Right-click, "Barrer le trait le plus proche…": the field and the point (Ncode units).
    void strikeRequested(const QString &field, QPointF ncode);

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *) override;
    void mouseMoveEvent(QMouseEvent *) override;
    void mouseReleaseEvent(QMouseEvent *) override;
    void tabletEvent(QTabletEvent *) override;
    void wheelEvent(QWheelEvent *) override;
    void contextMenuEvent(QContextMenuEvent *) override;

private:
    QTransform pageToWidget() const; // mm -> pixels
    QPointF toNcode(QPointF widgetPos) const;
    struct PaintedValue
    {
        QString field;
        ValueLayout layout;
        QColor colour;
    };
    QVector<PaintedValue> paintedValues(const QVector<forms::FieldStatus> &statuses) const;
    QColor valueColour(const forms::FieldStatus &s) const;
    void paintValues(QPainter &p, const QVector<forms::FieldStatus> &statuses);
    void pointerStroke(const ink::Stroke &stroke);
    QString fieldAtPoint(QPointF widgetPos) const;
    void selectAt(QPointF widgetPos);

    forms::FormSession &m_session;
    QString m_sheet = QStringLiteral("pv");
    QString m_selected;
    QString m_writingField;
    QHash<QString, QString> m_corrections;
    QHash<QString, QString> m_drafts;
    bool m_writing = false;
    pen::PointerStrokeSource m_pointer;
};

class PageScroller : public QScrollArea
{
    Q_OBJECT
public:
    explicit PageScroller(FormView *view, QWidget *parent = nullptr);

    double zoom() const { return m_zoom; } // 1 = the whole page fits
    void setZoom(double zoom);
    void zoomIn() { setZoom(m_zoom * 1.25); }
    void zoomOut() { setZoom(m_zoom / 1.25); }
    // Scrolls to the field with its label and the value painted beside it (as much as fits,
    // the label first).
    void ensureFieldVisible(const QString &field);
    // Zooms in, up to `most`, as far as the field, its label and its value fit in view.
    void zoomToShow(const QString &field, double most);
    // The field, its label and its value whole in view, the zoom lowered only if they no longer
    // fit (a reading appeared beside the field: cut to its first digit, a review).
    void keepWhole(const QString &field);
    QSize sizeHint() const override { return {420, 560}; }
    QSize minimumSizeHint() const override { return {200, 240}; }

protected:
    void resizeEvent(QResizeEvent *) override;

private:
    void layoutView();
    FormView *m_view;
    double m_zoom = 1.0;
};

} // namespace plume::ui
