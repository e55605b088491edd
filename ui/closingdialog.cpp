// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/closingdialog.h"

#include "forms/pvcheck.h"
#include "sync/seal.h"
#include "ui/fieldlook.h"
#include "ui/hqdialog.h"
#include "ui/i18n.h"
#include "ui/mainwindow.h"
#include "ui/offlinefile.h"
#include "ui/station.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace plume::ui {
namespace {

enum Page { CheckPage, SummaryPage, DonePage };

QString htmlList(const QStringList &items)
{
    QString out = QStringLiteral("<ul style='margin:0'>");
    for (const QString &i : items)
        out += QStringLiteral("<li>") + i.toHtmlEscaped() + QStringLiteral("</li>");
    return out + QStringLiteral("</ul>");
}

} // namespace

ClosingDialog::ClosingDialog(Station &station, const QHash<QString, QString> &corrections,
                             const QString &onDuty, QWidget *parent)
    : QDialog(parent), m_station(station), m_corrections(corrections)
{
    setWindowTitle(corrections.isEmpty() ? tr("Clôture du procès-verbal")
                                         : tr("Correction du procès-verbal scellé"));
    const auto versions = sync::sealedPvVersions(station.store());
    m_version = int(versions.size()) + 1;
    auto *layout = new QVBoxLayout(this);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildCheckPage(onDuty));
    m_pages->addWidget(buildSummaryPage());
    m_pages->addWidget(buildDonePage());
    layout->addWidget(m_pages);
    const QSize available = screen()->availableGeometry().size();
    resize(std::min(760, available.width() - 40), std::min(700, available.height() - 60));
    if (!versions.isEmpty() && corrections.isEmpty())
        showDone(tr("<b>Le PV est scellé</b> (version %1). Empreinte SHA-256 :<br><tt>%2</tt>"
                    "<p>Pour le corriger, fermez cette fenêtre et choisissez « Corriger le PV "
                    "scellé… » : la correction sera une nouvelle version, visible par le siège, "
                    "avec sa raison.</p>")
                     .arg(versions.last().version)
                     .arg(versions.last().sha256));
    else
        refreshChecks();
    // The pen may write, or a decision change, while this dialog is open.
    const auto onChecks = [this] {
        if (m_pages->currentIndex() == CheckPage)
            refreshChecks();
    };
    connect(&station.session(), &forms::FormSession::fieldChanged, this, onChecks);
    connect(&station.session(), &forms::FormSession::inkPlaced, this, onChecks);
    m_officials->setFocus(); // who signs comes first
}

QPushButton *ClosingDialog::button(const QString &text, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setAutoDefault(false); // Enter never presses a button of this dialog
    b->setDefault(false);
    return b;
}

QWidget *ClosingDialog::buildCheckPage(const QString &onDuty)
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_checks = richLabel(page);
    layout->addWidget(readByKeyboard(m_checks, page, tr("Contrôles du PV")), 1);
    layout->addWidget(
        new QLabel(tr("Membres du bureau présents : cochez un à un ceux qui signent."), page));
    layout->addWidget(buildOfficials(onDuty, page));
    if (m_station.store().election().officials.isEmpty())
        layout->addWidget(buildNewOfficial(page));
    m_reasonLabel = new QLabel(page);
    m_reasonLabel->setWordWrap(true);
    layout->addWidget(m_reasonLabel);
    m_reason = new QPlainTextEdit(page);
    m_reason->setAccessibleName(tr("Raison et observations"));
    m_reason->setTabChangesFocus(true); // Tab leaves the text: nobody is trapped in it
    m_reason->setMaximumHeight(m_reason->fontMetrics().height() * 4);
    m_reasonLabel->setBuddy(m_reason);
    layout->addWidget(m_reason);
    // What is left to do, in a box of its own height: ticking the first official took a line
    // off it, and the list of officials moved under the mouse, which then unticked the one
    // just ticked instead of ticking the next (a review, 2026-12-01).
    m_blockers = richLabel(page);
    m_blockersArea = readByKeyboard(m_blockers, page, tr("Pour pouvoir sceller"));
    m_blockersArea->setFixedHeight(m_blockers->fontMetrics().lineSpacing() * 5 +
                                   2 * m_blockersArea->frameWidth() + 8);
    layout->addWidget(m_blockersArea);
    auto *buttons = new QHBoxLayout;
    m_continue = button(tr("Continuer vers le résumé…"), page);
    auto *close = button(tr("Fermer"), page);
    buttons->addWidget(m_continue);
    buttons->addStretch(1);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    connect(m_officials, &QListWidget::itemChanged, this, &ClosingDialog::refreshChecks);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &ClosingDialog::refreshChecks);
    connect(m_continue, &QPushButton::clicked, this, &ClosingDialog::showSummary);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    return page;
}

QListWidget *ClosingDialog::buildOfficials(const QString &onDuty, QWidget *parent)
{
    // Nobody is ticked in advance: each signatory is ticked by hand.
    m_officials = new QListWidget(parent);
    m_officials->setAccessibleName(tr("Membres du bureau présents"));
    // The officials the election lists sign (the one on duty is among them); only when it
    // lists none does the one on duty sign, so that nobody counts twice under two spellings.
    QStringList names = m_station.store().election().officials;
    if (names.isEmpty() && !onDuty.simplified().isEmpty())
        names << onDuty.simplified();
    for (const QString &name : std::as_const(names)) {
        auto *item = new QListWidgetItem(name, m_officials);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_officials->setMaximumHeight(m_officials->fontMetrics().height() * 5);
    return m_officials;
}

// The election lists nobody: the officials present other than the one on duty are typed
// here, one by one, checked as the one on duty's name is (letters, at most 60 characters)
// and never twice under two spellings (forms::distinctOfficials, as the seal counts them).
QWidget *ClosingDialog::buildNewOfficial(QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_newOfficial = new QLineEdit(box);
    m_newOfficial->setPlaceholderText(tr("Nom d'un autre membre présent"));
    m_newOfficial->setAccessibleName(tr("Ajouter un membre du bureau présent"));
    m_addOfficial = button(tr("Ajouter"), box);
    row->addWidget(m_newOfficial, 1);
    row->addWidget(m_addOfficial);
    column->addLayout(row);
    m_newOfficialProblem = new QLabel(box);
    m_newOfficialProblem->setWordWrap(true);
    m_newOfficialProblem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_newOfficialProblem->hide();
    column->addWidget(m_newOfficialProblem);
    connect(m_addOfficial, &QPushButton::clicked, this, &ClosingDialog::addOfficial);
    connect(m_newOfficial, &QLineEdit::returnPressed, this, &ClosingDialog::addOfficial);
    return box;
}

void ClosingDialog::addOfficial()
{
    const QString name = m_newOfficial->text().simplified();
    if (name.isEmpty())
        return;
    QString problem = MainWindow::officialNameProblem(name);
    QStringList names;
    for (int i = 0; i < m_officials->count(); ++i)
        names << m_officials->item(i)->text();
    if (problem.isEmpty() && forms::distinctOfficials(names + QStringList{name}).size() ==
                                 forms::distinctOfficials(names).size())
        problem = tr("%1 est déjà dans la liste.").arg(name);
    m_newOfficialProblem->setText(problem);
    m_newOfficialProblem->setVisible(!problem.isEmpty());
    if (!problem.isEmpty())
        return;
    auto *item = new QListWidgetItem(name, m_officials);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked); // typing one's name is signing
    m_newOfficial->clear();
    refreshChecks();
}

QWidget *ClosingDialog::buildSummaryPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_summary = richLabel(page);
    layout->addWidget(readByKeyboard(m_summary, page, tr("Résumé avant le scellement")), 1);
    auto *buttons = new QHBoxLayout;
    m_back = button(tr("Revenir"), page);
    m_seal = button(tr("&Sceller"), page);
    buttons->addWidget(m_back);
    buttons->addStretch(1);
    buttons->addWidget(m_seal);
    layout->addLayout(buttons);
    connect(m_back, &QPushButton::clicked, this, [this] {
        m_pages->setCurrentIndex(CheckPage);
        m_continue->setFocus();
    });
    connect(m_seal, &QPushButton::clicked, this, &ClosingDialog::seal);
    return page;
}

QWidget *ClosingDialog::buildDonePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_result = richLabel(page);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result, 1);
    auto *buttons = new QHBoxLayout;
    for (const QString &format :
         {QStringLiteral("pdf"), QStringLiteral("json"), QStringLiteral("csv")}) {
        auto *b = button(tr("Exporter en %1").arg(format.toUpper()), page);
        connect(b, &QPushButton::clicked, this, [this, format] { exportPv(format); });
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    auto *offline = button(tr("Fichier hors ligne…"), page);
    offline->setToolTip(tr("Sans réseau : un fichier chiffré pour le siège, à lui porter"));
    connect(offline, &QPushButton::clicked, this, [this] {
        const QString said = saveOfflineFile(this, m_station);
        if (!said.isEmpty())
            m_result->setText(m_result->text() + QStringLiteral("<br>") + said.toHtmlEscaped());
    });
    buttons->addWidget(offline);
    m_hq = button(tr("Siège…"), page);
    m_hq->setToolTip(tr("Enregistrer l'adresse du siège, son certificat et sa clé"));
    connect(m_hq, &QPushButton::clicked, this, &ClosingDialog::configureHq);
    buttons->addWidget(m_hq);
    auto *close = button(tr("Fermer"), page);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    return page;
}

QHash<QString, QString> ClosingDialog::values() const
{
    QHash<QString, QString> out = m_station.session().pvValues(true);
    for (auto it = m_corrections.begin(); it != m_corrections.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QStringList ClosingDialog::requiredFields() const
{
    // In the order of the form, as on the paper.
    const QStringList required = sync::requiredPvFields(m_station.store());
    QStringList out;
    for (const QString &f : m_station.session().form(QStringLiteral("pv")).recognisedFieldNames())
        if (required.contains(f))
            out << f;
    for (const QString &f : required)
        if (!out.contains(f))
            out << f;
    return out;
}

QStringList ClosingDialog::missingFields() const
{
    const auto v = values();
    QStringList out;
    for (const QString &f : requiredFields())
        if (v.value(f).trimmed().isEmpty())
            out << f;
    return out;
}

QStringList ClosingDialog::signatories() const
{
    QStringList out;
    for (int i = 0; i < m_officials->count(); ++i)
        if (m_officials->item(i)->checkState() == Qt::Checked)
            out << m_officials->item(i)->text();
    return out;
}

bool ClosingDialog::needsExplanation() const
{
    return !m_corrections.isEmpty() ||
           forms::hasToExplain(forms::checkPv(values(), m_station.store().election()));
}

QStringList ClosingDialog::blockers() const
{
    QStringList out;
    const auto &form = m_station.session().form(QStringLiteral("pv"));
    const QStringList missing = missingFields();
    if (!missing.isEmpty())
        out << tr("Confirmez d'abord ces valeurs : %1.")
                   .arg(fieldLabels(form, missing).join(QStringLiteral(", ")));
    QStringList inkAfter;
    if (m_corrections.isEmpty()) // an open PV: ink written after a decision is looked at first
        for (const auto &s : m_station.session().statuses(store::kPvSheetId))
            if (s.inkAfterDecision)
                inkAfter << s.field;
    if (!inkAfter.isEmpty())
        out << tr("De l'encre a été écrite après la décision : revoyez %1.")
                   .arg(fieldLabels(form, inkAfter).join(QStringLiteral(", ")));
    // Ink still being placed (a pen emptying its memory while the summary is shown) is not
    // yet on its field, so « written after the decision » could not see it: the seal waits
    // (a review of 2026-12-02: it sealed, the ink only listed as late).
    if (const qsizetype waiting = m_station.session().unplacedStrokes(); waiting > 0)
        out << tr("%n trait(s) reçu(s) du stylo attend(ent) d'être placé(s) et lu(s) : un "
                  "instant.",
                  nullptr, int(waiting));
    const auto failures = pvFailures(m_station.session(), false, m_corrections);
    if (forms::hasImpossible(failures))
        out << tr("Une règle impossible n'est pas respectée : corrigez les valeurs.");
    const bool explain = needsExplanation();
    const int need = explain ? forms::kMinOfficialsToExplain : 1;
    if (signatories().size() < need)
        out << tr("Cochez au moins %n membre(s) du bureau présent(s) qui signe(nt).", nullptr,
                  need) +
                   (m_newOfficial && m_officials->count() < need
                        ? QLatin1Char(' ') + tr("L'élection ne liste pas ses membres : ajoutez "
                                                "chacun des autres par son nom, sous la liste.")
                        : QString());
    const int length = forms::reasonLength(m_reason->toPlainText());
    if (explain && length < forms::kMinReasonChars)
        out << tr("Écrivez la raison : au moins %n caractères (%1 pour l'instant).", nullptr,
                  forms::kMinReasonChars)
                   .arg(length);
    return out;
}

QString ClosingDialog::valuesTable() const
{
    const auto &form = m_station.session().form(QStringLiteral("pv"));
    const auto decided = m_station.session().pvValues(true);
    QString rows;
    for (const QString &f : requiredFields()) {
        QString value = decided.value(f).toHtmlEscaped();
        if (m_corrections.contains(f))
            value = tr("%1 → <b>%2</b> ✎").arg(value, m_corrections.value(f).toHtmlEscaped());
        else if (value.isEmpty())
            value = tr("<i>non confirmé</i>");
        rows += QStringLiteral("<tr><td>%1</td><td align='right'>&nbsp;<b>%2</b></td></tr>")
                    .arg(fieldLabel(form, f).toHtmlEscaped(), value);
    }
    return QStringLiteral("<table>") + rows + QStringLiteral("</table>");
}

// The PV's values neither decided nor corrected here.
int ClosingDialog::undecidedCount() const
{
    const auto decided = m_station.session().pvValues(true);
    int n = 0;
    for (const QString &f : requiredFields())
        n += decided.value(f).isEmpty() && !m_corrections.contains(f) ? 1 : 0;
    return n;
}

QString ClosingDialog::rulesText() const
{
    const auto &form = m_station.session().form(QStringLiteral("pv"));
    QStringList items;
    for (const auto &f : pvFailures(m_station.session(), false, m_corrections))
        items << ruleHtml(f, form);
    const int undecided = undecidedCount();
    if (items.isEmpty() && undecided > 0) // not green over values to confirm (a review)
        return tr("<p>Les valeurs confirmées ne contredisent aucune règle, mais %n valeur(s) "
                  "reste(nt) à confirmer : les règles ne sont acquises qu'une fois toutes "
                  "confirmées.</p>",
                  nullptr, undecided);
    if (items.isEmpty())
        return tr("<p style='color:#0a6e2c'>✔ Toutes les règles du PV sont respectées.</p>");
    return QStringLiteral("<p>") + items.join(QStringLiteral("</p><p>")) + QStringLiteral("</p>");
}

void ClosingDialog::refreshChecks()
{
    QString head = m_corrections.isEmpty()
                       ? tr("<h3>Clôture du PV : version %1</h3>").arg(m_version)
                       : tr("<h3>Correction du PV scellé : future version %1</h3>").arg(m_version);
    m_checks->setText(head + valuesTable() + rulesText());
    m_reasonLabel->setText(
        needsExplanation()
            ? tr("Raison (obligatoire, au moins %n caractères) : pourquoi ces valeurs, ou "
                 "pourquoi cette correction.",
                 nullptr, forms::kMinReasonChars)
            : tr("Observations (facultatives) :"));
    const QStringList why = blockers();
    m_blockers->setText(why.isEmpty() ? tr("<span style='color:#0a6e2c'>✔ Tout est prêt : "
                                           "« Continuer vers le résumé… ».</span>")
                                      : tr("<b>Pour pouvoir sceller :</b>") + htmlList(why));
    m_continue->setEnabled(why.isEmpty());
    // Tab stops there only while there is something to read: « Tout est prêt » is one line.
    m_blockersArea->setFocusPolicy(why.isEmpty() ? Qt::NoFocus : Qt::StrongFocus);
}

void ClosingDialog::showSummary()
{
    if (!blockers().isEmpty()) {
        refreshChecks(); // changed since shown: say why
        return;
    }
    const QString reason = m_reason->toPlainText().trimmed();
    QString text = tr("<h3>Vous allez sceller la version %1 du PV</h3>").arg(m_version);
    text += valuesTable() + rulesText();
    text += tr("<p><b>Signé par</b> : %1</p>")
                .arg(signatories().join(QStringLiteral(", ")).toHtmlEscaped());
    if (!reason.isEmpty())
        text += tr("<p><b>Raison</b> : %1</p>").arg(reason.toHtmlEscaped());
    text += tr("<p>Une fois scellé, le PV ne peut plus être modifié : toute correction fera "
               "une nouvelle version, visible par le siège.</p>");
    m_summary->setText(text);
    m_seal->setText(tr("&Sceller la version %1").arg(m_version));
    m_pages->setCurrentIndex(SummaryPage);
    m_back->setFocus();
}

void ClosingDialog::seal()
{
    if (isSealed())
        return;
    if (!blockers().isEmpty()) { // changed since the summary: back to the checks, which say why
        refreshChecks();
        m_pages->setCurrentIndex(CheckPage);
        m_officials->setFocus();
        return;
    }
    sync::CloseRequest request;
    request.officials = signatories();
    request.reason = m_reason->toPlainText().trimmed();
    request.corrections = m_corrections;
    try {
        const sync::CloseResult r = sync::closePv(m_station.store(), request);
        if (!r.sealed) {
            m_blockers->setText(
                tr("<b>Le PV n'a pas été scellé</b> : %1").arg(r.error.toHtmlEscaped()));
            m_pages->setCurrentIndex(CheckPage);
            return;
        }
        m_hash = r.pv->sha256;
        showDone(tr("<b>PV scellé</b> (version %1). Empreinte SHA-256 :<br><tt>%2</tt>")
                     .arg(r.pv->version)
                     .arg(m_hash) +
                 QStringLiteral("<br>") + deliveryText(int(r.contactBatches.size())) +
                 leftOutText(r.inkLeftOut));
    } catch (const store::StoreError &e) {
        QMessageBox::critical(this, windowTitle(), e.message());
    }
}

// Ink added on the sealed paper past what a field carries: said, never silently dropped.
QString ClosingDialog::leftOutText(const QStringList &leftOut) const
{
    QString text;
    for (const QString &line : leftOut)
        text += QStringLiteral("<br>⚠ ") + line.toHtmlEscaped();
    return text;
}

QString ClosingDialog::deliveryText(int contactBatches) const
{
    // What the status bar says too: it leaves only once headquarters is configured.
    QString why;
    switch (m_station.hqState(&why)) {
    case Station::HqState::Ready:
        return tr("Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de fiches "
                  "contact en attente.",
                  nullptr, contactBatches);
    case Station::HqState::NotConfigured:
        return tr("Il attend dans la file d'envoi : aucun siège n'est configuré pour ce bureau. "
                  "Il partira dès que le siège le sera (bouton « Siège… » ci-dessous, ou "
                  "<tt>plumectl station set-hq</tt>) ; d'ici là, exportez-le ci-dessous ou "
                  "faites un fichier hors ligne pour le siège (« Fichier hors ligne… »). %n "
                  "lot(s) de fiches contact en attente.",
                  nullptr, contactBatches);
    case Station::HqState::Invalid:
        break;
    }
    return tr("Il attend dans la file d'envoi : la configuration du siège est refusée (%1). "
              "Il partira dès qu'elle sera corrigée (bouton « Siège… » ci-dessous, ou "
              "<tt>plumectl station set-hq</tt>). %n "
              "lot(s) de fiches contact en attente.",
              nullptr, contactBatches)
        .arg(why.toHtmlEscaped());
}

void ClosingDialog::showDone(const QString &result)
{
    m_result->setText(result);
    m_hq->setVisible(m_station.hqState() != Station::HqState::Ready);
    m_pages->setCurrentIndex(DonePage);
}

void ClosingDialog::configureHq()
{
    HqDialog dialog(m_station, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_hq->setVisible(m_station.hqState() != Station::HqState::Ready);
    m_result->setText(m_result->text() + QStringLiteral("<br>") +
                      tr("✔ Siège enregistré : le PV partira vers %1 dès que le réseau le permet.")
                          .arg(m_station.hqUrl().toHtmlEscaped()));
}

void ClosingDialog::exportPv(const QString &format)
{
    // Next to the station file (not wherever Plume was started from), as the format says.
    const QDir folder = QFileInfo(m_station.store().path()).absoluteDir();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Exporter le PV"),
        folder.filePath(
            QStringLiteral("pv-%1.%2").arg(m_station.store().election().stationCode, format)),
        tr("PV en %1 (*.%2)").arg(format.toUpper(), format));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_station.exportPv(format, path, &error)) {
        QMessageBox::warning(this, tr("Export"), error);
        return;
    }
    // Said where it went: an export that says nothing looks like one that failed.
    m_result->setText(m_result->text() + QStringLiteral("<br>") +
                      tr("✔ PV exporté en %1 : %2")
                          .arg(format.toUpper(), QDir::toNativeSeparators(path).toHtmlEscaped()));
}

} // namespace plume::ui
