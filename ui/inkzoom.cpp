// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/inkzoom.h"

#include "forms/formpainter.h"
#include "forms/formsession.h"

#include <QPainter>

namespace plume::ui {

InkZoom::InkZoom(forms::FormSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setAccessibleName(tr("Encre du champ, agrandie"));
    setEmphasised(false);
}

void InkZoom::setField(const QString &sheetId, const QString &field)
{
    m_sheet = sheetId;
    m_field = field;
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
    const int line = fontMetrics().height();
    setFixedHeight(on ? line * 6 : line * 7 / 2);
    update();
}

void InkZoom::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    const forms::FieldSpec *spec = form.field(m_field);
    if (spec) {
        // The field's boxes (and a little around them) fill the widget.
        const QRectF area = spec->area().adjusted(-2, -2, 2, 2);
        const double scale = std::min(width() / area.width(), height() / area.height());
        p.setRenderHint(QPainter::Antialiasing);
        p.save();
        p.translate((width() - area.width() * scale) / 2, (height() - area.height() * scale) / 2);
        p.scale(scale, scale);
        p.translate(-area.topLeft());
        p.setClipRect(area);
        forms::PaintOptions options;
        options.selected = m_field;
        forms::paintForm(p, form, m_session.election(), options);
        forms::paintInk(p, form, m_session.fieldStrokes(m_sheet, m_field), QColor(20, 40, 140));
        forms::paintStruckInk(p, form, struckInField());
        if (m_highlight)
            forms::paintInk(p, form, {*m_highlight}, forms::kStrikeColour);
        p.restore();
    }
    QPen frame(m_emphasised ? QColor(200, 90, 0) : QColor(150, 150, 150));
    frame.setWidth(m_emphasised ? 4 : 1);
    p.setPen(frame);
    p.drawRect(rect().adjusted(frame.width() / 2, frame.width() / 2, -(frame.width() + 1) / 2,
                               -(frame.width() + 1) / 2));
}

} // namespace plume::ui
