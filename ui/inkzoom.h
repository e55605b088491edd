// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The ink of one field, enlarged, drawn over its boxes as on the paper: what the official
// compares the value with before confirming a doubtful reading. Struck-out strokes are
// drawn struck through.
#pragma once

#include "ink/stroke.h"

#include <QWidget>

#include <optional>

namespace plume::forms {
class FormSession;
}

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

protected:
    void paintEvent(QPaintEvent *) override;

private:
    QVector<ink::Stroke> struckInField() const;
    forms::FormSession &m_session;
    QString m_sheet;
    QString m_field;
    bool m_emphasised = false;
    std::optional<ink::Stroke> m_highlight;
};

} // namespace plume::ui
