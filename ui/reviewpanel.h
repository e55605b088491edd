// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Keyboard-first review of a sheet's fields: Enter confirms and moves to the next field
// that needs an official, typing replaces the value, Escape reverts, F2-F5 take another
// reading (the original reading stays among them). A doubtful reading needs two Enters:
// the first shows its ink enlarged, the second confirms. Every decision goes to the store
// with the official on duty; Ctrl+Z takes the sheet's last decision back (a new audited
// decision: nothing is erased).
//
// A correction typed but not confirmed (the field left without Enter: another field, another
// sheet, Ctrl+Z) is kept as a draft, here and in the station file (store::Store::saveDraft,
// so that a crash or a power cut does not lose it; loaded again when a window opens the
// file): marked "✎ non confirmé", put back in the editor on return, never recorded without
// Enter; Escape drops it. A contact sheet with a draft in the file is not sent to HQ, by the
// window nor by `plumectl sync`, and no PV is sealed while one is left. While typing, F2-F5 offer
// only the readings that start with what is typed. A value shown that changed less than
// kRecentChangeMs before an Enter is not confirmed by it: a second Enter is needed.
//
// A sealed PV is read-only until "Corriger le PV scellé…" (startCorrection): new values are
// then kept as pending corrections, sealed as the next version by the closing screen.
#pragma once

#include "forms/formsession.h"
#include "forms/pvcheck.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointF>
#include <QSet>
#include <QWidget>

#include <functional>
#include <optional>

class QHBoxLayout;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

class QTimer;

namespace plume::ui {

class InkZoom;
class RefreshLater;

class ReviewPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPanel(forms::FormSession &session, QWidget *parent = nullptr);

    void setSheet(const QString &sheetId);
    QString sheet() const { return m_sheet; }
    void setOfficial(const QString &official) { m_official = official; }
    QString official() const { return m_official; }
    QString currentField() const;
    void selectField(const QString &field); // and gives the table the focus
    // The first field, in form order, that needs an official (doubtful or read, else
    // undecided); the first field when every one is decided.
    QString firstFieldNeedingOfficial() const;
    // The official is in the middle of something here (typing, a first Enter on a doubtful
    // value, a key pressed in the last seconds): the review must not be taken elsewhere.
    bool isBusy() const;
    // New ink and readings refresh the table once the strokes read together are in; a key,
    // a decision (and a test) first takes the refresh still to come, now.
    void settle();

    // Corrections typed but not confirmed, field -> text, of one sheet; their count (every
    // sheet when sheetId is empty). keepDraft() first keeps what is being typed now.
    QHash<QString, QString> drafts(const QString &sheetId) const { return m_drafts.value(sheetId); }
    int draftCount(const QString &sheetId = {}) const;
    // The sheets with a draft, the one being typed now included (held back from HQ).
    QSet<QString> sheetsWithDrafts() const;
    // The drafts not kept in the station file (typed to correct a sealed PV, or a write
    // refused): lost when the window closes.
    int draftsOnlyHere() const;
    void keepDraft();
    // Selects the first field of this sheet with a draft, the draft in the editor.
    bool showFirstDraft();

    // The clock of the "value just changed" rule, in monotonic milliseconds (a QElapsedTimer
    // by default); tests inject their own.
    using Clock = std::function<qint64()>;
    void setClock(Clock clock) { m_clock = std::move(clock); }
    static constexpr qint64 kRecentChangeMs = 1500;
    static constexpr int kRefreshGapMs = 150; // the table, under a flood of ink

    QTableWidget *table() const { return m_table; }
    QLineEdit *editor() const { return m_editor; }
    QLabel *fieldTitle() const { return m_fieldTitle; } // the current field's label
    QLabel *hint() const { return m_hint; }
    QLabel *problem() const { return m_problem; } // why the last key did nothing
    QLabel *alternativesLabel() const { return m_alternatives; }
    QLabel *fieldRules() const { return m_fieldRules; }
    QLabel *pvStatus() const { return m_pvStatus; }
    QWidget *pvPanel() const { return m_pvBox; }
    InkZoom *inkZoom() const { return m_inkZoom; }
    QPushButton *keepButton() const { return m_keep; } // shown for a doubtful value looked at

    // The sheet shown is sealed (PV) or sent (contact sheet): read-only.
    bool isSealed() const;
    bool isCorrecting() const { return m_correcting; }
    QHash<QString, QString> corrections() const { return m_corrections; }
    // Typing that reached no text box (focus left on a button of the window): into the value
    // editor, as if typed on the field list. False when nothing took it.
    bool typeText(const QString &text);
    // What is shown came without the official asking (the window unlocked, a sheet brought
    // to the front by its ink): an Enter within kRecentChangeMs, or one pressed before and
    // waiting, only says what is shown; the next one decides.
    void noteShownUnasked();
    void startCorrection();   // "Corriger le PV scellé…"
    void abandonCorrection(); // pending corrections dropped
    void correctionsSealed(); // the new version is sealed: back to read-only

signals:
    void currentFieldChanged(const QString &field);
    void decisionRecorded(const QString &sheetId, const QString &field);
    void sheetErased(const QString &sheetId); // consent "non": ink and readings erased
    void correctionChanged();                 // correcting or the pending corrections changed
    void draftsChanged();                     // a draft was kept or dropped
    void message(const QString &text);

public slots:
    void refresh();
    // Enter; Ctrl+Enter (deliberate) keeps a doubtful value once its ink was looked at.
    void confirmCurrent(bool deliberate = false);
    void confirmClicked(); // the « Confirmer » button: not within a double-click of a move
    // The « Garder « … » (Ctrl+Entrée) » button: the mouse's Ctrl+Enter, for a doubtful value
    // whose ink is shown enlarged, once looked at (as Ctrl+Enter; never on a plain value).
    void keepClicked();
    void revertCurrent(); // Escape
    void takeAlternative(int index);
    // Ctrl+Z: withdraws the sheet's last current decision (while correcting a sealed PV:
    // drops the last pending correction). The field is selected and needs an official again.
    void takeBackLastDecision();
    // Ctrl+B: strikes out a stroke of the current field as stray ink (StrikeDialog), the
    // one nearest to nearNcode when given (a right-click on the page).
    void strikeInk();
    void strikeInkNear(const std::optional<QPointF> &nearNcode);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Choice
    {
        QString value;
        QString note;
    };
    void buildTable();
    void buildFieldBox(QVBoxLayout *layout);
    QWidget *buildDetails();
    QHBoxLayout *buildButtons();
    QPushButton *buildKeepButton();
    bool keepOffered(const forms::FieldStatus &status) const;
    QWidget *buildPvBox();
    void fillRow(int row, const forms::FieldStatus &s,
                 const QHash<QString, forms::RuleKind> &rules);
    void showCurrent();
    void enterField(const QString &field);
    void fillRows();
    QString stateText(const forms::FieldStatus &s, bool pending, bool drafted) const;
    QString stateToolTip(const forms::FieldStatus &s, bool pending, bool drafted) const;
    bool storeDraft();
    void dropDraft(const QString &sheet, const QString &field);
    void dropSheetDrafts(const QString &sheet);
    void loadDrafts();
    void persistDraft(const QString &sheet, const QString &field);
    void dropDraftsShown(const QVector<forms::FieldStatus> &statuses);
    void filterChoices();
    void noteShownValue(const QString &value, bool sameField);
    bool changedJustNow() const;
    void noteTyping();
    bool typedBeforeNewInk(const forms::FieldStatus &status);
    void sessionChanged(const QString &sheetId);
    void refreshAfterSession();
    bool choicesChangedJustNow(int index);
    void undoTyping();
    bool inkStillComing();
    void inkPlaced();
    bool m_inkWaitSaid = false; // inkStillComing() said to wait: say when it is over
    QString typedValue(const forms::FieldStatus &status) const;
    void showInEditor(const forms::FieldStatus &status);
    bool holdsBackEnter(const forms::FieldStatus &status, bool deliberate);
    bool holdsBackDoubtful(const forms::FieldStatus &status, bool deliberate);
    bool lookedLongEnough() const;              // for the key just pressed
    bool lookedLongEnough(qint64 keyGap) const; // the look rule, the gap before a press
    bool lookWouldBeLongEnough() const;         // for a press now (the keep button)
    bool fieldShownJustNow() const;             // a click within a double-click of a move
    void updateKeepButton();
    void noteKeyTime(int key);
    void showHint(const forms::FieldStatus &status);
    QString sealedHint() const;
    static QString toTypeHint(); // ink, no recogniser
    QString doubtfulHint(const forms::FieldStatus &status) const;
    void showAlternatives(const forms::FieldStatus &status);
    void showFieldRules(const QString &field);
    forms::FieldStatus statusOf(const QString &field) const;
    forms::FieldStatus statusOf(const QString &sheet, const QString &field) const;
    QString shownValue(const forms::FieldStatus &status) const;
    QVector<Choice> choices(const forms::FieldStatus &status, const QString &typed) const;
    bool decide(const forms::FieldStatus &status);
    bool decideConsent(const forms::FieldStatus &status);
    bool isConsentRefusal(const forms::FieldStatus &status) const;
    void recordCorrection(const QString &field);
    void takeBackLastCorrection();
    void inspect(const forms::FieldStatus &status);
    QString inkAfterDecisionHint(const forms::FieldStatus &status) const;
    QString inkAfterSealHint(const forms::FieldStatus &status) const;
    QString nowReads(const forms::FieldStatus &status) const;
    QString inspectionKey(const forms::FieldStatus &status) const;
    bool wasInspected(const forms::FieldStatus &status) const;
    void afterDecision(const QString &field);
    void moveToNextNeedingReview();
    void updatePvPanel();
    bool ensureOfficial();
    bool typeIntoEditor(const QString &text);
    void setProblem(const QString &text);

    forms::FormSession &m_session;
    QString m_sheet = QStringLiteral("pv");
    QString m_official;
    QTableWidget *m_table = nullptr;
    QLabel *m_fieldTitle = nullptr;
    InkZoom *m_inkZoom = nullptr;
    QLineEdit *m_editor = nullptr;
    QPushButton *m_keep = nullptr;
    QTimer *m_keepTimer = nullptr; // enables m_keep once the look is long enough
    QLabel *m_hint = nullptr;
    QLabel *m_problem = nullptr;
    QLabel *m_alternatives = nullptr;
    QLabel *m_fieldRules = nullptr;
    QWidget *m_pvBox = nullptr;
    QLabel *m_pvStatus = nullptr;
    QVector<Choice> m_choices;
    QString m_shownField;    // the field whose details are shown
    QString m_shownSheet;    // and its sheet
    QElapsedTimer m_lastKey; // the last key pressed in the table or the editor
    // A held Enter repeats: as auto-repeat (Qt says so), or as presses closer together than
    // a hand makes them, by the keyboard's own clock (X did not always say auto-repeat).
    static constexpr ulong kRepeatMs = 80;
    ulong m_lastDecisionKeyAt = 0; // QKeyEvent::timestamp() of the last decision key
    QStringList pvPendingLines() const;
    bool askToErase(const QString &title, const QString &text, const QString &info,
                    const QString &eraseLabel);
    bool withdrawsConsent(const QString &field) const;
    bool isConsentBox(const QString &field) const; // a contact sheet's consentement
    void withdrawConsent();
    bool isRepeat(const QKeyEvent *key);
    QString m_inspected; // what a first Enter showed enlarged (inspectionKey)
    // A doubtful value is kept by a Ctrl+Enter at least kLookMs after its ink was shown
    // enlarged and after the key before it (m_clock): a rhythm of keys keeps none.
    static constexpr qint64 kLookMs = 800;
    qint64 m_inspectedAt = -1;
    qint64 m_fieldShownAt = -1;         // when the field shown was entered (m_clock)
    qint64 m_keyAt = -1, m_keyGap = -1; // the last key pressed, and the gap before it
    bool m_correcting = false;
    QHash<QString, QString> m_corrections; // PV field -> corrected value (sealed PV)
    QStringList m_correctionOrder;         // fields of m_corrections, last corrected last
    QHash<QString, QHash<QString, QString>> m_drafts; // sheet -> field -> typed, not confirmed
    QString m_choiceFilter; // what is typed: F2-F5 offer the readings that start with it
    Clock m_clock;
    // Something shown that changed under the official: when (m_clock; -1: not since it was
    // shown), and whether a key already said so. A key within kRecentChangeMs of it may have
    // been meant for what was shown before.
    struct RecentChange
    {
        qint64 at = -1;
        bool noticed = false;
        void mark(qint64 now)
        {
            at = now;
            noticed = false;
        }
        bool fresh(qint64 now) const { return at >= 0 && !noticed && now - at < kRecentChangeMs; }
    };
    QString m_lastShownValue;    // the value last shown for the field shown
    RecentChange m_valueChange;  // that value (Enter)
    RecentChange m_shownUnasked; // noteShownUnasked (typing)
    // What the field's ink and reading were (inspectionKey) when the typing shown in the editor
    // began, and for each draft: new ink since needs a second Enter.
    QString m_typedBasis;
    QHash<QString, QHash<QString, QString>> m_draftBasis; // sheet -> field -> basis
    RecentChange m_choicesChange;             // the readings F2-F5 offer (a new reading)
    RefreshLater *m_sessionRefresh = nullptr; // new ink or readings: one refresh for many
    // Typing still in its field, kept as a draft kDraftSaveMs after the last key: a kill -9
    // lost it while the official had not left the field (a review, 2026-12-01).
    QTimer *m_draftSaver = nullptr;
    static constexpr int kDraftSaveMs = 500;
};

} // namespace plume::ui
