// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/formview.h"

#include "forms/formpainter.h"
#include "ui/fieldlook.h"

#include <QContextMenuEvent>
#include <QDateTime>
#include <QFontMetricsF>
#include <QLineF>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QStyle>
#include <QTabletEvent>

#include <optional>

namespace plume::ui {

bool isClickNotInk(const QVector<QPointF> &pointsMm, qint64 durationMs)
{
    double length = 0;
    for (int i = 1; i < pointsMm.size(); ++i)
        length += QLineF(pointsMm[i - 1], pointsMm[i]).length();
    return length < kMinStrokeMm || (durationMs < kQuickStrokeMs && length < kMinQuickStrokeMm);
}

namespace {

QFont valueFont()
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(40); // 4 mm, drawn at 10x
    font.setBold(true);
    return font;
}

} // namespace

QVector<QRectF> valueObstacles(const forms::FormSpec &form)
{
    QVector<QRectF> out;
    for (const forms::FieldSpec &f : form.fields)
        out << f.area().adjusted(-0.5, -0.5, 0.5, 0.5) << forms::labelBounds(f);
    return out;
}

QSizeF valueTextSize(const QString &text)
{
    const QFontMetricsF metrics(valueFont());
    double width = 0;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines)
        width = std::max(width, metrics.horizontalAdvance(line));
    return QSizeF(width, metrics.height() * lines.size()) / 10;
}

namespace {

// The first free place of valuePlacement's, if any.
std::optional<QRectF> freePlacement(const forms::FormSpec &form, const forms::FieldSpec &f,
                                    QSizeF text, const QVector<QRectF> &obstacles)
{
    const QRectF area = f.area();
    const double above = area.top() - 0.6 - text.height();
    const QRectF right(area.right() + 2.5, area.center().y() - text.height() / 2, text.width(),
                       text.height());
    const QRectF atBoxesEnd(area.right() - text.width(), above, text.width(), text.height());
    const QRectF afterLabel(forms::labelBounds(f).right() + 3, above, text.width(), text.height());
    const QRectF page = QRectF(QPointF(0, 0), form.pageMm).adjusted(3, 3, -3, -3);
    const auto free = [&](const QRectF &r) {
        return page.contains(r) && std::none_of(obstacles.begin(), obstacles.end(),
                                                [&](const QRectF &o) { return o.intersects(r); });
    };
    for (const QRectF &r : {right, atBoxesEnd, afterLabel})
        if (free(r))
            return r;
    return std::nullopt;
}

// The text on one line, then broken before its « (… » and then before its arrows too.
QStringList lineBreaks(const QString &text)
{
    QStringList out{text};
    QString broken = text;
    const int paren = int(broken.lastIndexOf(QStringLiteral(" (")));
    if (paren > 0)
        out << (broken = broken.left(paren) + QLatin1Char('\n') + broken.mid(paren + 1));
    if (broken.contains(QStringLiteral(" → ")))
        out << broken.replace(QStringLiteral(" → "), QStringLiteral(" →\n"));
    return out;
}

} // namespace

QRectF valuePlacement(const forms::FormSpec &form, const QString &field, QSizeF text,
                      const QVector<QRectF> &obstacles, int *alignment)
{
    const forms::FieldSpec *f = form.field(field);
    if (!f)
        return {};
    if (const auto r = freePlacement(form, *f, text, obstacles)) {
        if (alignment)
            *alignment = int(Qt::AlignLeft | Qt::AlignVCenter);
        return *r;
    }
    const QRectF area = f->area();
    const QRectF atBoxesEnd(area.right() - text.width(), area.top() - 0.6 - text.height(),
                            text.width(), text.height());
    const QRectF page = QRectF(QPointF(0, 0), form.pageMm).adjusted(3, 3, -3, -3);
    if (alignment)
        *alignment = int(Qt::AlignRight | Qt::AlignBottom);
    return atBoxesEnd.intersected(page); // crowded: at least on the page
}

ValueLayout valueLayout(const forms::FormSpec &form, const QString &field, const QString &text,
                        const QVector<QRectF> &obstacles)
{
    const forms::FieldSpec *f = form.field(field);
    const QStringList texts = lineBreaks(text);
    for (const QString &t : texts)
        if (const auto r = f ? freePlacement(form, *f, valueTextSize(t), obstacles) : std::nullopt)
            return {t, *r, int(Qt::AlignLeft | Qt::AlignVCenter)};
    ValueLayout crowded{texts.last(), {}, 0};
    crowded.rect =
        valuePlacement(form, field, valueTextSize(crowded.text), obstacles, &crowded.alignment);
    return crowded;
}

FormView::FormView(forms::FormSession &session, QWidget *parent)
    : QWidget(parent), m_session(session), m_pointer(QStringLiteral("mouse"))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::NoFocus);
    setAccessibleName(tr("Page du formulaire"));
    connect(&session, &forms::FormSession::strokeAdded, this,
            [this](const QString &sheetId, const ink::Stroke &) {
                if (sheetId == m_sheet)
                    update();
            });
    connect(&session, &forms::FormSession::fieldWriting, this,
            [this](const QString &sheetId, const QString &field) {
                if (sheetId == m_sheet) {
                    m_writingField = field;
                    update();
                }
            });
    connect(&session, &forms::FormSession::fieldChanged, this,
            [this](const QString &sheetId, const QString &field) {
                if (sheetId == m_sheet && field == m_writingField)
                    m_writingField.clear();
                update();
            });
    connect(&m_pointer, &pen::PointerStrokeSource::strokeCompleted, this, &FormView::pointerStroke);
}

void FormView::setSheet(const QString &sheetId)
{
    m_sheet = sheetId;
    m_selected.clear();
    m_writingField.clear();
    m_pointer.cancel();
    update();
}

void FormView::setSelectedField(const QString &field)
{
    m_selected = field;
    update();
}

void FormView::setWritingEnabled(bool on)
{
    m_writing = on;
    m_pointer.cancel();
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

void FormView::setDrafts(const QHash<QString, QString> &drafts)
{
    m_drafts = drafts;
    update();
}

void FormView::setCorrections(const QHash<QString, QString> &corrections)
{
    m_corrections = corrections;
    update();
}

QRect FormView::fieldRect(const QString &field) const
{
    const forms::FieldSpec *f = m_session.formOfSheet(m_sheet).field(field);
    return f ? pageToWidget().mapRect(f->area()).toAlignedRect() : QRect();
}

QTransform FormView::pageToWidget() const
{
    const QSizeF page = m_session.formOfSheet(m_sheet).pageMm;
    const double margin = 8;
    const double scale =
        std::min((width() - 2 * margin) / page.width(), (height() - 2 * margin) / page.height());
    const double x0 = (width() - page.width() * scale) / 2;
    QTransform t;
    t.translate(x0, margin);
    t.scale(scale, scale);
    return t;
}

QPointF FormView::toNcode(QPointF widgetPos) const
{
    const QPointF mm = pageToWidget().inverted().map(widgetPos);
    return m_session.formOfSheet(m_sheet).toNcode(mm);
}

void FormView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Mid));
    p.setRenderHint(QPainter::Antialiasing);
    p.setTransform(pageToWidget());
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    const auto statuses = m_session.statuses(m_sheet);
    forms::PaintOptions options;
    options.selected = m_selected;
    if (!m_selected.isEmpty())
        options.highlight.insert(m_selected, QColor(190, 215, 255));
    if (!m_writingField.isEmpty())
        options.highlight.insert(m_writingField, QColor(255, 236, 140));
    for (const auto &s : statuses)
        if (s.state == forms::FieldState::Doubtful || s.inkAfterDecision)
            options.boxColour.insert(s.field, QColor(220, 110, 0));
        else if (s.decision)
            options.boxColour.insert(s.field, QColor(0, 140, 60));
    if (m_sheet == store::kPvSheetId) {
        const auto rules = fieldsInFailure(pvFailures(m_session, true, m_corrections));
        for (auto it = rules.begin(); it != rules.end(); ++it)
            options.boxColour.insert(it.key(), ruleColour(it.value()));
    }
    forms::paintForm(p, form, m_session.election(), options);
    forms::paintInk(p, form, m_session.sheetStrokes(m_sheet), QColor(20, 40, 140));
    forms::paintStruckInk(p, form, m_session.struckStrokes(m_sheet));
    paintValues(p, statuses);
    if (m_pointer.isDrawing())
        forms::paintInk(p, form, {m_pointer.current()}, QColor(20, 40, 200));
}

QColor FormView::valueColour(const forms::FieldStatus &s) const
{
    if (m_drafts.contains(s.field) || s.state == forms::FieldState::Doubtful || s.inkAfterDecision)
        return {200, 90, 0}; // doubtful, or typed and not confirmed
    if (s.state == forms::FieldState::Confirmed)
        return {0, 130, 55};
    if (s.decision)
        return {110, 50, 170}; // corrected or typed: not the confirmation's green
    return {30, 90, 200};      // read, to confirm
}

// Beside each field: the value as read or decided, with its state's mark, and the mark of a
// failing rule; never over another field, its label or a value placed before it.
QVector<FormView::PaintedValue>
FormView::paintedValues(const QVector<forms::FieldStatus> &statuses) const
{
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    const auto rules = m_sheet == store::kPvSheetId
                           ? fieldsInFailure(pvFailures(m_session, true, m_corrections))
                           : QHash<QString, forms::RuleKind>();
    QVector<QRectF> obstacles = valueObstacles(form);
    QVector<PaintedValue> out;
    for (const auto &s : statuses) {
        const bool pending = m_corrections.contains(s.field) && m_sheet == store::kPvSheetId;
        if (!form.field(s.field) || (s.value().isEmpty() && !pending &&
                                     !m_drafts.contains(s.field) && !rules.contains(s.field)))
            continue;
        PaintedValue v{s.field, {}, valueColour(s)};
        QString text = valueText(s);
        if (rules.contains(s.field)) {
            text += QLatin1Char(' ') + ruleMark(rules.value(s.field));
            v.colour = ruleColour(rules.value(s.field));
        }
        v.layout = valueLayout(form, s.field, text, obstacles);
        obstacles << v.layout.rect;
        out << v;
    }
    return out;
}

void FormView::paintValues(QPainter &p, const QVector<forms::FieldStatus> &statuses)
{
    p.save();
    p.setFont(valueFont());
    p.scale(0.1, 0.1);
    for (const PaintedValue &v : paintedValues(statuses)) {
        p.setPen(v.colour);
        const QRectF r = v.layout.rect;
        p.drawText(QRectF(r.topLeft() * 10, r.size() * 10), v.layout.alignment, v.layout.text);
    }
    p.restore();
}

QRect FormView::valueRect(const QString &field) const
{
    for (const PaintedValue &v : paintedValues(m_session.statuses(m_sheet)))
        if (v.field == field)
            return pageToWidget().mapRect(v.layout.rect).toAlignedRect();
    return {};
}

QRect FormView::labelRect(const QString &field) const
{
    const forms::FieldSpec *f = m_session.formOfSheet(m_sheet).field(field);
    return f ? pageToWidget().mapRect(forms::labelBounds(*f)).toAlignedRect() : QRect();
}

QRect FormView::fieldExtent(const QString &field) const
{
    const QRect r = fieldRect(field);
    return r.isValid() ? r.united(labelRect(field)).united(valueRect(field)) : QRect();
}

QString FormView::valueText(const forms::FieldStatus &s) const
{
    const bool pending = m_corrections.contains(s.field) && m_sheet == store::kPvSheetId;
    const QString shown = pending ? m_corrections.value(s.field) : s.value();
    if (m_drafts.contains(s.field)) // from what the table shows too: a pending correction
        return tr("%1 → %2 (non confirmé)").arg(shown, m_drafts.value(s.field));
    if (pending)
        return tr("%1 → %2 ✎").arg(s.value(), shown);
    return s.value() + pageMark(s.inkAfterDecision ? forms::FieldState::Doubtful : s.state);
}

QString FormView::fieldAtPoint(QPointF widgetPos) const
{
    const QPointF n = toNcode(widgetPos);
    ink::Stroke probe;
    probe.dots.append(ink::Dot{n.x(), n.y(), 0, 0});
    return m_session.fieldAt(m_session.formOfSheet(m_sheet), probe);
}

void FormView::selectAt(QPointF widgetPos)
{
    const QString field = fieldAtPoint(widgetPos);
    if (!field.isEmpty())
        emit fieldClicked(field);
}

void FormView::contextMenuEvent(QContextMenuEvent *e)
{
    const QString field = fieldAtPoint(e->pos());
    if (field.isEmpty() || m_session.fieldStrokes(m_sheet, field).isEmpty())
        return;
    emit fieldClicked(field);
    QMenu menu(this);
    const QPointF ncode = toNcode(e->pos());
    menu.addAction(tr("Barrer le trait le plus proche…"), this,
                   [this, field, ncode] { emit strikeRequested(field, ncode); });
    menu.exec(e->globalPos());
}

void FormView::pointerStroke(const ink::Stroke &stroke)
{
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    QVector<QPointF> mm;
    for (const ink::Dot &d : stroke.dots)
        mm.append(form.toMm(d.x, d.y));
    const qint64 duration = stroke.dots.last().t - stroke.dots.first().t;
    if (isClickNotInk(mm, duration)) {
        selectAt(pageToWidget().map(mm.first()));
        emit clickIgnored();
        update();
        return;
    }
    m_session.addStroke(stroke);
}

void FormView::mousePressEvent(QMouseEvent *e)
{
    if (!m_writing) {
        selectAt(e->position());
        return;
    }
    const QPointF n = toNcode(e->position());
    m_pointer.setPage(m_session.pageOfSheet(m_sheet));
    m_pointer.press(n.x(), n.y(), 1.0, QDateTime::currentMSecsSinceEpoch());
    update();
}

void FormView::mouseMoveEvent(QMouseEvent *e)
{
    if (!m_writing || !m_pointer.isDrawing())
        return;
    const QPointF n = toNcode(e->position());
    m_pointer.move(n.x(), n.y(), 1.0, QDateTime::currentMSecsSinceEpoch());
    update();
}

void FormView::mouseReleaseEvent(QMouseEvent *e)
{
    if (!m_writing || !m_pointer.isDrawing())
        return;
    const QPointF n = toNcode(e->position());
    m_pointer.release(n.x(), n.y(), 1.0, QDateTime::currentMSecsSinceEpoch());
    update();
}

void FormView::tabletEvent(QTabletEvent *e)
{
    if (!m_writing) {
        e->ignore(); // becomes a mouse event: selection
        return;
    }
    const QPointF n = toNcode(e->position());
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    switch (e->type()) {
    case QEvent::TabletPress:
        m_pointer.setPenId(QStringLiteral("tablet"));
        m_pointer.setPage(m_session.pageOfSheet(m_sheet));
        m_pointer.press(n.x(), n.y(), e->pressure(), t);
        break;
    case QEvent::TabletMove:
        if (m_pointer.isDrawing())
            m_pointer.move(n.x(), n.y(), e->pressure(), t);
        break;
    case QEvent::TabletRelease:
        if (m_pointer.isDrawing())
            m_pointer.release(n.x(), n.y(), e->pressure(), t);
        m_pointer.setPenId(QStringLiteral("mouse"));
        break;
    default:
        break;
    }
    e->accept();
    update();
}

void FormView::wheelEvent(QWheelEvent *e)
{
    if (!(e->modifiers() & Qt::ControlModifier)) {
        e->ignore(); // the scroll area scrolls
        return;
    }
    const int steps = e->angleDelta().y() / 120;
    if (steps != 0)
        emit zoomRequested(steps);
    e->accept();
}

PageScroller::PageScroller(FormView *view, QWidget *parent) : QScrollArea(parent), m_view(view)
{
    setWidget(view);
    setWidgetResizable(false);
    setAlignment(Qt::AlignCenter);
    setFocusPolicy(Qt::NoFocus);
    setFrameShape(QFrame::NoFrame);
    connect(view, &FormView::zoomRequested, this,
            [this](int steps) { setZoom(m_zoom * std::pow(1.25, steps)); });
}

void PageScroller::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, 1.0, 6.0);
    layoutView();
    ensureFieldVisible(m_view->selectedField());
}

void PageScroller::ensureFieldVisible(const QString &field)
{
    const QRect r = m_view->fieldExtent(field).adjusted(-8, -8, 8, 8);
    if (!r.isValid() || m_zoom <= 1.0)
        return;
    ensureVisible(r.right(), r.bottom(), 0, 0);
    ensureVisible(r.left(), r.top(), 0, 0); // where it does not all fit: its label
}

void PageScroller::keepWhole(const QString &field)
{
    zoomToShow(field, m_zoom);
}

// The page's scale is not quite proportional to the zoom (its margins, the side that fits):
// zoomed to `most`, then down until the field, its label and its value fit.
void PageScroller::zoomToShow(const QString &field, double most)
{
    setZoom(most);
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    for (int i = 0; i < 8 && m_zoom > 1.0; ++i) {
        const QRect extent = m_view->fieldExtent(field).adjusted(-8, -8, 8, 8);
        const QSize room = maximumViewportSize() - QSize(bar, bar);
        const double ratio = std::min(room.width() / double(extent.width()),
                                      room.height() / double(extent.height()));
        if (!extent.isValid() || ratio >= 1.0)
            break;
        setZoom(m_zoom * ratio * 0.98);
    }
}

void PageScroller::resizeEvent(QResizeEvent *e)
{
    QScrollArea::resizeEvent(e);
    layoutView();
}

void PageScroller::layoutView()
{
    // At zoom 1 the page fits the viewport; beyond, it grows and scrolls.
    const QSize fit = maximumViewportSize();
    m_view->resize(QSize(int(fit.width() * m_zoom), int(fit.height() * m_zoom)));
}

} // namespace plume::ui
