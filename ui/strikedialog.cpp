// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/strikedialog.h"

#include "forms/formsession.h"
#include "ui/fieldlook.h"
#include "ui/i18n.h"
#include "ui/inkzoom.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLineF>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <limits>

namespace plume::ui {

StrikeDialog::StrikeDialog(forms::FormSession &session, const QString &sheetId,
                           const QString &field, std::optional<QPointF> nearNcode, QWidget *parent)
    : QDialog(parent), m_session(session)
{
    const QString label = fieldLabel(session.formOfSheet(sheetId), field);
    setWindowTitle(tr("Barrer de l'encre parasite"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 64); // room for the enlarged ink
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(richLabel(
        this, tr("<b>%1</b> : choisissez le trait à barrer (en rouge). Il reste dans le fichier "
                 "du bureau et dans l'historique, barré ; il n'est plus lu ni scellé.")
                  .arg(label.toHtmlEscaped())));
    m_zoom = new InkZoom(session, this);
    m_zoom->setField(sheetId, field);
    m_zoom->setEmphasised(true);
    layout->addWidget(m_zoom);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Traits du champ"));
    layout->addWidget(m_list);
    m_reason = new QLineEdit(this);
    m_reason->setAccessibleName(tr("Raison"));
    m_reason->setPlaceholderText(tr("par exemple : clic en choisissant la case"));
    layout->addWidget(new QLabel(tr("Pourquoi ce trait est-il barré ? (obligatoire)"), this));
    layout->addWidget(m_reason);
    auto *buttons = new QDialogButtonBox(this);
    m_strike = buttons->addButton(tr("&Barrer ce trait"), QDialogButtonBox::AcceptRole);
    auto *back = buttons->addButton(tr("Revenir"), QDialogButtonBox::RejectRole);
    for (QPushButton *b : {m_strike, back})
        b->setAutoDefault(false); // Enter never strikes
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    fillList(sheetId, field);
    connect(m_list, &QListWidget::currentRowChanged, this, &StrikeDialog::showChosen);
    connect(m_reason, &QLineEdit::textChanged, this, &StrikeDialog::showChosen);
    m_list->setCurrentRow(nearNcode ? nearestTo(*nearNcode) : int(m_strokes.size()) - 1);
    showChosen();
    m_list->setFocus();
}

// Enter never strikes: QDialogButtonBox makes its first accept button the default when shown,
// whatever autoDefault says, so Enter after the reason struck the proposed stroke (a review
// of 2026-12-02). Striking is the button, its Alt+B, or Space on it.
void StrikeDialog::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void StrikeDialog::fillList(const QString &sheetId, const QString &field)
{
    const forms::FormSpec &form = m_session.formOfSheet(sheetId);
    for (const store::StoredStroke &s : m_session.storedFieldStrokes(sheetId, field)) {
        if (s.struck)
            continue;
        m_strokes.append(s);
        double mm = 0;
        for (int i = 1; i < s.stroke.dots.size(); ++i)
            mm += QLineF(form.toMm(s.stroke.dots[i - 1].x, s.stroke.dots[i - 1].y),
                         form.toMm(s.stroke.dots[i].x, s.stroke.dots[i].y))
                      .length();
        const QString at =
            QDateTime::fromMSecsSinceEpoch(s.stroke.startMs).toString(QStringLiteral("HH:mm:ss"));
        new QListWidgetItem(tr("Trait %1 : %2 mm, écrit à %3")
                                .arg(m_strokes.size())
                                .arg(QLocale().toString(mm, 'f', 1), at),
                            m_list);
    }
}

int StrikeDialog::nearestTo(QPointF ncode) const
{
    int best = int(m_strokes.size()) - 1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int i = 0; i < m_strokes.size(); ++i)
        for (const ink::Dot &d : m_strokes[i].stroke.dots) {
            const double distance = QLineF(ncode, QPointF(d.x, d.y)).length();
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
    return best;
}

void StrikeDialog::showChosen()
{
    const int row = m_list->currentRow();
    m_zoom->setHighlight(row >= 0 && row < m_strokes.size()
                             ? std::optional<ink::Stroke>(m_strokes[row].stroke)
                             : std::nullopt);
    m_strike->setEnabled(chosenStroke() != 0 && !reason().isEmpty());
}

qint64 StrikeDialog::chosenStroke() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_strokes.size() ? m_strokes[row].id : 0;
}

QString StrikeDialog::reason() const
{
    return m_reason->text().trimmed();
}

} // namespace plume::ui
