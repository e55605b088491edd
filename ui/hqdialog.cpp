// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/hqdialog.h"

#include "sync/receipt.h"
#include "ui/station.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <iterator>

namespace plume::ui {

HqDialog::HqDialog(Station &station, QWidget *parent) : QDialog(parent), m_station(station)
{
    setWindowTitle(tr("Siège"));
    setMinimumWidth(640); // the fields show a whole key and pin (fits at 1024×768)
    buildForm();
    prefill();
    revalidate();
    connect(&m_station.passphraseTries(), &PassphraseTries::retryAllowed, this,
            &HqDialog::revalidate);
}

void HqDialog::buildForm()
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Où envoyer les PV et les fiches contact, et comment reconnaître le siège. Le "
           "siège vous donne son adresse, l'empreinte de son certificat (ou le fichier de son "
           "autorité) et sa clé publique (<tt>plume-hq keys show</tt>)."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_url = new QLineEdit(this);
    m_url->setPlaceholderText(QStringLiteral("https://siege.example.fr:8443"));
    form->addRow(tr("&Adresse du siège :"), m_url);
    m_pin = new QLineEdit(this);
    m_pin->setPlaceholderText(tr("64 chiffres hexadécimaux"));
    form->addRow(tr("Em&preinte SHA-256 du certificat :"), m_pin);
    auto *caRow = new QHBoxLayout;
    m_caSource = new QLineEdit(this);
    m_caSource->setReadOnly(true);
    m_caSource->setFocusPolicy(Qt::NoFocus);
    m_caSource->setPlaceholderText(tr("aucun (l'empreinte suffit)"));
    auto *choose = new QPushButton(tr("C&hoisir…"), this);
    auto *drop = new QPushButton(tr("&Retirer"), this);
    caRow->addWidget(m_caSource, 1);
    caRow->addWidget(choose);
    caRow->addWidget(drop);
    form->addRow(tr("ou fichier d'autorité (PEM) :"), caRow);
    m_key = new QLineEdit(this);
    m_key->setPlaceholderText(tr("base64, 44 caractères"));
    form->addRow(tr("&Clé publique du siège :"), m_key);
    addPassphraseRow(form);
    layout->addLayout(form);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(tr("&Enregistrer"), QDialogButtonBox::AcceptRole);
    m_save->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    QWidget *order[] = {m_url, m_pin, choose, drop, m_key, m_passphrase, m_save};
    QWidget *previous = nullptr;
    for (QWidget *next : order) {
        if (previous && next)
            setTabOrder(previous, next);
        previous = next ? next : previous;
    }
    for (auto *edit : {m_url, m_pin, m_key, m_passphrase})
        if (edit)
            connect(edit, &QLineEdit::textChanged, this, &HqDialog::revalidate);
    connect(choose, &QPushButton::clicked, this, &HqDialog::chooseCaFile);
    connect(drop, &QPushButton::clicked, this, [this] { setCaFile({}); });
    connect(buttons, &QDialogButtonBox::accepted, this, &HqDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void HqDialog::addPassphraseRow(QFormLayout *form)
{
    if (!m_station.asksForPassphrase())
        return;
    m_passphrase = new QLineEdit(this);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setToolTip(tr("Demandée à nouveau : le siège reçoit les fiches contact, et "
                                "ses accusés de réception les effacent du bureau."));
    form->addRow(tr("Phrase &secrète du bureau :"), m_passphrase);
}

void HqDialog::prefill()
{
    const sync::HqConfig c = sync::HqConfig::load(m_station.store());
    m_url->setText(c.url.toString());
    m_pin->setText(c.pinSha256);
    m_caPem = c.caPem;
    if (!m_caPem.isEmpty())
        m_caSource->setText(tr("celui enregistré dans le bureau"));
    const QByteArray key = sync::hqPublicKey(m_station.store());
    if (!key.isEmpty())
        m_key->setText(QString::fromLatin1(key.toBase64()));
}

sync::HqConfig HqDialog::config() const
{
    sync::HqConfig c;
    c.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    c.pinSha256 = sync::HqConfig::normalizePin(m_pin->text());
    c.caPem = m_caPem;
    return c;
}

QString HqDialog::whyNot() const
{
    if (!m_caError.isEmpty())
        return m_caError;
    if (const QString why = config().validate(); !why.isEmpty())
        return why;
    if (!sync::parseHqPublicKey(m_key->text()))
        return tr("la clé publique du siège doit être le base64 de 32 octets d'une clé Ed25519 "
                  "(plume-hq keys show)");
    if (m_passphrase && m_station.passphraseTries().isWaiting())
        return m_station.passphraseTries().waitText();
    if (m_passphrase && m_passphrase->text().isEmpty())
        return tr("tapez la phrase secrète du bureau : changer le siège décide où partent les "
                  "fiches contact");
    return {};
}

QString HqDialog::problem() const
{
    return m_save->isEnabled() ? QString() : whyNot();
}

void HqDialog::revalidate()
{
    const QString why = whyNot();
    m_problem->setText(why.isEmpty() ? QString() : tr("✖ %1").arg(why));
    m_save->setEnabled(why.isEmpty());
}

void HqDialog::setCaFile(const QString &path)
{
    m_caError.clear();
    m_caPem.clear();
    m_caSource->setText(path);
    if (!path.isEmpty())
        m_caPem = sync::readCaFile(path, &m_caError).value_or(QByteArray());
    revalidate();
}

void HqDialog::chooseCaFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Fichier d'autorité du siège"), QString(),
                                     tr("Certificats PEM (*.pem *.crt);;Tous les fichiers (*)"));
    if (!path.isEmpty())
        setCaFile(path);
}

void HqDialog::save()
{
    const auto key = sync::parseHqPublicKey(m_key->text());
    if (!key || !whyNot().isEmpty())
        return revalidate();
    const QString passphrase = m_passphrase ? m_passphrase->text() : QString();
    try {
        QGuiApplication::setOverrideCursor(Qt::WaitCursor); // Argon2id: about a second
        const auto restore = qScopeGuard([] { QGuiApplication::restoreOverrideCursor(); });
        m_station.setHq(config(), *key, passphrase);
        accept();
    } catch (const store::StoreError &e) {
        const QString wait = m_station.passphraseTries().waitText();
        m_problem->setText(
            tr("✖ %1").arg(wait.isEmpty() ? e.message() : e.message() + QLatin1Char(' ') + wait));
        if (m_passphrase) { // typed again, never kept
            const QSignalBlocker quiet(m_passphrase);
            m_passphrase->clear();
            m_passphrase->setFocus();
            m_save->setEnabled(false);
        }
    }
}

} // namespace plume::ui
