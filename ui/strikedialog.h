// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// "Barrer" stray ink (a click that left a dot, a mark of the hand): the official picks one
// stroke of the field (the last written by default, or the one nearest to where the page
// was right-clicked), sees it in red on the enlarged field, and writes why. The dialog only
// chooses; the caller strikes (forms::FormSession::strikeStroke): the stroke stays in the
// station file and the audit trail, drawn struck through, and is no longer read or sealed.
#pragma once

#include "store/store.h"

#include <QDialog>
#include <QPointF>

#include <optional>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace plume::forms {
class FormSession;
}

namespace plume::ui {

class InkZoom;

class StrikeDialog : public QDialog
{
    Q_OBJECT
public:
    // nearNcode: where the official pointed on the page (Ncode units), if anywhere.
    StrikeDialog(forms::FormSession &session, const QString &sheetId, const QString &field,
                 std::optional<QPointF> nearNcode = std::nullopt, QWidget *parent = nullptr);

    bool hasStrokes() const { return !m_strokes.isEmpty(); }
    QListWidget *strokeList() const { return m_list; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QPushButton *strikeButton() const { return m_strike; }
    qint64 chosenStroke() const; // stored stroke id, 0 when none
    QString reason() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void fillList(const QString &sheetId, const QString &field);
    int nearestTo(QPointF ncode) const;
    void showChosen();

    forms::FormSession &m_session;
    QVector<store::StoredStroke> m_strokes; // the field's strokes not struck yet
    QListWidget *m_list = nullptr;
    InkZoom *m_zoom = nullptr;
    QLineEdit *m_reason = nullptr;
    QPushButton *m_strike = nullptr;
};

} // namespace plume::ui
