// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The station president's window: sheets on the left, the live page in the middle, the
// keyboard-first review on the right (always visible: the page shrinks or scrolls first),
// pen and sync state below. A banner says when the PV is sealed (or being corrected) and
// when the mouse writes; a red one when the station file was changed outside Plume.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QThread>

#include <optional>
#include <utility>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QSplitter;
class QToolBar;

namespace plume::store {
struct CheckResult;
struct Sheet;
} // namespace plume::store

namespace plume::ui {

class FormView;
class PageScroller;
class RefreshLater;
class ReviewPanel;
class Station;
class WindowLock;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Station &station, QWidget *parent = nullptr);

    FormView *formView() const { return m_view; }
    PageScroller *pageScroller() const { return m_scroller; }
    ReviewPanel *review() const { return m_review; }
    QListWidget *sheetList() const { return m_sheets; }
    QWidget *sealBanner() const { return m_sealBanner; }
    QLabel *sealBannerText() const { return m_sealText; }
    QWidget *writingBanner() const { return m_writingBanner; }
    // Red, never hidden once shown: the station file was changed outside Plume.
    QWidget *integrityBanner() const { return m_integrityBanner; }
    QLabel *integrityBannerText() const { return m_integrityText; }
    QPushButton *officialButton() const { return m_officialButton; }
    QAction *closeAction() const { return m_closeAction; }
    QAction *hqAction() const { return m_hqAction; }
    QAction *offlineAction() const { return m_offlineAction; }
    QAction *receiptsAction() const { return m_receiptsAction; }
    QLabel *syncLabel() const { return m_syncLabel; }
    QAction *correctAction() const { return m_correctAction; }
    QAction *writeAction() const { return m_writeAction; }
    QAction *undoAction() const { return m_undoAction; }
    // « Verrouiller » (Ctrl+L) and the lock itself (also after some minutes without input).
    QAction *lockAction() const { return m_lockAction; }
    WindowLock *windowLock() const { return m_lock; }

    // Who is on duty (empty: nobody). When the election lists officials, only one of them
    // (any case or spacing, recorded as listed); otherwise a name that officialNameProblem
    // accepts, its spaces tidied. False, and nothing changed, for any other name.
    bool setOfficial(const QString &official);
    QString official() const;
    // Why a typed name cannot be the official on duty (translated), or "" when it can.
    static QString officialNameProblem(const QString &name);
    void showSheet(const QString &sheetId);
    // Asks who is on duty (at start, or when the official's button is pressed): a choice
    // among the officials the election lists (nothing else can be typed), or a typed name
    // when it lists none. Returns false if nobody was chosen. Only this explicit act
    // changes the official.
    bool chooseOfficial();
    // The largest size up to 1500x940 that fits the available screen area.
    void fitToScreen();
    static QString keyboardHelpText();
    // Runs store::Store::check() (as `plumectl db check`) on a thread of its own, on its own
    // connection (one snapshot), and shows the red banner when it fails; nothing is
    // repaired. Started once when the window opens: a day of ink takes about a second to
    // check, and the window answers meanwhile (sealing checks again, synchronously).
    // integrityChecked(ok) tells when it is done.
    void checkIntegrity();
    bool isIntegrityChecked() const { return m_integrityDone; }
    ~MainWindow() override; // waits for the integrity check's thread

signals:
    void integrityChecked(bool ok);

public slots:
    void openClosing();        // Ctrl+K
    void startCorrection();    // "Corriger le PV scellé…"
    void configureHq();        // "Siège…"
    void showKeyboardHelp();   // F1
    void stepSheet(int delta); // Ctrl+PgDown / Ctrl+PgUp

protected:
    void showEvent(QShowEvent *event) override;
    // Asks before dropping pending corrections; refused while the window is locked (its close
    // button, Alt+F4).
    void closeEvent(QCloseEvent *event) override;
    // Printable keys no widget took (focus on a button): typed into the value editor, never
    // dropped without a word.
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    static constexpr int kRefreshGapMs = 200; // the sheet list, under a flood of ink
    void buildToolBar();
    void buildMenus();
    void buildStatusBar();
    void fitStatusMessage(const QString &text);
    void showRecogniserState();
    void buildLock(QWidget *work);
    void showLocked(bool locked);
    QList<QAction *> lockedActions() const;
    QWidget *buildCentre();
    QWidget *buildSealBanner();
    QWidget *buildWritingBanner();
    QWidget *buildIntegrityBanner();
    void connectSession();
    void connectReview();
    void connectStation();
    void connectPenSignals();
    void askPenPin();
    void showHqState();
    void refreshSheets();
    bool waitsForInk();
    QString sheetName(const store::Sheet &sheet) const;
    static QString draftsText(int drafts); // "N correction(s) saisie(s), non confirmée(s)…"
    QString sheetText(const store::Sheet &sheet, QColor *background) const;
    bool isErased(const store::Sheet &sheet) const;
    void refreshBanner();
    void setWriting(bool on);
    void updatePenStatus();
    void newContactSheet();
    void pairPen();
    void showAbout();
    QString askListedOfficial(const QStringList &names);
    QString askOfficialName();

    Station &m_station;
    FormView *m_view = nullptr;
    PageScroller *m_scroller = nullptr;
    ReviewPanel *m_review = nullptr;
    QListWidget *m_sheets = nullptr;
    // A pen emptying its memory brings hundreds of strokes in one read, each a new reading:
    // the list (every field of every sheet, read from the file) is rebuilt after them.
    RefreshLater *m_sheetsRefresh = nullptr;
    bool m_closingWaitSaid = false; // waitsForInk() said so: say when the ink is read
    QSplitter *m_splitter = nullptr;
    QWidget *m_sealBanner = nullptr;
    QLabel *m_sealText = nullptr;
    QPushButton *m_correctButton = nullptr;
    QPushButton *m_sealCorrectionButton = nullptr;
    QPushButton *m_abandonButton = nullptr;
    QWidget *m_writingBanner = nullptr;
    QWidget *m_integrityBanner = nullptr;
    QLabel *m_integrityText = nullptr;
    QPushButton *m_officialButton = nullptr;
    QString m_official;
    int m_deliveredSeen = 0; // the sheet list is redrawn when a delivery purges sheets
    QAction *m_closeAction = nullptr;
    QAction *m_hqAction = nullptr;
    QAction *m_offlineAction = nullptr;
    QAction *m_receiptsAction = nullptr;
    QAction *m_correctAction = nullptr;
    QAction *m_writeAction = nullptr;
    // Writing with the mouse zooms the page up to kWritingZoom; Ctrl+W again puts back the zoom
    // of before (0: not writing).
    static constexpr double kWritingZoom = 2.0;
    double m_zoomBeforeWriting = 0;
    QAction *m_undoAction = nullptr;
    QAction *m_newSheetAction = nullptr;
    QAction *m_pairAction = nullptr;
    QAction *m_lockAction = nullptr;
    QMenu *m_helpMenu = nullptr;
    QToolBar *m_tools = nullptr;
    WindowLock *m_lock = nullptr;
    std::optional<std::pair<int, int>> m_pinRequest; // the pen's (wrong, max), not answered
    QLabel *m_penLabel = nullptr;
    QLabel *m_inkLabel = nullptr;
    QLabel *m_syncLabel = nullptr;
    QLabel *m_recogniserLabel = nullptr;
    bool m_shown = false;
    QPointer<QThread> m_checkThread;
    bool m_integrityDone = false;
    void showIntegrity(const store::CheckResult &result);
    static QString alteredFileText(const QString &checkMessage);
    // Runs the integrity check now; when it fails, shows the banner and says so in a dialog
    // (before any closing screen asks for names or a reason) and returns true.
    bool refuseAlteredFile();
    bool waitsForDrafts();
};

} // namespace plume::ui
