// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/windowlock.h"

#include "ui/station.h"

#include <QApplication>
#include <QDialog>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace plume::ui {
namespace {

// The input of a person at the laptop. The digital pen is not: it writes on paper, and a
// voter may hold it (contact sheets) while nobody watches the screen.
bool isPersonAtTheLaptop(QEvent::Type type)
{
    switch (type) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TabletPress:
    case QEvent::TabletMove:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
        return true;
    default:
        return false;
    }
}

QLabel *centredLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

} // namespace

WindowLock::WindowLock(Station &station, QStackedWidget *stack, QWidget *work)
    : QObject(stack), m_station(station), m_stack(stack), m_work(work)
{
    m_page = buildPage();
    m_stack->addWidget(m_page);
    m_stack->setCurrentWidget(m_work);
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, &WindowLock::lock);
    connect(&m_station.passphraseTries(), &PassphraseTries::retryAllowed, this,
            &WindowLock::retryAllowed);
    setIdleMinutes(kDefaultIdleMinutes);
    qApp->installEventFilter(this);
}

WindowLock::~WindowLock()
{
    qApp->removeEventFilter(this);
}

QWidget *WindowLock::buildPage()
{
    auto *page = new QWidget(m_stack);
    page->setAccessibleName(tr("Fenêtre verrouillée"));
    auto *box = new QWidget(page);
    box->setFixedWidth(page->fontMetrics().averageCharWidth() * 64); // its lines, whole
    auto *layout = new QVBoxLayout(box);
    auto *title = centredLabel(tr("Fenêtre verrouillée"), box);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 2);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    layout->addWidget(centredLabel(stationText(), box));
    layout->addWidget(centredLabel(tr("Les feuilles et leurs valeurs sont cachées. Le stylo "
                                      "continue d'enregistrer l'encre ; les envois au siège "
                                      "continuent."),
                                   box));
    layout->addSpacing(12);
    addPassphrase(layout, box);
    // Centred by stretches, not by an alignment: the wrapped lines then get their height.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(box);
    row->addStretch(1);
    auto *outer = new QVBoxLayout(page);
    outer->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
    return page;
}

void WindowLock::addPassphrase(QVBoxLayout *layout, QWidget *box)
{
    auto *label = new QLabel(tr("&Phrase secrète du bureau :"), box);
    m_edit = new QLineEdit(box);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setAccessibleName(tr("Phrase secrète du bureau"));
    label->setBuddy(m_edit);
    layout->addWidget(label);
    layout->addWidget(m_edit);
    if (!needsPassphrase())
        layout->addWidget(centredLabel(
            tr("Ce bureau n'a pas de phrase secrète connue (démonstration, ou bureau sans "
               "phrase secrète) : Entrée suffit pour déverrouiller."),
            box));
    m_button = new QPushButton(tr("&Déverrouiller"), box);
    layout->addWidget(m_button, 0, Qt::AlignHCenter);
    m_problem = centredLabel(QString(), box);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(QStringLiteral("color:#b00000; font-weight:bold"));
    layout->addWidget(m_problem);
    connect(m_edit, &QLineEdit::returnPressed, this, &WindowLock::tryUnlock);
    connect(m_button, &QPushButton::clicked, this, &WindowLock::tryUnlock);
}

QString WindowLock::stationText() const
{
    const auto election = m_station.store().election();
    return tr("Bureau « %1 » — %2").arg(election.stationName, election.electionName);
}

bool WindowLock::needsPassphrase() const
{
    return m_station.asksForPassphrase();
}

void WindowLock::setIdleMinutes(int minutes)
{
    setIdleInterval(std::max(0, minutes) * 60 * 1000);
}

void WindowLock::setIdleInterval(int milliseconds)
{
    m_idle.stop();
    m_idle.setInterval(std::max(0, milliseconds));
    if (milliseconds > 0 && !isLocked())
        m_idle.start();
}

bool WindowLock::eventFilter(QObject *watched, QEvent *event)
{
    if (m_idle.interval() > 0 && !isLocked() && isPersonAtTheLaptop(event->type()))
        m_idle.start(); // again from now
    return QObject::eventFilter(watched, event);
}

void WindowLock::closeDialogsAndPopups()
{
    QToolTip::hideText();
    for (int i = 0; i < 16 && QApplication::activePopupWidget(); ++i)
        QApplication::activePopupWidget()->close();
    // Innermost first (a file chooser over the headquarters' dialog), as Cancel would.
    for (int i = 0; i < 16; ++i) {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal)
            break;
        if (auto *dialog = qobject_cast<QDialog *>(modal))
            dialog->done(QDialog::Rejected);
        else
            modal->hide();
    }
}

void WindowLock::lock()
{
    if (isLocked())
        return;
    m_idle.stop();
    const bool active = QApplication::activeWindow() != nullptr; // Plume has the keyboard
    closeDialogsAndPopups();
    if (active) // a closed dialog had it: the passphrase field gets it back
        m_stack->window()->activateWindow();
    m_focus = QApplication::focusWidget();
    m_state = State::Locked;
    m_stack->setCurrentWidget(m_page);
    m_edit->clear();
    m_problem->setText(m_station.passphraseTries().waitText());
    enableTyping(!isWaitingAfterFailures());
    m_edit->setFocus();
    emit stateChanged(m_state);
}

void WindowLock::tryUnlock()
{
    if (!isLocked() || isWaitingAfterFailures())
        return;
    const QString passphrase = m_edit->text();
    m_edit->clear(); // never kept
    if (!needsPassphrase() || passphraseConfirmed(passphrase))
        unlock();
}

bool WindowLock::passphraseConfirmed(const QString &passphrase)
{
    if (passphrase.isEmpty()) {
        refuse(tr("Tapez la phrase secrète du bureau, puis Entrée."));
        return false;
    }
    try {
        QGuiApplication::setOverrideCursor(Qt::WaitCursor); // Argon2id: about a second
        const auto restore = qScopeGuard([] { QGuiApplication::restoreOverrideCursor(); });
        m_station.confirmPassphrase(passphrase);
        return true;
    } catch (const store::StoreError &e) {
        refuse(tr("%1 La fenêtre reste verrouillée (%n essai(s) manqué(s)).", nullptr, failures())
                   .arg(e.message()) +
               waitAfterFailures());
        return false;
    }
}

void WindowLock::refuse(const QString &why)
{
    m_problem->setText(why);
    m_edit->setFocus();
}

int WindowLock::failures() const
{
    return m_station.passphraseTries().failures();
}

bool WindowLock::isWaitingAfterFailures() const
{
    return m_station.passphraseTries().isWaiting();
}

// From the third failure, each new try waits (PassphraseTries); the field is off meanwhile.
QString WindowLock::waitAfterFailures()
{
    if (!isWaitingAfterFailures())
        return {};
    enableTyping(false);
    return QLatin1Char(' ') + m_station.passphraseTries().waitText();
}

void WindowLock::enableTyping(bool enabled)
{
    m_edit->setEnabled(enabled);
    m_button->setEnabled(enabled);
}

void WindowLock::retryAllowed()
{
    enableTyping(true);
    if (!isLocked())
        return;
    m_problem->setText(tr("Vous pouvez réessayer."));
    m_edit->setFocus();
}

void WindowLock::unlock()
{
    m_problem->clear();
    m_state = State::Unlocked;
    m_stack->setCurrentWidget(m_work);
    if (m_focus)
        m_focus->setFocus();
    if (m_idle.interval() > 0)
        m_idle.start();
    emit stateChanged(m_state);
}

} // namespace plume::ui
