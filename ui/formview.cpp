#include "ui/formview.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTabletEvent>

namespace plume::ui {

FormView::FormView(forms::FormSession &session, QWidget *parent)
    : QWidget(parent), m_session(session), m_pointer(QStringLiteral("mouse"))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(360, 480);
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
    connect(&m_pointer, &pen::PointerStrokeSource::strokeCompleted, &m_session,
            &forms::FormSession::addStroke);
}

void FormView::setSheet(const QString &sheetId)
{
    m_sheet = sheetId;
    m_selected.clear();
    m_writingField.clear();
    setAccessibleDescription(tr("Feuille %1").arg(sheetId));
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
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

QTransform FormView::pageToWidget() const
{
    const QSizeF page = m_session.formOfSheet(m_sheet).pageMm;
    const double margin = 12;
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

void FormView::drawStroke(QPainter &p, const ink::Stroke &s, const QColor &colour) const
{
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    if (s.dots.isEmpty())
        return;
    QPen pen(colour);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    if (s.dots.size() == 1) {
        pen.setWidthF(0.5);
        p.setPen(pen);
        p.drawPoint(form.toMm(s.dots[0].x, s.dots[0].y));
        return;
    }
    for (int i = 1; i < s.dots.size(); ++i) {
        const auto &a = s.dots[i - 1];
        const auto &b = s.dots[i];
        // Width from force (raw 0..~1023): 0.25 mm to 0.6 mm; unknown force = 0.4 mm.
        const double f = (a.force + b.force) / 2;
        pen.setWidthF(f > 0 ? 0.25 + 0.35 * std::min(1.0, f / 700.0) : 0.4);
        p.setPen(pen);
        p.drawLine(form.toMm(a.x, a.y), form.toMm(b.x, b.y));
    }
}

void FormView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Mid));
    p.setRenderHint(QPainter::Antialiasing);
    p.setTransform(pageToWidget());
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    const QRectF page(QPointF(0, 0), form.pageMm);
    p.fillRect(page, Qt::white);
    QFont title = font();
    title.setPointSizeF(6);
    title.setBold(true);
    p.setFont(title);
    p.setPen(Qt::black);
    p.drawText(QRectF(10, 10, 190, 10), Qt::AlignCenter, form.title);
    QFont small = font();
    small.setPointSizeF(2.9);
    p.setFont(small);
    p.drawText(QRectF(15, 19, 180, 20), Qt::AlignLeft | Qt::TextWordWrap,
               form.instructions.join(QLatin1Char(' ')));
    if (m_sheet == store::kPvSheetId) {
        const auto e = m_session.election();
        p.drawText(QRectF(15, 34, 180, 5), Qt::AlignLeft,
                   e.electionName + QStringLiteral(" — ") + e.stationName);
    }
    const auto statuses = m_session.statuses(m_sheet);
    auto stateOf = [&](const QString &field) {
        for (const auto &s : statuses)
            if (s.field == field)
                return s.state;
        return forms::FieldState::Empty;
    };
    QFont label = font();
    label.setPointSizeF(3.3);
    for (const forms::FieldSpec &f : form.fields) {
        const QRectF area = f.area();
        if (f.name == m_writingField || f.name == m_selected) {
            const QColor hl =
                f.name == m_writingField ? QColor(255, 236, 140) : QColor(190, 215, 255);
            p.fillRect(area.adjusted(-1.5, -1.5, 1.5, 1.5), hl);
        }
        const auto st = stateOf(f.name);
        QColor box(110, 110, 110);
        if (st == forms::FieldState::Doubtful)
            box = QColor(220, 110, 0);
        else if (st == forms::FieldState::Confirmed || st == forms::FieldState::Corrected ||
                 st == forms::FieldState::Typed)
            box = QColor(0, 140, 60);
        QPen boxPen(box);
        boxPen.setWidthF(f.name == m_selected ? 0.5 : 0.25);
        p.setPen(boxPen);
        if (f.boxes == 0) {
            p.drawRect(area);
        } else {
            for (const QRectF &r : f.boxRects())
                p.drawRect(r);
        }
        p.setFont(label);
        p.setPen(QColor(40, 40, 40));
        if (f.boxes > 0 && area.left() > 60)
            p.drawText(QRectF(15, area.top(), area.left() - 18, area.height()),
                       Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, f.label);
        else
            p.drawText(QRectF(area.left(), area.top() - 6.2, 190 - area.left(), 5.6),
                       Qt::AlignLeft | Qt::AlignBottom, f.label);
    }
    const QColor ink(20, 40, 140);
    for (const ink::Stroke &s : m_session.sheetStrokes(m_sheet))
        drawStroke(p, s, ink);
    if (m_pointer.isDrawing())
        drawStroke(p, m_pointer.current(), QColor(20, 40, 200));
}

void FormView::mousePressEvent(QMouseEvent *e)
{
    if (!m_writing) {
        const QPointF n = toNcode(e->position());
        ink::Stroke probe;
        probe.dots.append(ink::Dot{n.x(), n.y(), 0, 0});
        const QString field = m_session.fieldAt(m_session.formOfSheet(m_sheet), probe);
        if (!field.isEmpty())
            emit fieldClicked(field);
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

} // namespace plume::ui
