// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/inkzoom.h"

#include "forms/formpainter.h"
#include "forms/formsession.h"

#include <QPainter>

#include <cmath>

namespace plume::ui {
namespace {

constexpr double kMarginMm = 1.0;    // around the boxes the ink touches
constexpr double kOvershootMm = 2.5; // ink beyond the boxes shown, at most
constexpr int kMaxRows = 3;
constexpr int kPadPx = 6; // inside the frame, and between rows

// The box of a boxed field under x (mm), the first or last one beyond its ends.
int boxAt(const forms::FieldSpec &spec, double x)
{
    return std::clamp(int(std::floor((x - spec.area().left()) / spec.pitchMm)), 0, spec.boxes - 1);
}

} // namespace

InkZoom::InkZoom(forms::FormSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setAccessibleName(tr("Encre du champ, agrandie"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true); // heightForWidth: rows of enlarged boxes
    setSizePolicy(policy);
}

void InkZoom::setField(const QString &sheetId, const QString &field)
{
    m_sheet = sheetId;
    m_field = field;
    updateGeometry(); // a longer written part may want more rows
    update();
}

bool InkZoom::hasInk() const
{
    return !m_field.isEmpty() &&
           (!m_session.fieldStrokes(m_sheet, m_field).isEmpty() || !struckInField().isEmpty());
}

void InkZoom::setHighlight(const std::optional<ink::Stroke> &stroke)
{
    m_highlight = stroke;
    update();
}

QVector<ink::Stroke> InkZoom::struckInField() const
{
    QVector<ink::Stroke> out;
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    for (const ink::Stroke &s : m_session.struckStrokes(m_sheet))
        if (m_session.fieldAt(form, s) == m_field)
            out.append(s);
    return out;
}

void InkZoom::setEmphasised(bool on)
{
    m_emphasised = on;
    updateGeometry();
    update();
}

int InkZoom::minimumRowsHeight() const
{
    return fontMetrics().height() * (m_emphasised ? 7 : 5);
}

int InkZoom::maximumRowsHeight() const
{
    return fontMetrics().height() * (m_emphasised ? 12 : 9);
}

int InkZoom::heightForWidth(int width) const
{
    const forms::FieldSpec *spec = m_session.formOfSheet(m_sheet).field(m_field);
    if (!spec || spec->firstBox.height() <= 0)
        return minimumRowsHeight();
    // Pixels per mm for a box of the wanted height; rows until the width allows it.
    const double wanted =
        fontMetrics().height() * (m_emphasised ? 3.6 : 2.8) / spec->firstBox.height();
    QVector<QRectF> rows;
    for (int count = 1; count <= kMaxRows; ++count) {
        rows = rowsOf(*spec, count);
        if (layoutIn(rows, QSizeF(width, 1e6)).scale >= wanted)
            break;
    }
    const double rowHeight =
        rows.first().height() * std::min(wanted, layoutIn(rows, QSizeF(width, 1e6)).scale);
    const int needed = int(std::ceil(rows.size() * (rowHeight + kPadPx) + kPadPx));
    return std::clamp(needed, minimumRowsHeight(), maximumRowsHeight());
}

QSize InkZoom::sizeHint() const
{
    const int w = width() > 0 ? width() : fontMetrics().averageCharWidth() * 52;
    return {w, heightForWidth(w)};
}

QRectF InkZoom::inkBounds() const
{
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    QRectF bounds;
    for (const auto &strokes : {m_session.fieldStrokes(m_sheet, m_field), struckInField()})
        for (const ink::Stroke &s : strokes)
            for (const ink::Dot &d : forms::withoutGlitches(form, forms::strokeToMm(form, s)).dots)
                bounds |= QRectF(QPointF(d.x, d.y), QSizeF(0.01, 0.01));
    return bounds;
}

QRectF InkZoom::writtenArea() const
{
    const forms::FieldSpec *spec = m_session.formOfSheet(m_sheet).field(m_field);
    if (!spec)
        return {};
    const QRectF area = spec->area();
    const QRectF ink = inkBounds();
    if (ink.isEmpty())
        return area.adjusted(-kMarginMm, -kMarginMm, kMarginMm, kMarginMm);
    // Whole boxes, from the first the ink touches to the last; the ink a little beyond.
    const QRectF limit = area.adjusted(-kOvershootMm, -kOvershootMm, kOvershootMm, kOvershootMm);
    QRectF shown = ink.intersected(limit);
    double left = kMarginMm, right = kMarginMm;
    if (spec->boxes > 0) {
        const int first = boxAt(*spec, shown.left()), last = boxAt(*spec, shown.right());
        shown |=
            QRectF(spec->boxRects().at(first).topLeft(), spec->boxRects().at(last).bottomRight());
        // Next to a box not shown, only half the space between: none of its edge.
        const double between =
            std::clamp((spec->pitchMm - spec->firstBox.width()) / 2, 0.15, kMarginMm);
        left = first > 0 ? between : kMarginMm;
        right = last < spec->boxes - 1 ? between : kMarginMm;
    }
    return shown.adjusted(-left, -kMarginMm, right, kMarginMm);
}

QVector<QRectF> InkZoom::rowsOf(const forms::FieldSpec &spec, int count) const
{
    // The written part cut between boxes into `count` rows of (nearly) as many boxes.
    const QRectF written = writtenArea();
    if (count == 1 || spec.boxes <= 1)
        return {written};
    const int first = boxAt(spec, written.left() + kMarginMm);
    const int last = boxAt(spec, written.right() - kMarginMm);
    const int perRow = (last - first + count) / count;
    const double gap = (spec.pitchMm - spec.firstBox.width()) / 2; // half the space between
    QVector<QRectF> rows;
    for (int box = first; box <= last; box += perRow) {
        const int end = std::min(last, box + perRow - 1);
        const double left = box == first ? written.left() : spec.boxRects().at(box).left() - gap;
        const double right = end == last ? written.right() : spec.boxRects().at(end).right() + gap;
        rows.append(QRectF(QPointF(left, written.top()), QPointF(right, written.bottom())));
    }
    return rows;
}

InkZoom::Layout InkZoom::layoutIn(const QVector<QRectF> &rows, QSizeF size) const
{
    double widest = 0;
    for (const QRectF &r : rows)
        widest = std::max(widest, r.width());
    const double w = size.width() - 2.0 * kPadPx;
    const double h = size.height() - kPadPx * (rows.size() + 1.0);
    if (rows.isEmpty() || widest <= 0 || w <= 0 || h <= 0)
        return {rows, 0};
    return {rows, std::min(w / widest, h / (rows.size() * rows.first().height()))};
}

InkZoom::Layout InkZoom::layout() const
{
    const forms::FieldSpec *spec = m_session.formOfSheet(m_sheet).field(m_field);
    if (!spec)
        return {};
    // As many rows (up to three) as make the ink largest.
    Layout best = layoutIn(rowsOf(*spec, 1), size());
    for (int count = 2; count <= kMaxRows && spec->boxes > count; ++count) {
        const Layout candidate = layoutIn(rowsOf(*spec, count), size());
        if (candidate.scale > best.scale * 1.1)
            best = candidate;
    }
    return best;
}

void InkZoom::paintRow(QPainter &p, const QRectF &source, const QRectF &target) const
{
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    p.save();
    p.translate(target.topLeft());
    p.scale(target.width() / source.width(), target.height() / source.height());
    p.translate(-source.topLeft());
    p.setClipRect(source);
    forms::PaintOptions options;
    options.selected = m_field;
    forms::paintForm(p, form, m_session.election(), options);
    forms::paintInk(p, form, m_session.fieldStrokes(m_sheet, m_field), QColor(20, 40, 140));
    forms::paintStruckInk(p, form, struckInField());
    if (m_highlight)
        forms::paintInk(p, form, {*m_highlight}, forms::kStrikeColour);
    p.restore();
}

void InkZoom::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    const Layout l = layout();
    if (l.scale > 0) {
        double widest = 0;
        for (const QRectF &r : l.rows)
            widest = std::max(widest, r.width());
        const double rowHeight = l.rows.first().height() * l.scale;
        const double x = (width() - widest * l.scale) / 2;
        double y = (height() - l.rows.size() * (rowHeight + kPadPx) + kPadPx) / 2;
        for (const QRectF &source : l.rows) {
            paintRow(p, source, QRectF(x, y, source.width() * l.scale, rowHeight));
            y += rowHeight + kPadPx;
        }
    }
    QPen frame(m_emphasised ? QColor(200, 90, 0) : QColor(150, 150, 150));
    frame.setWidth(m_emphasised ? 4 : 1);
    p.setPen(frame);
    p.drawRect(rect().adjusted(frame.width() / 2, frame.width() / 2, -(frame.width() + 1) / 2,
                               -(frame.width() + 1) / 2));
}

} // namespace plume::ui
