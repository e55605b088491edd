// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/mainwindow.h"

#include "pen/session.h"
#include "recognition/lexicon.h"
#include "sync/seal.h"
#include "ui/closingdialog.h"
#include "ui/fieldlook.h"
#include "ui/formview.h"
#include "ui/hqdialog.h"
#include "ui/offlinefile.h"
#include "ui/pairingdialog.h"
#include "ui/refreshlater.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"
#include "ui/windowlock.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWindow>

#include <utility>

namespace plume::ui {
namespace {

constexpr int kMessageMargin = 8; // QStatusBar's margins: 6 px before its message, 2 after

QWidget *banner(const QString &colour, QLabel **text, QWidget *parent)
{
    auto *w = new QFrame(parent);
    w->setAutoFillBackground(true);
    w->setStyleSheet(QStringLiteral("QFrame{background:%1;} QLabel{color:black;}").arg(colour));
    auto *layout = new QHBoxLayout(w);
    layout->setContentsMargins(8, 4, 8, 4);
    *text = new QLabel(w);
    (*text)->setWordWrap(true);
    (*text)->setTextFormat(Qt::RichText);
    layout->addWidget(*text, 1);
    return w;
}

} // namespace

MainWindow::MainWindow(Station &station, QWidget *parent) : QMainWindow(parent), m_station(station)
{
    m_sheetsRefresh = new RefreshLater([this] { refreshSheets(); }, kRefreshGapMs, this);
    const auto election = station.store().election();
    setWindowTitle(tr("Plume — %1 — %2").arg(election.stationName, election.electionName));
    setStyleSheet(focusStyleSheet());
    buildLock(buildCentre());
    buildToolBar();
    buildMenus();
    buildStatusBar();
    connectSession();
    connectReview();
    connectStation();
    refreshSheets();
    updatePenStatus();
    showSheet(store::kPvSheetId);
    fitToScreen();
    checkIntegrity();
}

QWidget *MainWindow::buildCentre()
{
    auto &session = m_station.session();
    m_sheets = new QListWidget(this);
    m_sheets->setAccessibleName(tr("Feuilles"));
    m_sheets->setMinimumWidth(fontMetrics().averageCharWidth() * 22);
    m_sheets->setWordWrap(true);
    // The sheet shown is marked in bold with an arrow: a selection colour would hide the
    // colour of its state.
    m_sheets->setSelectionMode(QAbstractItemView::NoSelection);
    m_sheets->installEventFilter(this); // its type-to-search took the official's typing
    m_view = new FormView(session, this);
    m_scroller = new PageScroller(m_view, this);
    m_review = new ReviewPanel(session, this);
    m_review->setMinimumWidth(fontMetrics().averageCharWidth() * 52);
    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_sheets);
    m_splitter->addWidget(m_scroller);
    m_splitter->addWidget(m_review);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    for (int i = 0; i < 3; ++i)
        m_splitter->setCollapsible(i, false);
    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(buildIntegrityBanner());
    layout->addWidget(buildSealBanner());
    layout->addWidget(buildWritingBanner());
    layout->addWidget(m_splitter, 1);
    return centre;
}

QWidget *MainWindow::buildSealBanner()
{
    m_sealBanner = banner(QStringLiteral("#dbe5f1"), &m_sealText, this);
    auto *layout = static_cast<QHBoxLayout *>(m_sealBanner->layout());
    m_correctButton = new QPushButton(tr("Corriger le PV scellé…"), m_sealBanner);
    m_sealCorrectionButton = new QPushButton(m_sealBanner);
    m_abandonButton = new QPushButton(tr("Abandonner la correction"), m_sealBanner);
    for (QPushButton *b : {m_correctButton, m_sealCorrectionButton, m_abandonButton})
        layout->addWidget(b);
    connect(m_correctButton, &QPushButton::clicked, this, &MainWindow::startCorrection);
    connect(m_sealCorrectionButton, &QPushButton::clicked, this, &MainWindow::openClosing);
    connect(m_abandonButton, &QPushButton::clicked, m_review, &ReviewPanel::abandonCorrection);
    m_sealBanner->hide();
    return m_sealBanner;
}

QWidget *MainWindow::buildWritingBanner()
{
    QLabel *text = nullptr;
    m_writingBanner = banner(QStringLiteral("#fff1a8"), &text, this);
    text->setText(tr("<b>✍ Écriture à la souris ou à la tablette</b> : tracez les chiffres et "
                     "les lettres dans les cases (un simple clic n'écrit pas : il choisit le "
                     "champ). <b>Ctrl+W</b> pour revenir à la sélection."));
    m_writingBanner->hide();
    return m_writingBanner;
}

QWidget *MainWindow::buildIntegrityBanner()
{
    m_integrityBanner = banner(QStringLiteral("#f4b6b6"), &m_integrityText, this);
    m_integrityBanner->setAccessibleName(tr("Fichier du bureau modifié hors de Plume"));
    m_integrityBanner->hide();
    return m_integrityBanner;
}

MainWindow::~MainWindow()
{
    m_station.setContactHold({}); // the review goes with the window
    if (m_checkThread)
        m_checkThread->wait();
}

void MainWindow::checkIntegrity()
{
    auto result = std::make_shared<store::CheckResult>();
    const QString path = m_station.store().path();
    m_checkThread = QThread::create([path, result] {
        try { // this process has unlocked the file: the other connection shares the key
            *result = store::Store::open(path)->check();
        } catch (const store::StoreError &e) { // an unreadable file is not a sound one
            *result = {false, e.message()};
        }
    });
    connect(m_checkThread, &QThread::finished, this, [this, result] { showIntegrity(*result); });
    connect(m_checkThread, &QThread::finished, m_checkThread, &QObject::deleteLater);
    m_checkThread->start(QThread::LowPriority);
}

QString MainWindow::alteredFileText(const QString &checkMessage)
{
    return tr("<b>⚠ Ce fichier du bureau a été modifié hors de Plume.</b> Le contrôle "
              "d'intégrité a trouvé : %1<br><b>Le PV ne pourra pas être scellé à partir de ce "
              "fichier.</b> Appelez la personne responsable de l'élection, gardez le PV papier "
              "et ne modifiez pas le fichier ; <tt><nobr>plumectl db check</nobr></tt> en donne "
              "le détail. Plume n'a rien réparé ni effacé.")
        .arg(checkMessage.toHtmlEscaped());
}

void MainWindow::showIntegrity(const store::CheckResult &result)
{
    m_integrityDone = true;
    if (!result.ok) {
        m_integrityText->setText(alteredFileText(result.message));
        m_integrityBanner->show();
    }
    emit integrityChecked(result.ok);
}

bool MainWindow::refuseAlteredFile()
{
    // The check of `db check` and of sync::closePv, run again now: the file may have been
    // changed since the window opened it. The officials learn it before the closing screen
    // asks for their names or a reason, which could not seal this file anyway.
    store::CheckResult result;
    try {
        result = m_station.store().check();
    } catch (const store::StoreError &e) { // an unreadable file is not a sound one
        result = {false, e.message()};
    }
    if (result.ok)
        return false;
    showIntegrity(result);
    QMessageBox box(QMessageBox::Critical, tr("Fichier du bureau modifié hors de Plume"),
                    alteredFileText(result.message), QMessageBox::Close, this);
    box.setTextFormat(Qt::RichText);
    box.exec();
    return true;
}

void MainWindow::buildToolBar()
{
    auto *tools = m_tools = addToolBar(tr("Bureau"));
    tools->setObjectName(QStringLiteral("tools"));
    tools->setMovable(false);
    m_officialButton = new QPushButton(this);
    m_officialButton->setAccessibleName(tr("Membre du bureau de service"));
    m_officialButton->setToolTip(tr("Enregistré avec chaque décision. Cliquez pour changer."));
    connect(m_officialButton, &QPushButton::clicked, this, &MainWindow::chooseOfficial);
    tools->addWidget(m_officialButton);
    tools->addSeparator();
    m_writeAction = tools->addAction(tr("Écrire à la souris"));
    m_writeAction->setCheckable(true);
    m_writeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_writeAction->setToolTip(tr("Si le stylo n'a plus de batterie : écrivez dans les cases "
                                 "avec la souris ou une tablette (Ctrl+W)"));
    m_newSheetAction = tools->addAction(tr("Nouvelle fiche contact"));
    m_newSheetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_pairAction = tools->addAction(tr("Appairer un stylo…"));
    m_pairAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    tools->addSeparator();
    m_closeAction = tools->addAction(tr("Clôturer le PV…"));
    m_closeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_closeAction->setToolTip(
        tr("Vérifier, faire signer et sceller le PV, puis l'envoyer au siège (Ctrl+K)"));
    m_correctAction = new QAction(tr("Corriger le PV scellé…"), this);
    m_correctAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    // Held down, these acted once per repeat: a blank sheet (never deleted) per repeat of
    // Ctrl+N (a review of 2026-12-02). Each acts once per press.
    for (QAction *a : {m_newSheetAction, m_pairAction, m_closeAction, m_correctAction})
        a->setAutoRepeat(false);
    connect(m_writeAction, &QAction::toggled, this, &MainWindow::setWriting);
    connect(m_newSheetAction, &QAction::triggered, this, &MainWindow::newContactSheet);
    connect(m_pairAction, &QAction::triggered, this, &MainWindow::pairPen);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::openClosing);
    connect(m_correctAction, &QAction::triggered, this, &MainWindow::startCorrection);
    setOfficial(QString());
}

void MainWindow::buildMenus()
{
    auto *file = menuBar()->addMenu(tr("&Fichier"));
    file->addActions({m_newSheetAction, m_pairAction, m_closeAction, m_correctAction});
    file->addSeparator();
    m_hqAction = file->addAction(tr("&Siège…"), this, &MainWindow::configureHq);
    m_hqAction->setToolTip(tr("Adresse du siège, son certificat et sa clé : où partent les PV "
                              "et les fiches contact"));
    m_offlineAction = file->addAction(tr("Fichier &hors ligne pour le siège…"), this, [this] {
        const QString said = saveOfflineFile(this, m_station);
        if (!said.isEmpty())
            statusBar()->showMessage(said, 15000);
    });
    m_offlineAction->setToolTip(tr("Sans réseau : le PV scellé et les fiches contact en attente, "
                                   "chiffrés pour le siège dans un fichier à lui porter"));
    m_receiptsAction = file->addAction(tr("&Accusés de réception du siège…"), this, [this] {
        const QString said = loadReceiptsFile(this, m_station);
        if (!said.isEmpty())
            statusBar()->showMessage(said.section(QLatin1Char('\n'), 0, 0), 15000);
    });
    m_receiptsAction->setToolTip(tr("Le fichier que le siège a écrit en recevant le fichier hors "
                                    "ligne : les envois sont marqués livrés et les fiches "
                                    "contact effacées de ce poste"));
    file->addSeparator();
    m_lockAction = file->addAction(tr("&Verrouiller"), QKeySequence(Qt::CTRL | Qt::Key_L), m_lock,
                                   &WindowLock::lock);
    m_lockAction->setToolTip(tr("Cacher les feuilles et leurs valeurs jusqu'à la phrase secrète "
                                "du bureau (Ctrl+L)"));
    file->addAction(tr("&Quitter"), QKeySequence::Quit, this, &QWidget::close);
    auto *edit = menuBar()->addMenu(tr("&Édition"));
    m_undoAction = edit->addAction(tr("Reprendre la dernière décision"), QKeySequence::Undo,
                                   m_review, &ReviewPanel::takeBackLastDecision);
    m_undoAction->setToolTip(tr("La dernière décision de la feuille est reprise (gardée dans "
                                "l'historique) : le champ attend de nouveau un membre du bureau "
                                "(Ctrl+Z)"));
    auto *strike =
        edit->addAction(tr("Barrer un trait du champ…"), QKeySequence(Qt::CTRL | Qt::Key_B),
                        m_review, &ReviewPanel::strikeInk);
    strike->setToolTip(tr("Encre parasite (un clic, une trace de la main) : le trait est barré, "
                          "gardé et n'est plus lu (Ctrl+B)"));
    // Ctrl+Z held took back the sheet's decisions one after another.
    for (QAction *a : {m_undoAction, strike, m_lockAction, m_hqAction})
        a->setAutoRepeat(false);
    auto *view = menuBar()->addMenu(tr("&Affichage"));
    view->addAction(m_writeAction);
    view->addAction(tr("Feuille suivante"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), this,
                    [this] { stepSheet(1); });
    view->addAction(tr("Feuille précédente"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), this,
                    [this] { stepSheet(-1); });
    view->addSeparator();
    auto *in = view->addAction(tr("Agrandir la page"), m_scroller, &PageScroller::zoomIn);
    in->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    view->addAction(tr("Réduire la page"), QKeySequence(Qt::CTRL | Qt::Key_Minus), m_scroller,
                    &PageScroller::zoomOut);
    view->addAction(tr("Page entière"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                    [this] { m_scroller->setZoom(1.0); });
    auto *help = m_helpMenu = menuBar()->addMenu(tr("&Aide"));
    help->addAction(tr("Raccourcis clavier"), QKeySequence(Qt::Key_F1), this,
                    &MainWindow::showKeyboardHelp);
    help->addAction(tr("À propos de Plume"), this, &MainWindow::showAbout);
}

void MainWindow::buildLock(QWidget *work)
{
    auto *stack = new QStackedWidget(this);
    stack->addWidget(work);
    m_lock = new WindowLock(m_station, stack, work);
    connect(m_lock, &WindowLock::stateChanged, this, [this](WindowLock::State state) {
        showLocked(state == WindowLock::State::Locked);
        // The passphrase's check takes a second: an Enter pressed twice waited and
        // confirmed the value the unlock had just shown (a review of 2026-12-02).
        if (state == WindowLock::State::Unlocked)
            m_review->noteShownUnasked();
    });
    setCentralWidget(stack);
}

// Everything that shows or changes data waits for the passphrase; the help stays.
QList<QAction *> MainWindow::lockedActions() const
{
    QList<QAction *> actions = m_tools->actions();
    for (QAction *menu : menuBar()->actions())
        if (menu->menu() && menu->menu() != m_helpMenu)
            actions += menu->menu()->actions();
    actions.removeAll(m_lockAction);
    return actions;
}

void MainWindow::showLocked(bool locked)
{
    for (QAction *action : lockedActions())
        action->setEnabled(!locked);
    m_lockAction->setEnabled(!locked);
    m_officialButton->setEnabled(!locked);
    m_tools->setVisible(!locked);
    statusBar()->clearMessage();
    if (locked)
        return;
    refreshBanner(); // the correction's action, as the PV's state says
    if (m_station.pen() && m_station.pen()->state() == pen::PenSession::State::NeedPin)
        askPenPin();
    else
        m_pinRequest.reset();
}

void MainWindow::buildStatusBar()
{
    m_penLabel = new QLabel(this);
    m_penLabel->setObjectName(QStringLiteral("penStatus"));
    m_inkLabel = new QLabel(this);
    m_syncLabel = new QLabel(tr("Envoi au siège : rien à envoyer"), this);
    m_recogniserLabel = new QLabel(this);
    statusBar()->addWidget(m_penLabel, 1);
    statusBar()->addWidget(m_inkLabel);
    statusBar()->addWidget(m_recogniserLabel);
    statusBar()->addPermanentWidget(m_syncLabel);
    connect(statusBar(), &QStatusBar::messageChanged, this, &MainWindow::fitStatusMessage);
    showRecogniserState();
}

// A message that the sending state would cut (at 1024x768, "Décision reprise …") takes the
// whole bar while it shows; the sending state comes back with the bar's own labels.
void MainWindow::fitStatusMessage(const QString &text)
{
    m_syncLabel->show();
    if (text.isEmpty())
        return;
    statusBar()->layout()->activate(); // the label where it stands when shown
    if (statusBar()->fontMetrics().horizontalAdvance(text) > m_syncLabel->x() - kMessageMargin)
        m_syncLabel->hide();
}

void MainWindow::showRecogniserState()
{
    if (!m_station.recogniserLoaded()) {
        m_recogniserLabel->setText(tr("Reconnaissance indisponible : saisie au clavier"));
        m_recogniserLabel->setToolTip(m_station.recogniserError());
        return;
    }
    const QString model = tr("Modèle %1").arg(m_station.classifier().info().version);
    // Without its lexicons the recogniser reads each contact field alone: far more flags.
    const QString noLexicons = recognition::Lexicons::sharedUnavailableNotice();
    m_recogniserLabel->setText(noLexicons.isEmpty() ? tr("Reconnaissance : active")
                                                    : tr("Reconnaissance : sans lexiques"));
    m_recogniserLabel->setToolTip(noLexicons.isEmpty() ? model
                                                       : model + QLatin1Char('\n') + noLexicons);
}

void MainWindow::connectSession()
{
    auto &session = m_station.session();
    connect(m_sheets, &QListWidget::currentRowChanged, this, [this](int row) {
        // Later: showing a sheet rebuilds this list.
        if (row >= 0)
            QMetaObject::invokeMethod(
                this,
                [this, id = m_sheets->item(row)->data(Qt::UserRole).toString()] { showSheet(id); },
                Qt::QueuedConnection);
    });
    connect(m_view, &FormView::fieldClicked, m_review, &ReviewPanel::selectField);
    connect(m_view, &FormView::strikeRequested, this, [this](const QString &field, QPointF at) {
        m_review->selectField(field);
        m_review->strikeInkNear(at);
    });
    connect(m_view, &FormView::clickIgnored, this, [this] {
        statusBar()->showMessage(tr("Clic : le champ est choisi, rien n'est écrit. Pour écrire, "
                                    "tracez un trait plus long."),
                                 6000);
    });
    connect(&session, &forms::FormSession::inkPlaced, this, [this] {
        if (std::exchange(m_closingWaitSaid, false))
            statusBar()->showMessage(tr("L'encre reçue est lue : la clôture peut s'ouvrir."), 8000);
    });
    connect(&session, &forms::FormSession::sheetAdded, m_sheetsRefresh, &RefreshLater::ask);
    connect(&session, &forms::FormSession::fieldChanged, m_sheetsRefresh, &RefreshLater::ask);
    connect(&session, &forms::FormSession::fieldChanged, this,
            [this](const QString &sheetId, const QString &field) {
                // Writing: the reading that appears beside the field stays in view.
                if (m_view->writingEnabled() && sheetId == m_view->sheet() &&
                    field == m_view->selectedField())
                    m_scroller->keepWhole(field);
            });
    connect(&session, &forms::FormSession::strokeAdded, this,
            [this](const QString &sheetId, const ink::Stroke &) {
                // The page being written comes to the front, unless the official is busy
                // with the review (the next Enter would act on the other sheet) or the sheet
                // was erased.
                const auto sheet = m_station.store().sheet(sheetId);
                if (sheetId == m_view->sheet() || !sheet || isErased(*sheet) ||
                    m_lock->isLocked()) // unlocked, the view is where it was
                    return;
                if (!m_review->editor()->hasFocus() && !m_review->isBusy()) {
                    showSheet(sheetId);
                    m_review->noteShownUnasked(); // an Enter meant for the other sheet
                } else
                    statusBar()->showMessage(
                        tr("On écrit sur « %1 » : Ctrl+Page suiv. pour la voir.")
                            .arg(sheetName(*sheet)),
                        8000);
            });
    connect(&session, &forms::FormSession::unknownPage, this,
            [this, &session](const ink::PageAddress &page) {
                statusBar()->showMessage(session.unplacedInkNotice(page), 8000);
            });
    // Ink refused (an erased or purged sheet), or kept on a sealed one: said alike.
    const auto sayInk = [this](const QString &, const QString &message) {
        statusBar()->showMessage(message, 15000);
    };
    connect(&session, &forms::FormSession::inkRefused, this, sayInk);
    connect(&session, &forms::FormSession::inkOnSealed, this, sayInk);
    connect(&session, &forms::FormSession::error, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Erreur : %1").arg(message), 15000);
    });
}

void MainWindow::connectReview()
{
    connect(m_review, &ReviewPanel::currentFieldChanged, this, [this](const QString &field) {
        m_view->setSelectedField(field);
        if (m_view->writingEnabled())
            m_scroller->keepWhole(field);
        else
            m_scroller->ensureFieldVisible(field);
    });
    connect(m_review, &ReviewPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_review, &ReviewPanel::decisionRecorded, this, &MainWindow::refreshSheets);
    // A contact sheet with a correction typed and not confirmed does not leave for HQ; once
    // decided (its draft dropped), it is looked at again.
    m_station.setContactHold([this] { return m_review->sheetsWithDrafts(); });
    connect(m_review, &ReviewPanel::decisionRecorded, this, [this](const QString &sheetId) {
        if (store::Store::isContactSheet(sheetId))
            m_station.queueContacts();
    });
    connect(m_review, &ReviewPanel::sheetErased, this, [this](const QString &) {
        showSheet(store::kPvSheetId);
        refreshSheets();
        statusBar()->showMessage(
            tr("Fiche effacée : ni son encre ni ses lectures ne sont gardées."), 8000);
    });
    connect(m_review, &ReviewPanel::correctionChanged, this, [this] {
        m_view->setCorrections(m_review->corrections());
        refreshBanner();
        refreshSheets(); // a pending correction may break a rule: never green then
    });
    connect(m_review, &ReviewPanel::draftsChanged, this, [this] {
        m_view->setDrafts(m_review->drafts(m_view->sheet()));
        refreshSheets();
    });
}

void MainWindow::connectStation()
{
    // Ink is counted once durable (the writer commits in its own thread).
    connect(
        &m_station.writer(), &store::StrokeWriter::committed, this,
        [this](quint64 seq, qint64) {
            m_inkLabel->setText(tr("Encre : %n trait(s) enregistré(s)", nullptr, int(seq)));
            m_inkLabel->setStyleSheet({});
            m_inkLabel->setToolTip({});
        },
        Qt::QueuedConnection);
    // The writer keeps the ink and tries again; until it is stored, the window says so (it
    // said nothing: a file locked by another process lost every stroke, a review of
    // 2026-12-02).
    connect(
        &m_station.writer(), &store::StrokeWriter::failed, this,
        [this](const QString &error) {
            m_inkLabel->setText(tr("⚠ Encre non enregistrée : nouvel essai en cours"));
            m_inkLabel->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
            m_inkLabel->setToolTip(error);
            statusBar()->showMessage(tr("L'encre n'est pas enregistrée : %1").arg(error), 30000);
        },
        Qt::QueuedConnection);
    connect(&m_station, &Station::penChanged, this, &MainWindow::connectPenSignals);
    connect(&m_station, &Station::syncCountsChanged, this,
            [this](int queued, int sending, int delivered, int rejected) {
                QString text = tr("Envoi au siège : %n livré(s)", nullptr, delivered);
                if (queued + sending > 0)
                    text += tr(", %n en attente", nullptr, queued + sending);
                if (rejected > 0)
                    text += tr(", %n refusé(s) !", nullptr, rejected);
                m_syncLabel->setText(text);
                if (std::exchange(m_deliveredSeen, delivered) != delivered) { // sheets purged
                    refreshSheets();
                    m_review->refresh();
                }
            });
    connect(&m_station, &Station::contactsQueued, this, [this](int batches) {
        refreshSheets();
        m_review->refresh();
        statusBar()->showMessage(
            tr("%n lot(s) de fiches contact prêt(s) pour le siège.", nullptr, batches), 8000);
    });
    connect(&m_station, &Station::syncMessage, this, [this](const QString &message) {
        m_syncLabel->setText(tr("Envoi au siège : %1").arg(message));
    });
    connect(&m_station, &Station::purgeFailed, this,
            [this](const QString &message) { statusBar()->showMessage(message); });
    connect(&m_station, &Station::hqChanged, this, &MainWindow::showHqState);
    connect(&m_station, &Station::penError, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Stylo : %1").arg(message), 15000);
    });
    showHqState();
}

void MainWindow::showHqState()
{
    QString whyNoSync;
    // What to do without HQ is the tooltip's: at 1024 px the bar had no room for it (a review).
    if (!m_station.startSync(&whyNoSync)) {
        m_syncLabel->setText(tr("Envoi au siège : %1").arg(whyNoSync));
        m_syncLabel->setToolTip(tr("Sans réseau, le PV scellé et les fiches contact partent "
                                   "par un fichier hors ligne (Fichier > Fichier hors ligne "
                                   "pour le siège…)."));
    } else {
        m_syncLabel->setText(tr("Envoi au siège : %1").arg(m_station.hqUrl()));
        m_syncLabel->setToolTip(QString());
    }
}

void MainWindow::configureHq()
{
    HqDialog dialog(m_station, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(
            tr("Siège enregistré : les envois partiront vers %1.").arg(m_station.hqUrl()), 8000);
}

void MainWindow::connectPenSignals()
{
    if (auto *pen = m_station.pen()) {
        connect(pen, &pen::PenSession::stateChanged, this, &MainWindow::updatePenStatus);
        connect(pen, &pen::PenSession::batteryChanged, this, &MainWindow::updatePenStatus);
        connect(pen, &pen::PenSession::lostEvents, this, &MainWindow::updatePenStatus);
        connect(pen, &pen::PenSession::pinRequested, this, [this](int wrong, int max) {
            m_pinRequest = {wrong, max};
            askPenPin();
        });
    }
    updatePenStatus();
}

// The pen's PIN waits while the window is locked: a voter at the laptop could otherwise type
// wrong PINs until the pen blocks itself for the day. The lock closes an open PIN box; the
// box comes back at unlock while the pen still waits for its PIN.
void MainWindow::askPenPin()
{
    if (!m_pinRequest || m_lock->isLocked())
        return;
    const auto [wrong, max] = *m_pinRequest;
    bool ok = false;
    const QString pin = QInputDialog::getText(
        this, tr("Code du stylo"),
        tr("Le stylo est protégé par un code.\nEssais manqués : %1 sur %2.").arg(wrong).arg(max),
        QLineEdit::Password, QString(), &ok);
    if (m_lock->isLocked())
        return;              // closed by the lock: asked again at unlock
    if (ok && pin.isEmpty()) // Enter alone (the unlock's, pressed twice) spends no try
        return askPenPin();
    m_pinRequest.reset();
    if (ok && m_station.pen())
        m_station.pen()->submitPin(pin);
}

void MainWindow::fitToScreen()
{
    const QRect available = screen()->availableGeometry();
    // The window manager's frame is known once the window exists (showEvent fits again).
    const QMargins m = windowHandle() ? windowHandle()->frameMargins() : QMargins();
    const QSize frame(m.left() + m.right(), m.top() + m.bottom());
    const QSize size = QSize(1500, 940).boundedTo(available.size() - frame);
    resize(size);
    if (!available.contains(frameGeometry()))
        move(available.topLeft()); // the frame's corner
    // The review panel keeps its room; the page takes what is left.
    const int sheets = m_sheets->minimumWidth() + 10;
    const int review = std::max(m_review->minimumWidth(), size.width() * 2 / 5);
    m_splitter->setSizes({sheets, std::max(0, size.width() - sheets - review), review});
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_shown)
        return;
    m_shown = true;
    fitToScreen();
    // Start in the review, on the first field that needs an official.
    m_review->selectField(m_review->firstFieldNeedingOfficial());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Locked, the window's close button and Alt+F4 do nothing (the pen records on); the end
    // of the session or --quit-after still quit (their close is not spontaneous).
    if (m_lock->isLocked() && event->spontaneous()) {
        event->ignore();
        return;
    }
    m_review->keepDraft(); // kept in the station file: found again at the next start
    const int drafts = m_review->draftsOnlyHere();
    if (!m_review->corrections().isEmpty() || drafts > 0) {
        QStringList lost;
        if (!m_review->corrections().isEmpty())
            lost << tr("Corrections du PV scellé en attente, pas encore scellées : %n.", nullptr,
                       int(m_review->corrections().size()));
        if (drafts > 0)
            lost << draftsText(drafts);
        lost << tr("Si vous quittez maintenant, rien n'en sera gardé.");
        QMessageBox box(QMessageBox::Warning, tr("Valeurs non gardées"),
                        lost.join(QLatin1Char(' ')), QMessageBox::NoButton, this);
        auto *quit = box.addButton(tr("Quitter sans les garder"), QMessageBox::DestructiveRole);
        auto *back = box.addButton(tr("Revenir"), QMessageBox::RejectRole);
        box.setDefaultButton(back);
        box.setEscapeButton(back);
        box.exec();
        if (box.clickedButton() != quit) {
            event->ignore();
            return;
        }
    }
    QMainWindow::closeEvent(event);
}

// Typing, not a shortcut: neither Ctrl nor Alt held.
static bool isPlainKey(const QKeyEvent *key)
{
    return !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier));
}

// A sheet clicked in the list leaves the keyboard there, and the list's type-to-search took
// the typing (« FERNAND » moved to another sheet, « P » to the PV; a review of 2026-12-02):
// letters typed there go to the value editor, as anywhere else in the window.
bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_sheets && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (isPlainKey(key) && !key->text().isEmpty() && key->text().at(0).isPrint()) {
            keyPressEvent(key);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::keyPressEvent(QKeyEvent *event)
{
    if (isPlainKey(event) && !m_lock->isLocked() && m_review->typeText(event->text())) {
        event->accept();
        return;
    }
    QMainWindow::keyPressEvent(event);
}

bool MainWindow::setOfficial(const QString &official)
{
    QString name = official.simplified();
    if (!name.isEmpty() && !m_station.store().election().officials.isEmpty())
        name = m_station.listedOfficial(name); // only a listed official, as listed
    else if (!officialNameProblem(name).isEmpty())
        name.clear();
    if (name.isEmpty() && !official.simplified().isEmpty())
        return false;
    m_official = name;
    m_review->setOfficial(m_official);
    m_station.setOfficial(m_official);
    m_officialButton->setText(m_official.isEmpty()
                                  ? tr("Membre de service : personne — choisir…")
                                  : tr("Membre de service : %1 — changer…").arg(m_official));
    return true;
}

QString MainWindow::official() const
{
    return m_official;
}

QString MainWindow::officialNameProblem(const QString &name)
{
    constexpr int kMaxChars = 60;
    const QString n = name.simplified();
    if (n.isEmpty())
        return tr("Tapez le nom du membre du bureau de service.");
    if (n.size() > kMaxChars)
        return tr("Ce nom est trop long : %n caractères au plus.", nullptr, kMaxChars);
    const QString punctuation = QStringLiteral(" -'’.()");
    const bool hasLetter = std::any_of(n.begin(), n.end(), [](QChar c) { return c.isLetter(); });
    const bool allowed = std::all_of(n.begin(), n.end(), [&](QChar c) {
        return c.isLetter() || c.isMark() || punctuation.contains(c);
    });
    if (!hasLetter || !allowed)
        return tr("Un nom s'écrit en lettres ; espace, trait d'union, apostrophe, point et "
                  "parenthèses sont permis.");
    return {};
}

bool MainWindow::chooseOfficial()
{
    const QStringList names = m_station.store().election().officials;
    const QString name = names.isEmpty() ? askOfficialName() : askListedOfficial(names);
    return !name.isEmpty() && setOfficial(name);
}

QString MainWindow::askListedOfficial(const QStringList &names)
{
    // Not editable: nothing typed can become an official who signs.
    QInputDialog d(this);
    d.setWindowTitle(tr("Membre du bureau de service"));
    d.setLabelText(tr("Qui confirme les valeurs ? Choisissez un nom avec les flèches, puis "
                      "Entrée (enregistré avec chaque décision)."));
    d.setComboBoxItems(names);
    d.setComboBoxEditable(false);
    // Nobody on duty yet: no name chosen in advance, so that a stray Enter (the one after the
    // passphrase) chooses nobody rather than the first official listed.
    if (auto *combo = d.findChild<QComboBox *>(); combo && !names.contains(m_official))
        combo->setCurrentIndex(-1);
    else
        d.setTextValue(m_official);
    if (d.exec() != QDialog::Accepted || !names.contains(d.textValue()))
        return {};
    return d.textValue();
}

QString MainWindow::askOfficialName()
{
    // The election lists nobody: a name is typed, tidied and checked; asked again if wrong.
    QString name = m_official, problem;
    for (;;) {
        QString label = tr("Le fichier de l'élection ne liste aucun membre du bureau. Qui "
                           "confirme les valeurs ? Tapez son nom (enregistré avec chaque "
                           "décision).");
        if (!problem.isEmpty())
            label += QStringLiteral("\n\n") + problem;
        bool ok = false;
        name = QInputDialog::getText(this, tr("Membre du bureau de service"), label,
                                     QLineEdit::Normal, name, &ok)
                   .simplified();
        if (!ok)
            return {};
        problem = officialNameProblem(name);
        if (problem.isEmpty())
            return name;
    }
}

QString MainWindow::draftsText(int drafts)
{
    return tr("%n correction(s) saisie(s), non confirmée(s) : Entrée pour confirmer, Échap pour "
              "abandonner.",
              nullptr, drafts);
}

void MainWindow::showSheet(const QString &sheetId)
{
    m_view->setSheet(sheetId);
    m_review->setSheet(sheetId);
    m_view->setDrafts(m_review->drafts(sheetId));
    m_view->setSelectedField(m_review->currentField());
    refreshSheets(); // marks the sheet shown
    refreshBanner();
}

void MainWindow::stepSheet(int delta)
{
    const int n = m_sheets->count();
    if (n == 0)
        return;
    const int row = ((std::max(0, m_sheets->currentRow()) + delta) % n + n) % n;
    const QString left = m_view->sheet();
    showSheet(m_sheets->item(row)->data(Qt::UserRole).toString());
    m_review->table()->setFocus();
    const auto sheet = m_station.store().sheet(left);
    if (const int drafts = m_review->draftCount(left); sheet && drafts > 0) // kept there
        statusBar()->showMessage(tr("« %1 » : %2").arg(sheetName(*sheet), draftsText(drafts)),
                                 8000);
}

bool MainWindow::isErased(const store::Sheet &sheet) const
{
    return m_station.session().isErased(sheet.id);
}

void MainWindow::refreshSheets()
{
    m_sheetsRefresh->done(); // this one is as fresh
    const QString current = m_view->sheet();
    const QSignalBlocker block(m_sheets);
    m_sheets->clear();
    for (const store::Sheet &sheet : m_station.store().sheets()) {
        if (isErased(sheet))
            continue; // no consent: erased, not shown
        QColor background;
        const bool shown = sheet.id == current;
        auto *item = new QListWidgetItem(
            (shown ? QStringLiteral("▶ ") : QString()) + sheetText(sheet, &background), m_sheets);
        item->setData(Qt::UserRole, sheet.id);
        item->setBackground(background);
        item->setForeground(Qt::black);
        QFont font = item->font();
        font.setBold(shown);
        item->setFont(font);
        if (shown)
            m_sheets->setCurrentItem(item);
    }
}

QString MainWindow::sheetName(const store::Sheet &sheet) const
{
    return sheet.id == store::kPvSheetId
               ? tr("Procès-verbal")
               : tr("Fiche contact %1").arg(sheet.id.section(QLatin1Char('-'), 1));
}

QString MainWindow::sheetText(const store::Sheet &sheet, QColor *background) const
{
    if (sheet.state == store::SheetState::Purged) {
        // Delivered and erased: nothing is left to count or confirm.
        *background = stateColour(forms::FieldState::Confirmed);
        return sheetName(sheet) + QLatin1Char('\n') + tr("envoyée au siège, effacée du bureau");
    }
    int decided = 0, doubtful = 0, toType = 0, total = 0;
    for (const auto &s : m_station.session().statuses(sheet.id)) {
        ++total;
        decided += s.decision ? 1 : 0;
        doubtful += s.state == forms::FieldState::Doubtful || s.inkAfterDecision ? 1 : 0;
        toType += s.state == forms::FieldState::ToType ? 1 : 0;
    }
    const bool pv = sheet.id == store::kPvSheetId;
    QString text = sheetName(sheet);
    text += QLatin1Char('\n') + tr("%1/%2 confirmés").arg(decided).arg(total);
    if (doubtful)
        text += tr(", %n douteux", nullptr, doubtful);
    if (toType)
        text += tr(", %n à taper", nullptr, toType);
    const int drafts = m_review->draftCount(sheet.id);
    if (drafts)
        text += tr(", ✎ %n non confirmée(s)", nullptr, drafts);
    if (sheet.state == store::SheetState::Sealed)
        text += pv ? tr(" — scellé") : tr(" — envoyée");
    const auto failures = pv ? pvFailures(m_station.session(), false, m_review->corrections())
                             : QVector<forms::RuleFailure>();
    if (!failures.isEmpty())
        text += QLatin1Char('\n') +
                tr("%1 %n règle(s) non respectée(s)", nullptr, int(failures.size()))
                    .arg(ruleMark(forms::hasImpossible(failures) ? forms::RuleKind::Impossible
                                                                 : forms::RuleKind::ToExplain));
    // Never green while a rule fails or a value waits for an official.
    *background = !failures.isEmpty()            ? QColor(255, 200, 200)
                  : doubtful || toType || drafts ? stateColour(forms::FieldState::Doubtful)
                  : decided == total             ? stateColour(forms::FieldState::Confirmed)
                                                 : QColor(Qt::white);
    return text;
}

void MainWindow::refreshBanner()
{
    const auto pv = m_station.store().sheet(store::kPvSheetId);
    const bool sealed = pv && pv->state == store::SheetState::Sealed;
    const bool correcting = m_review->isCorrecting();
    m_correctAction->setEnabled(sealed && !correcting && !m_lock->isLocked());
    m_sealBanner->setVisible(sealed && (correcting || m_view->sheet() == store::kPvSheetId));
    if (!sealed)
        return;
    const int version = int(sync::sealedPvVersions(m_station.store()).size());
    m_correctButton->setVisible(!correcting);
    m_sealCorrectionButton->setVisible(correcting);
    m_abandonButton->setVisible(correcting);
    m_sealCorrectionButton->setText(tr("Sceller la version %1… (Ctrl+K)").arg(version + 1));
    m_sealCorrectionButton->setEnabled(!m_review->corrections().isEmpty());
    m_sealText->setText(
        correcting
            ? tr("<b>✎ Correction du PV scellé</b> (future version %1) : choisissez un champ, "
                 "tapez la nouvelle valeur, Entrée. %n correction(s) en attente.",
                 nullptr, int(m_review->corrections().size()))
                  .arg(version + 1)
            : tr("<b>PV scellé</b> (version %1) : ses valeurs ne peuvent plus être modifiées. "
                 "Une correction fait une nouvelle version, avec sa raison, visible par le siège.")
                  .arg(version));
}

// Never sealed with a correction typed but not confirmed: it is shown, to decide first. The
// closing also queues every ready contact sheet: a draft on one holds the closing too.
bool MainWindow::waitsForDrafts()
{
    m_review->keepDraft();
    const int drafts = m_review->draftCount();
    if (drafts == 0)
        return false;
    if (m_review->draftCount(m_view->sheet()) == 0) {
        const QStringList sheets = m_review->sheetsWithDrafts().values();
        showSheet(sheets.contains(store::kPvSheetId)
                      ? QString(store::kPvSheetId)
                      : *std::min_element(sheets.begin(), sheets.end()));
    }
    m_review->showFirstDraft();
    statusBar()->showMessage(tr("La clôture attend : %1").arg(draftsText(drafts)), 15000);
    return true;
}

// Ink stored but not placed yet (a burst): the statuses do not see it, and a decided field
// with new ink in it would not be put back in front of an official.
bool MainWindow::waitsForInk()
{
    const qsizetype waiting = m_station.session().unplacedStrokes();
    if (waiting == 0)
        return false;
    statusBar()->showMessage(tr("La clôture attend que l'encre reçue soit lue (%n trait(s) à "
                                "placer).",
                                nullptr, int(waiting)),
                             8000);
    m_closingWaitSaid = true;
    return true;
}

void MainWindow::openClosing()
{
    if (waitsForInk() || refuseAlteredFile() || waitsForDrafts())
        return;
    const bool correcting = m_review->isCorrecting();
    if (correcting && m_review->corrections().isEmpty()) {
        statusBar()->showMessage(
            tr("Aucune correction en attente : tapez d'abord les nouvelles valeurs."), 8000);
        return;
    }
    ClosingDialog dialog(m_station,
                         correcting ? m_review->corrections() : QHash<QString, QString>(),
                         m_official, this);
    dialog.exec();
    if (dialog.isSealed() && correcting)
        m_review->correctionsSealed();
    m_review->refresh();
    refreshSheets();
    refreshBanner();
    m_station.syncNow();
}

void MainWindow::startCorrection()
{
    const auto pv = m_station.store().sheet(store::kPvSheetId);
    if (!pv || pv->state != store::SheetState::Sealed || refuseAlteredFile())
        return;
    showSheet(store::kPvSheetId);
    m_review->startCorrection();
    m_review->table()->setFocus();
}

void MainWindow::setWriting(bool on)
{
    m_view->setWritingEnabled(on);
    m_writingBanner->setVisible(on);
    if (on) { // bigger boxes to write in, their label and reading whole beside them
        m_zoomBeforeWriting = m_scroller->zoom();
        if (QLayout *layout = m_writingBanner->parentWidget()->layout())
            layout->activate(); // the page's room under the banner, before it is zoomed
        m_scroller->zoomToShow(m_view->selectedField(), kWritingZoom);
    } else if (m_zoomBeforeWriting > 0) { // Ctrl+W again: the page as it was before
        m_scroller->setZoom(std::exchange(m_zoomBeforeWriting, 0.0));
    }
}

QString MainWindow::keyboardHelpText()
{
    return tr("<table cellspacing='4'>"
              "<tr><td><b>Entrée</b></td><td>confirmer la valeur et passer au champ suivant qui "
              "attend un membre du bureau</td></tr>"
              "<tr><td><b>Entrée, Ctrl+Entrée</b></td><td>valeur douteuse : Entrée montre "
              "l'encre agrandie, Ctrl+Entrée garde la valeur après un temps de regard "
              "(Entrée seule ne confirme jamais une valeur douteuse)</td></tr>"
              "<tr><td><b>Taper</b></td><td>remplacer la valeur (puis Entrée ; le champ quitté "
              "sans Entrée garde la saisie, « ✎ non confirmé »)</td></tr>"
              "<tr><td><b>Échap</b></td><td>annuler la saisie (une correction non confirmée "
              "comprise)</td></tr>"
              "<tr><td><b>F2 à F5</b></td><td>prendre une autre lecture (en tapant : celles qui "
              "commencent par ce qui est tapé ; la lecture d'origine reste proposée)</td></tr>"
              "<tr><td><b>Ctrl+Z</b></td><td>dans la valeur, défaire d'abord la saisie ; puis "
              "reprendre la dernière décision de la feuille (elle "
              "reste dans l'historique ; le champ attend de nouveau un membre du "
              "bureau)</td></tr>"
              "<tr><td><b>Ctrl+B</b></td><td>barrer un trait parasite du champ (il reste, "
              "barré, et n'est plus lu ; aussi clic droit sur la page)</td></tr>"
              "<tr><td><b>Flèches haut / bas</b></td><td>changer de champ</td></tr>"
              "<tr><td><b>Tab, Maj+Tab</b></td><td>passer de la liste des champs à la valeur, "
              "aux feuilles, au membre de service</td></tr>"
              "<tr><td><b>Ctrl+Page suiv. / préc.</b></td><td>feuille suivante / "
              "précédente</td></tr>"
              "<tr><td><b>Ctrl+K</b></td><td>clôturer et sceller le PV (jamais d'un seul "
              "Entrée)</td></tr>"
              "<tr><td><b>Ctrl+Maj+K</b></td><td>corriger le PV scellé (nouvelle "
              "version)</td></tr>"
              "<tr><td><b>Ctrl+W</b></td><td>écrire à la souris ou à la tablette</td></tr>"
              "<tr><td><b>Ctrl+plus, Ctrl+moins, Ctrl+0</b></td><td>agrandir, réduire la page, "
              "page entière (aussi Ctrl+molette)</td></tr>"
              "<tr><td><b>Ctrl+N</b></td><td>nouvelle fiche contact</td></tr>"
              "<tr><td><b>Ctrl+P</b></td><td>appairer un stylo</td></tr>"
              "<tr><td><b>Ctrl+L</b></td><td>verrouiller la fenêtre (aussi après quelques "
              "minutes sans clavier ni souris) ; la phrase secrète du bureau la "
              "déverrouille</td></tr>"
              "<tr><td><b>F1</b></td><td>cette aide</td></tr>"
              "<tr><td><b>Ctrl+Q</b></td><td>quitter</td></tr>"
              "</table><p>Le membre de service ne change que par son bouton, en haut.</p>");
}

// The table scrolls inside a window that fits the screen: as a message box it was 798 px
// high on a 768 px screen, its button below the edge (a review of 2026-12-02).
void MainWindow::showKeyboardHelp()
{
    QDialog box(this);
    box.setWindowTitle(tr("Raccourcis clavier"));
    auto *text = new QLabel(keyboardHelpText());
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setMargin(8);
    auto *scroll = new QScrollArea;
    scroll->setWidget(text);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, &box, &QDialog::reject);
    auto *layout = new QVBoxLayout(&box);
    layout->addWidget(scroll);
    layout->addWidget(buttons);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const QRect room = screen()->availableGeometry();
    const int width = std::min(560, room.width() - 40);
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    const int inner = width - 2 * layout->contentsMargins().left() - bar;
    const int wanted = text->heightForWidth(inner) + buttons->sizeHint().height() + 40;
    box.resize(width, std::min(wanted, room.height() - 80)); // a title bar above it
    box.exec();
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
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.mouseChosen()) {
        m_writeAction->setChecked(true);
        return;
    }
    if (!dialog.chosenAddress().isEmpty()) {
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
