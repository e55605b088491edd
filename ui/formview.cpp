#include "ui/formview.h"

#include "forms/formpainter.h"

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

void FormView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Mid));
    p.setRenderHint(QPainter::Antialiasing);
    p.setTransform(pageToWidget());
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    forms::PaintOptions options;
    options.selected = m_selected;
    if (!m_selected.isEmpty())
        options.highlight.insert(m_selected, QColor(190, 215, 255));
    if (!m_writingField.isEmpty())
        options.highlight.insert(m_writingField, QColor(255, 236, 140));
    for (const auto &s : m_session.statuses(m_sheet)) {
        if (s.state == forms::FieldState::Doubtful)
            options.boxColour.insert(s.field, QColor(220, 110, 0));
        else if (s.decision)
            options.boxColour.insert(s.field, QColor(0, 140, 60));
    }
    forms::paintForm(p, form, m_session.election(), options);
    forms::paintInk(p, form, m_session.sheetStrokes(m_sheet), QColor(20, 40, 140));
    // Beside each field: the value as read or decided, in the colour of its state.
    QFont valueFont(QStringLiteral("DejaVu Sans"));
    valueFont.setPixelSize(40); // 4 mm at the 0.1 scale below
    valueFont.setBold(true);
    for (const auto &s : m_session.statuses(m_sheet)) {
        const forms::FieldSpec *f = form.field(s.field);
        if (!f || s.value().isEmpty())
            continue;
        QColor colour(30, 90, 200); // read, to confirm
        QString mark;
        if (s.state == forms::FieldState::Doubtful) {
            colour = QColor(200, 90, 0);
            mark = QStringLiteral(" ?");
        } else if (s.decision) {
            colour = QColor(0, 130, 55);
            mark = QStringLiteral(" ✔");
        }
        const QRectF area = f->area();
        const double room = form.pageMm.width() - area.right() - 3;
        // Right of the boxes when there is room, else on the label line above them.
        const QRectF r = room >= 18
                             ? QRectF(area.right() + 2.5, area.top(), room, area.height())
                             : QRectF(area.left() + 45, area.top() - 6, area.width() - 45, 5.5);
        const int align =
            room >= 18 ? Qt::AlignVCenter | Qt::AlignLeft : Qt::AlignBottom | Qt::AlignRight;
        p.save();
        p.setPen(colour);
        p.setFont(valueFont);
        p.scale(0.1, 0.1);
        p.drawText(QRectF(r.topLeft() * 10, r.size() * 10), align, s.value() + mark);
        p.restore();
    }
    if (m_pointer.isDrawing())
        forms::paintInk(p, form, {m_pointer.current()}, QColor(20, 40, 200));
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
