// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/passphrase.h"

#include "store/passphrase.h"

#include "store/store.h"
#include "ui/fieldlook.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace plume::ui {
namespace {

QLineEdit *passwordEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setEchoMode(QLineEdit::Password);
    edit->setAccessibleName(name);
    return edit;
}

} // namespace

PassphraseVerdict checkPassphrase(const QString &passphrase, const QString &confirmation,
                                  const QStringList &context)
{
    // The store's own checker: the window never accepts what the store would refuse.
    const store::PassphraseStrength strength = store::checkPassphrase(passphrase, context);
    PassphraseVerdict v{false, strength.reason, strength.score, strength.guessesLog10};
    if (!strength.accepted)
        return v;
    if (confirmation.isEmpty()) { // not a mistake yet: red before the second copy (a review)
        v.waitingForCopy = true;
        v.message = PassphraseFields::tr("Tapez-la une seconde fois dans la case du dessous.");
        return v;
    }
    if (confirmation != passphrase) {
        v.message = PassphraseFields::tr("Les deux saisies sont différentes : retapez la même "
                                         "phrase secrète.");
        return v;
    }
    v.acceptable = true;
    v.message = PassphraseFields::tr("✔ Phrase secrète acceptée. Notez-la et gardez-la avec le "
                                     "matériel du bureau.");
    return v;
}

QString strengthWords(int score)
{
    switch (std::clamp(score, 0, 4)) {
    case 0:
        return PassphraseFields::tr("très faible");
    case 1:
        return PassphraseFields::tr("faible");
    case 2:
        return PassphraseFields::tr("moyenne");
    case 3:
        return PassphraseFields::tr("bonne");
    default:
        return PassphraseFields::tr("excellente");
    }
}

QColor strengthColour(int score)
{
    if (score >= store::kMinPassphraseScore)
        return QColor(0x8f, 0xd1, 0x9e);                                     // light green
    return score >= 2 ? QColor(0xf9, 0xc9, 0x7c) : QColor(0xf4, 0xa6, 0xa6); // orange, red
}

QString guessTimeWords(double guessesLog10)
{
    // Seconds at one guess a second, in the largest unit that fits.
    struct Step
    {
        double log10Seconds;
        const char *words;
    };
    static constexpr Step kSteps[] = {
        {1.78, QT_TRANSLATE_NOOP("plume::ui::PassphraseFields", "moins d'une minute")},
        {3.56, QT_TRANSLATE_NOOP("plume::ui::PassphraseFields", "quelques minutes")},
        {4.94, QT_TRANSLATE_NOOP("plume::ui::PassphraseFields", "quelques heures")},
        {6.41, QT_TRANSLATE_NOOP("plume::ui::PassphraseFields", "quelques jours ou semaines")},
        {7.50, QT_TRANSLATE_NOOP("plume::ui::PassphraseFields", "quelques mois")},
        {9.50, QT_TRANSLATE_NOOP("plume::ui::PassphraseFields", "des années")},
    };
    for (const Step &step : kSteps)
        if (guessesLog10 < step.log10Seconds)
            return PassphraseFields::tr(step.words);
    return PassphraseFields::tr("des siècles");
}

PassphraseFields::PassphraseFields(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    m_first = passwordEdit(tr("Phrase secrète"), this);
    m_second = passwordEdit(tr("Phrase secrète, une seconde fois"), this);
    form->addRow(tr("Phrase secrète :"), m_first);
    form->addRow(tr("Une seconde fois :"), m_second);
    m_meter = new QProgressBar(this);
    m_meter->setRange(0, 4);
    m_meter->setAccessibleName(tr("Solidité de la phrase secrète"));
    m_meter->setMinimumHeight(fontMetrics().height() + 8); // its words inside, whole
    form->addRow(tr("Solidité :"), m_meter);
    layout->addLayout(form);
    // Below the form, where wrapped sentences get their whole height.
    m_strength = richLabel(this, QString());
    m_verdict = richLabel(this, QString());
    m_verdict->setMinimumHeight(fontMetrics().lineSpacing() * 4); // a refusal: up to 4 lines
    layout->addWidget(m_strength);
    layout->addWidget(m_verdict);
    for (QLineEdit *e : {m_first, m_second})
        connect(e, &QLineEdit::textChanged, this, &PassphraseFields::update);
    update();
}

QString PassphraseFields::passphrase() const
{
    return m_first->text();
}

void PassphraseFields::setContext(const QStringList &context)
{
    m_context = context;
    update();
}

bool PassphraseFields::isAcceptable() const
{
    return checkPassphrase(m_first->text(), m_second->text(), m_context).acceptable;
}

void PassphraseFields::update()
{
    const auto verdict = checkPassphrase(m_first->text(), m_second->text(), m_context);
    showStrength(verdict);
    m_verdict->setText(m_first->text().isEmpty() ? QString() : verdict.message);
    m_verdict->setStyleSheet(verdict.acceptable       ? QStringLiteral("color:#0a6e2c")
                             : verdict.waitingForCopy ? QString()
                                                      : QStringLiteral("color:#b00000"));
    emit changed();
}

void PassphraseFields::showStrength(const PassphraseVerdict &verdict)
{
    const bool empty = m_first->text().isEmpty();
    const int score = empty ? 0 : verdict.score;
    m_meter->setValue(score);
    m_meter->setFormat(empty ? QString() : strengthWords(score));
    // Colour and words, black on light colours and on white: red below the store's
    // threshold, green from it; the words centred inside the frame.
    m_meter->setStyleSheet(
        QStringLiteral("QProgressBar { border: 1px solid #8c8c8c; border-radius: 3px; "
                       "background: white; color: black; text-align: center; } "
                       "QProgressBar::chunk { background: %1; }")
            .arg(strengthColour(score).name()));
    m_strength->setText(
        empty ? QString()
              : tr("Solidité : <b>%1</b> (%2 sur 4) — à un essai par seconde, il faudrait %3 "
                   "pour la deviner.")
                    .arg(strengthWords(score))
                    .arg(score)
                    .arg(guessTimeWords(verdict.guessesLog10)));
}

SetPassphraseDialog::SetPassphraseDialog(store::Store &store, QWidget *parent)
    : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Phrase secrète du bureau"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        richLabel(this, tr("Ce bureau n'a pas encore de phrase secrète. Elle chiffre les "
                           "fiches contact (données sensibles) sur cet ordinateur et sera "
                           "demandée à chaque ouverture. Tapez-la deux fois.")));
    m_fields = new PassphraseFields(this);
    try {
        m_fields->setContext(store::passphraseContext(store.election()));
    } catch (const store::StoreError &) {
        // an unreadable election: the checker still knows every common password
    }
    layout->addWidget(m_fields);
    m_error = richLabel(this, QString());
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(this);
    auto *ok = buttons->addButton(tr("Protéger le bureau"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Quitter Plume"), QDialogButtonBox::RejectRole);
    ok->setEnabled(false);
    connect(m_fields, &PassphraseFields::changed, this,
            [this, ok] { ok->setEnabled(m_fields->isAcceptable()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void SetPassphraseDialog::accept()
{
    if (!m_fields->isAcceptable())
        return; // no way on without an acceptable passphrase
    try {
        m_store.setPassphrase(m_fields->passphrase());
    } catch (const store::StoreError &e) {
        m_error->setText(e.message());
        return;
    }
    QDialog::accept();
}

void SetPassphraseDialog::reject()
{
    if (confirmQuitWithoutPassphrase(this))
        QDialog::reject();
}

UnlockDialog::UnlockDialog(store::Store &store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Ouvrir le bureau"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        richLabel(this, tr("Phrase secrète du bureau (elle protège les fiches contact et "
                           "la clé qui signe le PV) :")));
    m_edit = passwordEdit(tr("Phrase secrète"), this);
    layout->addWidget(m_edit);
    m_error = richLabel(this, QString());
    m_error->setStyleSheet(QStringLiteral("color:#b00000; font-weight:bold"));
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(this);
    m_open = buttons->addButton(tr("Ouvrir"), QDialogButtonBox::AcceptRole);
    m_open->setDefault(true);
    // Enter during the wait (Ouvrir off) asked « Quitter Plume ? » (a review): only Ouvrir
    // takes Enter.
    buttons->addButton(tr("Quitter Plume"), QDialogButtonBox::RejectRole)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_tries, &PassphraseTries::retryAllowed, this, &UnlockDialog::retryAllowed);
    layout->addWidget(buttons);
    // Wide enough for its sentences; it grows (adjustSize) when the error below says more.
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

void UnlockDialog::accept()
{
    if (m_tries.isWaiting())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        m_store.unlock(m_edit->text());
    } catch (const store::StoreError &) {
        QApplication::restoreOverrideCursor();
        m_tries.failed();
        const bool waiting = m_tries.isWaiting();
        m_failureText = tr("Phrase secrète incorrecte (%n essai(s) manqué(s)). Vérifiez les "
                           "majuscules et réessayez.",
                           nullptr, m_tries.failures());
        m_error->setText(m_failureText +
                         (waiting ? QLatin1Char(' ') + m_tries.waitText() : QString()));
        m_edit->setEnabled(!waiting);
        m_open->setEnabled(!waiting);
        adjustSize(); // the error's lines, whole
        m_edit->selectAll();
        m_edit->setFocus();
        return;
    }
    QApplication::restoreOverrideCursor();
    m_tries.succeeded();
    QDialog::accept();
}

void UnlockDialog::retryAllowed()
{
    m_edit->setEnabled(true);
    m_open->setEnabled(true);
    m_error->setText(m_failureText + QLatin1Char(' ') + tr("Vous pouvez réessayer."));
    m_edit->selectAll();
    m_edit->setFocus();
}

void UnlockDialog::reject()
{
    if (confirmQuitWithoutPassphrase(this))
        QDialog::reject();
}

bool confirmQuitWithoutPassphrase(QWidget *parent)
{
    QMessageBox box(QMessageBox::Question, UnlockDialog::tr("Quitter Plume ?"),
                    UnlockDialog::tr("Sans la phrase secrète, Plume ne peut pas ouvrir ce "
                                     "bureau. Quitter Plume ?"),
                    QMessageBox::NoButton, parent);
    auto *quit = box.addButton(UnlockDialog::tr("Quitter Plume"), QMessageBox::AcceptRole);
    auto *back = box.addButton(UnlockDialog::tr("Revenir"), QMessageBox::RejectRole);
    box.setDefaultButton(back);
    box.setEscapeButton(back);
    box.exec();
    return box.clickedButton() == quit;
}

} // namespace plume::ui
