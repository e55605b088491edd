#include "ui/mainwindow.h"

#include "pen/session.h"
#include "ui/closingdialog.h"
#include "ui/formview.h"
#include "ui/pairingdialog.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>

namespace plume::ui {

MainWindow::MainWindow(Station &station, QWidget *parent) : QMainWindow(parent), m_station(station)
{
    const auto election = station.store().election();
    setWindowTitle(tr("Plume — %1 — %2").arg(election.stationName, election.electionName));
    auto &session = station.session();

    m_sheets = new QListWidget(this);
    m_sheets->setAccessibleName(tr("Feuilles"));
    m_sheets->setMinimumWidth(190);
    m_view = new FormView(session, this);
    m_review = new ReviewPanel(session, this);
    m_review->setMinimumWidth(380);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_sheets);
    splitter->addWidget(m_view);
    splitter->addWidget(m_review);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    setCentralWidget(splitter);

    auto *tools = addToolBar(tr("Bureau"));
    tools->setObjectName(QStringLiteral("tools"));
    tools->addWidget(new QLabel(tr(" Membre du bureau de service : "), this));
    m_official = new QComboBox(this);
    m_official->setAccessibleName(tr("Membre du bureau de service"));
    m_official->addItem(tr("— choisir —"));
    m_official->addItems(election.officials);
    m_official->setMinimumContentsLength(24);
    tools->addWidget(m_official);
    tools->addSeparator();
    auto *write = tools->addAction(tr("Écrire à la souris"));
    write->setCheckable(true);
    write->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    write->setToolTip(tr("Si le stylo n'a plus de batterie : écrivez dans les cases avec la souris "
                         "ou une tablette (Ctrl+W)"));
    auto *newSheet = tools->addAction(tr("Nouvelle fiche contact"));
    newSheet->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    auto *pair = tools->addAction(tr("Appairer un stylo…"));
    pair->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    tools->addSeparator();
    auto *close = tools->addAction(tr("Clôturer le PV…"));
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    close->setToolTip(
        tr("Vérifier, faire signer et sceller le PV, puis l'envoyer au siège (Ctrl+K)"));
    connect(close, &QAction::triggered, this, [this] {
        ClosingDialog dialog(m_station, this);
        dialog.exec();
        refreshSheets();
        m_station.syncNow();
    });

    auto *fileMenu = menuBar()->addMenu(tr("&Fichier"));
    fileMenu->addAction(newSheet);
    fileMenu->addAction(pair);
    fileMenu->addAction(close);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quitter"), QKeySequence::Quit, this, &QWidget::close);
    auto *helpMenu = menuBar()->addMenu(tr("&Aide"));
    helpMenu->addAction(tr("Raccourcis clavier"), this, [this] {
        QMessageBox::information(
            this, tr("Raccourcis clavier"),
            tr("Entrée : confirmer la valeur et passer au champ douteux suivant\n"
               "Taper : remplacer la valeur\nÉchap : annuler la saisie\n"
               "F2 à F5 : prendre une autre lecture\nFlèches : changer de champ\n"
               "Ctrl+W : écrire à la souris\nCtrl+N : nouvelle fiche contact\n"
               "Ctrl+P : appairer un stylo"));
    });
    helpMenu->addAction(tr("À propos de Plume"), this, &MainWindow::showAbout);

    m_penLabel = new QLabel(this);
    m_inkLabel = new QLabel(this);
    m_syncLabel = new QLabel(tr("Envoi au siège : rien à envoyer"), this);
    m_recogniserLabel = new QLabel(this);
    statusBar()->addWidget(m_penLabel, 1);
    statusBar()->addWidget(m_inkLabel);
    statusBar()->addWidget(m_recogniserLabel);
    statusBar()->addPermanentWidget(m_syncLabel);
    m_recogniserLabel->setText(
        station.recogniserLoaded()
            ? tr("Reconnaissance : %1").arg(station.classifier().info().version)
            : tr("Reconnaissance indisponible : saisie au clavier"));
    if (!station.recogniserLoaded())
        m_recogniserLabel->setToolTip(station.recogniserError());

    connect(m_official, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_review->setOfficial(index > 0 ? m_official->currentText() : QString());
    });
    connect(write, &QAction::toggled, m_view, &FormView::setWritingEnabled);
    connect(newSheet, &QAction::triggered, this, &MainWindow::newContactSheet);
    connect(pair, &QAction::triggered, this, &MainWindow::pairPen);
    connect(m_sheets, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showSheet(m_sheets->item(row)->data(Qt::UserRole).toString());
    });
    connect(m_view, &FormView::fieldClicked, m_review, &ReviewPanel::selectField);
    connect(m_review, &ReviewPanel::currentFieldChanged, m_view, &FormView::setSelectedField);
    connect(m_review, &ReviewPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_review, &ReviewPanel::decisionRecorded, this, &MainWindow::refreshSheets);
    connect(&session, &forms::FormSession::sheetAdded, this,
            [this](const QString &) { refreshSheets(); });
    connect(&session, &forms::FormSession::fieldChanged, this, &MainWindow::refreshSheets);
    connect(&session, &forms::FormSession::strokeAdded, this,
            [this](const QString &sheetId, const ink::Stroke &) {
                // The page being written comes to the front (unless the official is busy typing).
                if (sheetId != m_view->sheet() && !m_review->editor()->hasFocus())
                    showSheet(sheetId);
            });
    // Ink is counted once durable (the writer commits in its own thread).
    connect(
        &station.writer(), &store::StrokeWriter::committed, this,
        [this](quint64 seq, qint64) {
            m_inkLabel->setText(tr("Encre : %n trait(s) enregistré(s)", nullptr, int(seq)));
        },
        Qt::QueuedConnection);
    connect(&session, &forms::FormSession::unknownPage, this, [this](const ink::PageAddress &page) {
        statusBar()->showMessage(
            tr("Page %1 inconnue : l'encre est gardée mais n'appartient à aucune feuille.")
                .arg(page.toString()),
            8000);
    });
    connect(&session, &forms::FormSession::error, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Erreur : %1").arg(message), 15000);
    });
    connect(&station, &Station::penChanged, this, [this] {
        if (auto *pen = m_station.pen()) {
            connect(pen, &pen::PenSession::stateChanged, this, &MainWindow::updatePenStatus);
            connect(pen, &pen::PenSession::batteryChanged, this, &MainWindow::updatePenStatus);
            connect(pen, &pen::PenSession::lostEvents, this, &MainWindow::updatePenStatus);
            connect(pen, &pen::PenSession::pinRequested, this, [this](int wrong, int max) {
                bool ok = false;
                const QString pin = QInputDialog::getText(
                    this, tr("Code du stylo"),
                    tr("Le stylo est protégé par un code.\nEssais manqués : %1 sur %2.")
                        .arg(wrong)
                        .arg(max),
                    QLineEdit::Password, QString(), &ok);
                if (ok && m_station.pen())
                    m_station.pen()->submitPin(pin);
            });
        }
        updatePenStatus();
    });
    connect(&station, &Station::syncCountsChanged, this,
            [this](int queued, int sending, int delivered, int rejected) {
                QString text = tr("Envoi au siège : %1 livré(s)").arg(delivered);
                if (queued + sending > 0)
                    text += tr(", %1 en attente").arg(queued + sending);
                if (rejected > 0)
                    text += tr(", %1 refusé(s) !").arg(rejected);
                m_syncLabel->setText(text);
            });
    connect(&station, &Station::syncMessage, this, [this](const QString &message) {
        m_syncLabel->setText(tr("Envoi au siège : %1").arg(message));
    });
    QString whyNoSync;
    if (!station.startSync(&whyNoSync))
        m_syncLabel->setText(tr("Envoi au siège : %1 (export hors ligne possible)").arg(whyNoSync));
    refreshSheets();
    updatePenStatus();
    showSheet(store::kPvSheetId);
    resize(1500, 940);
}

void MainWindow::setOfficial(const QString &official)
{
    const int index = m_official->findText(official);
    if (index >= 0) {
        m_official->setCurrentIndex(index);
    } else {
        m_official->addItem(official);
        m_official->setCurrentIndex(m_official->count() - 1);
    }
    m_review->setOfficial(official);
}

QString MainWindow::official() const
{
    return m_review->official();
}

bool MainWindow::chooseOfficial()
{
    QStringList names = m_station.store().election().officials;
    bool ok = false;
    const QString name = QInputDialog::getItem(
        this, tr("Membre du bureau de service"),
        tr("Qui confirme les valeurs ? (enregistré avec chaque décision)"), names, 0, true, &ok);
    if (!ok || name.trimmed().isEmpty())
        return false;
    setOfficial(name.trimmed());
    return true;
}

void MainWindow::showSheet(const QString &sheetId)
{
    m_view->setSheet(sheetId);
    m_review->setSheet(sheetId);
    for (int i = 0; i < m_sheets->count(); ++i)
        if (m_sheets->item(i)->data(Qt::UserRole).toString() == sheetId &&
            m_sheets->currentRow() != i) {
            const QSignalBlocker block(m_sheets);
            m_sheets->setCurrentRow(i);
        }
}

void MainWindow::refreshSheets()
{
    auto &session = m_station.session();
    const QString current = m_view->sheet();
    const QSignalBlocker block(m_sheets);
    m_sheets->clear();
    for (const store::Sheet &sheet : m_station.store().sheets()) {
        int decided = 0, doubtful = 0, total = 0;
        for (const auto &s : session.statuses(sheet.id)) {
            ++total;
            decided += s.decision ? 1 : 0;
            doubtful += s.state == forms::FieldState::Doubtful ? 1 : 0;
        }
        const QString name =
            sheet.id == store::kPvSheetId
                ? tr("Procès-verbal")
                : tr("Fiche contact %1").arg(sheet.id.section(QLatin1Char('-'), 1));
        QString text = tr("%1\n%2/%3 confirmés").arg(name).arg(decided).arg(total);
        if (doubtful)
            text += tr(", %n douteux", nullptr, doubtful);
        if (sheet.state == store::SheetState::Sealed)
            text += tr(" — scellé");
        auto *item = new QListWidgetItem(text, m_sheets);
        item->setData(Qt::UserRole, sheet.id);
        item->setBackground(doubtful ? ReviewPanel::stateColour(forms::FieldState::Doubtful)
                            : decided == total
                                ? ReviewPanel::stateColour(forms::FieldState::Confirmed)
                                : QColor(Qt::white));
        item->setForeground(Qt::black);
        if (sheet.id == current)
            m_sheets->setCurrentItem(item);
    }
}

void MainWindow::updatePenStatus()
{
    auto *pen = m_station.pen();
    if (!pen) {
        m_penLabel->setText(tr("Stylo : non connecté — saisie à la souris possible (Ctrl+W)"));
        return;
    }
    const auto stats = pen->stats();
    const auto info = pen->info();
    QString state;
    switch (pen->state()) {
    case pen::PenSession::State::Streaming:
        state = tr("connecté");
        break;
    case pen::PenSession::State::Reconnecting:
        state = tr("reconnexion…");
        break;
    case pen::PenSession::State::NeedPin:
        state = tr("code demandé");
        break;
    case pen::PenSession::State::LockedOut:
        state = tr("bloqué (trop de codes faux)");
        break;
    case pen::PenSession::State::Idle:
        state = tr("déconnecté");
        break;
    default:
        state = tr("connexion…");
        break;
    }
    QString text = tr("Stylo %1 : %2").arg(info.version.name, state);
    if (info.battery >= 0)
        text += tr(" — batterie %1 %%2")
                    .arg(info.battery)
                    .arg(info.lowBattery ? tr(" (faible !)") : QString());
    if (stats.lostEvents > 0)
        text += tr(" — %n événement(s) perdu(s)", nullptr, stats.lostEvents);
    m_penLabel->setText(text);
}

void MainWindow::newContactSheet()
{
    try {
        const QString id = m_station.store().newSheet(QStringLiteral("contact"));
        m_station.session().pageOfSheet(id);
        refreshSheets();
        showSheet(id);
    } catch (const store::StoreError &e) {
        QMessageBox::warning(this, tr("Nouvelle fiche"), e.message());
    }
}

void MainWindow::pairPen()
{
    PairingDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && !dialog.chosenAddress().isEmpty()) {
        m_station.store().setSetting(QStringLiteral("pen.address"),
                                     dialog.chosenAddress().toUtf8());
        m_station.connectPen(QStringLiteral("ble:") + dialog.chosenAddress());
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("À propos de Plume"),
                       tr("<b>Plume %1</b><br>Procès-verbaux et fiches contact au stylo numérique, "
                          "vérifiés par les membres du bureau.<br>Chaque valeur lue par la machine "
                          "doit être confirmée par une personne.")
                           .arg(QStringLiteral(PLUME_VERSION)));
}

} // namespace plume::ui
