// The page of a sheet as the official sees it: printed boxes, live ink, field highlight.
// Writing with the mouse or a graphics tablet on it produces the same strokes as the pen.
#pragma once

#include "forms/formsession.h"
#include "pen/strokeassembler.h"

#include <QWidget>

namespace plume::ui {

class FormView : public QWidget
{
    Q_OBJECT
public:
    explicit FormView(forms::FormSession &session, QWidget *parent = nullptr);

    void setSheet(const QString &sheetId);
    QString sheet() const { return m_sheet; }
    void setSelectedField(const QString &field);
    void setWritingEnabled(bool on); // mouse/tablet writes ink instead of selecting fields
    bool writingEnabled() const { return m_writing; }
    QSize sizeHint() const override { return {620, 860}; }

signals:
    void fieldClicked(const QString &field);

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *) override;
    void mouseMoveEvent(QMouseEvent *) override;
    void mouseReleaseEvent(QMouseEvent *) override;
    void tabletEvent(QTabletEvent *) override;

private:
    QTransform pageToWidget() const; // mm -> pixels
    QPointF toNcode(QPointF widgetPos) const;

    forms::FormSession &m_session;
    QString m_sheet = QStringLiteral("pv");
    QString m_selected;
    QString m_writingField;
    bool m_writing = false;
    pen::PointerStrokeSource m_pointer;
};

} // namespace plume::ui
