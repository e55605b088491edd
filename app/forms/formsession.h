// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The live pipeline of a station: strokes -> sheets and fields -> recogniser -> readings ->
// the official's decisions. No widgets: the GUI and the tests drive the same object.
//
// Every stroke is handed to the durable StrokeWriter BEFORE it is routed or recognised,
// so a crash loses no ink. A field is recognised once its ink has been still for
// recognitionDelayMs (or at once with flush()). Nothing counts as confirmed until an
// official decides (decideField).
#pragma once

#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "ink/stroke.h"
#include "recognition/classifier.h"
#include "recognition/context.h"
#include "recognition/field.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace plume::store {
class StrokeWriter;
}

namespace plume::forms {

struct Alternative
{
    QString value;
    double prob = 0;
};

class FormSession : public QObject
{
    Q_OBJECT
public:
    // classifier may be null or not loaded: fields then need typed values (a broken
    // recogniser must never stop a count).
    FormSession(store::Store &store, store::StrokeWriter *writer,
                const recognition::Classifier *classifier, QObject *parent = nullptr);

    store::Store &store() { return m_store; }
    const store::ElectionConfig &election() const { return m_election; }
    const FormSpec &form(const QString &formId) const;
    const FormSpec &formOfSheet(const QString &sheetId) const;

    // Page mapping: the PV page and the notebook of contact sheets (settings
    // pages.pv / pages.contact_note; defaults 3.27.603.1 and 3.27.604).
    ink::PageAddress pvPage() const { return m_pvPage; }
    QString contactNote() const { return m_contactNote; }
    void setPageMapping(const ink::PageAddress &pvPage, const QString &contactNote);
    // The sheet a page belongs to (created when a new contact page appears); empty when
    // the page is neither the PV nor in the contact notebook, or lies past its last page.
    QString sheetForPage(const ink::PageAddress &page);
    // The contact notebook's last page that opens a sheet: one sheet per registered voter
    // (the election's inscrits), else kMaxContactPages. Ink on a later page is kept as ink
    // of no sheet (encrypted, purged once the PV is sealed): a crafted replay file cannot
    // open thousands of sheets.
    static constexpr int kMaxContactPages = 1500;
    int lastContactPage() const;
    // What the official is told about ink on a page of no sheet (unknownPage).
    QString unplacedInkNotice(const ink::PageAddress &page) const;
    ink::PageAddress pageOfSheet(const QString &sheetId);

    // Field thresholds per field type (default: plume-fields.json beside the model).
    void setFieldThresholds(const recognition::FieldThresholds &thresholds)
    {
        m_thresholds = thresholds;
    }

    // The lexicons contact fields are read with (default: Lexicons::shared() when it loaded);
    // null reads each field alone, as a station whose lexicons are missing does.
    void setLexicons(const recognition::Lexicons *lexicons) { m_lexicons = lexicons; }

    void setRecognitionDelayMs(int ms) { m_delay.setInterval(ms); }
    int recognitionDelayMs() const { return m_delay.interval(); }

    // A contact sheet erased for want of consent (store::Store::isErased): its ink is no
    // longer in memory, and ink written later on its page is refused, never stored.
    bool isErased(const QString &sheetId) const { return m_erased.contains(sheetId); }
    // A sheet erased by a decision taken outside this session's setValue (a consent withdrawn
    // from a batch, sync::withdrawConsent): its ink leaves memory, sheetErased is emitted.
    void noteDecidedElsewhere(const QString &sheetId, const QString &field);
    // Strokes received again (same pen, page, start time and dots as one already stored): not
    // stored twice, counted here.
    int duplicateStrokes() const { return m_duplicates; }
    // Strokes stored but not placed on their fields yet (a burst being placed a slice at a
    // time): while there are any, what the window shows is not all there is.
    qsizetype unplacedStrokes() const { return m_unplaced.size(); }

    // In-memory ink of a sheet (loaded from the store at start), page Ncode coordinates.
    QVector<ink::Stroke> sheetStrokes(const QString &sheetId) const;
    QVector<ink::Stroke> fieldStrokes(const QString &sheetId, const QString &field) const;
    // Strokes struck out as stray ink (kept, drawn struck through, never read).
    QVector<ink::Stroke> struckStrokes(const QString &sheetId) const;
    // The stored strokes of a field (struck ones included, with their ids), once every
    // queued stroke is durable. Throws store::StoreError.
    QVector<store::StoredStroke> storedFieldStrokes(const QString &sheetId, const QString &field);
    // The field a stroke belongs to on a form ("" when outside every field).
    QString fieldAt(const FormSpec &form, const ink::Stroke &stroke) const;

    // inkAfterDecision is set here (the ink is in memory).
    QVector<FieldStatus> statuses(const QString &sheetId) const;
    QVector<Alternative> alternatives(const QString &sheetId, const QString &field) const;
    // PV values (decided, else read) for the arithmetic check.
    QHash<QString, QString> pvValues(bool decidedOnly) const;

    // Decisions (see decideField). Throws store::StoreError.
    qint64 confirm(const QString &sheetId, const QString &field, const QString &official);
    qint64 setValue(const QString &sheetId, const QString &field, const QString &value,
                    const QString &official);
    // Takes the field's current decision back (Ctrl+Z): a new audited decision, source
    // Withdrawn (store::Store::withdrawDecision); the field needs an official again.
    qint64 withdraw(const QString &sheetId, const QString &field, const QString &official);
    // The sheet's current decision recorded last (the one Ctrl+Z takes back), if any.
    std::optional<store::Decision> lastDecision(const QString &sheetId) const;
    // Strikes out a stored stroke of the sheet as stray ink (store::Store::strikeStroke),
    // drops it from the sheet's ink and reads its field again (empty again when no ink is
    // left); the field's decision, if any, is taken back (withdrawn by `official`). Refused
    // on a sheet that is not open. Throws store::StoreError.
    void strikeStroke(const QString &sheetId, qint64 strokeId, const QString &official,
                      const QString &reason);

public slots:
    void addStroke(const plume::ink::Stroke &stroke);
    // Strokes of whole sheets at once (an ink file): each made durable, then every field
    // they touch read, the contact fields' characters in one forward pass (flush).
    void addStrokes(const QVector<plume::ink::Stroke> &strokes);
    // Recognise every field with pending ink now; the contact fields read in context
    // together (one forward pass for all their characters).
    void flush();
    void recognizeField(const QString &sheetId, const QString &field);

signals:
    void sheetAdded(const QString &sheetId);
    void strokeAdded(const QString &sheetId, const plume::ink::Stroke &stroke);
    void fieldWriting(const QString &sheetId, const QString &field);
    void fieldChanged(const QString &sheetId, const QString &field);
    // An official decided, corrected or withdrew a field (after fieldChanged).
    void decided(const QString &sheetId, const QString &field);
    void strokeOutsideFields(const QString &sheetId);
    // The consent box was decided "non": the sheet is erased (ink dropped from memory).
    void sheetErased(const QString &sheetId);
    // Ink written on the page of an erased sheet: refused (not stored); message says why.
    void inkRefused(const QString &sheetId, const QString &message);
    void unknownPage(const plume::ink::PageAddress &page);
    // The strokes of a burst are all placed (unplacedStrokes() is zero again).
    void inkPlaced();
    // Ink written on a sealed sheet (the PV, or a contact sheet already queued): kept, and
    // shown as ink after the decision; the sealed values do not change. Message says so.
    void inkOnSealed(const QString &sheetId, const QString &message);
    void error(const QString &message);

private:
    bool inkAfter(const QString &sheetId, const QString &field, const QDateTime &decidedAt) const;
    void loadInk();
    void emitDecided(const QString &sheetId, const QString &field);
    void clearField(const QString &sheetId, const QString &field);
    void beforeDecision(const QString &sheetId, const QString &field);
    void forgetSheet(const QString &sheetId);
    void loadSheetInk(const store::Sheet &sheet);
    void queueUnreadInk();
    bool readsOlderThanInk(const QString &sheetId, const QString &field,
                           const QVector<ink::Stroke> &strokes) const;
    QString keepDurably(const ink::Stroke &stroke); // its sheet ("" if none)
    // A stroke to keep: its sheet ("" for a page of no sheet) and that sheet's state.
    struct Admitted
    {
        const ink::Stroke *stroke;
        QString sheetId;
        store::SheetState state;
    };
    // The stroke's sheet if it is kept; nullopt when seen already or refused (said).
    std::optional<Admitted> admit(const ink::Stroke &stroke);
    void keep(const ink::Stroke &stroke, const QString &sheetId); // by the writer, or here
    void keepAll(const QVector<Admitted> &strokes);               // a file's: one transaction here
    void announce(const Admitted &a); // unknown page, ink on a sealed sheet
    // Why ink on the sheet (in that state) is not kept, "" if it is.
    QString inkRefusal(const QString &sheetId, store::SheetState state);
    store::SheetState sheetState(const QString &sheetId) const; // Open when unknown
    QString sealedInkNotice(const QString &sheetId) const;      // what inkOnSealed says
    void dropSheetInk(const QString &sheetId);                  // from memory
    void route(const QString &sheetId, const ink::Stroke &stroke);
    // Adds the stroke to its sheet's and field's ink: the field when it has boxes, else "".
    QString placeInk(const QString &sheetId, const ink::Stroke &stroke);
    QString addSheetInk(const QString &sheetId, const FormSpec &f, const ink::Stroke &stroke);
    bool replacesCutCopies(const QString &sheetId, const ink::Stroke &stroke);
    void recognizeContactFields(const QList<QPair<QString, QString>> &fields);
    void runPvJointDecoding();
    void storePvReadings(const QVector<store::Reading> &readings);
    // Contact sheets: every field read again in the context of the others (context.h).
    void recognizeInContext(const QString &sheetId, const FieldSpec &spec,
                            const QVector<ink::Stroke> &strokes);
    void storeContextReading(const QString &sheetId, const QString &field,
                             const recognition::ContextReading &reading, bool always);
    void storeContextReadings(const QString &sheetId,
                              const QMap<QString, recognition::ContextReading> &results,
                              const QSet<QString> &written);
    double thresholdOf(const QString &kind, Grammar grammar) const;
    recognition::FieldReading readStationCode(const FieldSpec &spec,
                                              const QVector<ink::Stroke> &strokes,
                                              QJsonArray &alternatives) const;
    recognition::FieldReading readBoxByBox(const FieldSpec &spec,
                                           const QVector<ink::Stroke> &strokes) const;
    void storeFieldReading(const QString &sheetId, const FieldSpec &spec,
                           const recognition::FieldReading &reading, QJsonArray alternatives);
    QVector<ink::Stroke> toMm(const FormSpec &form, const QVector<ink::Stroke> &strokes) const;

    store::Store &m_store;
    store::StrokeWriter *m_writer;
    const recognition::Classifier *m_classifier;
    store::ElectionConfig m_election;
    QHash<QString, FormSpec> m_forms;
    ink::PageAddress m_pvPage;
    QString m_contactNote;
    QHash<QString, QString> m_sheetForm;                        // sheet -> form id
    QHash<QString, QString> m_pageSheets;                       // page -> sheet seen
    QHash<QString, QVector<ink::Stroke>> m_sheetInk;            // sheet -> strokes
    QHash<QString, QVector<ink::Stroke>> m_struckInk;           // sheet -> struck strokes
    QHash<QString, QHash<QString, QVector<ink::Stroke>>> m_ink; // sheet -> field -> strokes
    QHash<QString, QVector<recognition::BoxReading>> m_pvBoxes; // PV count field -> boxes
    // Contact sheet -> field -> boxes, and strokes outside the boxes (read in context).
    QHash<QString, QMap<QString, QVector<recognition::BoxReading>>> m_contactBoxes;
    QHash<QString, recognition::ContactDecodingCache> m_contactCache; // per sheet
    QHash<QPair<QString, QString>, int> m_outside;
    const recognition::Lexicons *m_lexicons = nullptr;
    QSet<QPair<QString, QString>> m_pending;
    QSet<QString> m_erased; // contact sheets erased for want of consent
    QSet<QString> m_purged; // contact sheets delivered to headquarters, then purged
    // Every stroke kept (pen, page, start, dots): a pen sending its memory again, or a
    // replay file read twice, gives strokes already stored, dropped (duplicateStrokes).
    QSet<QPair<qint64, size_t>> m_strokeKeys;
    QSet<size_t> m_incompleteKeys; // the dots of incomplete strokes, whatever their time
    int m_duplicates = 0;
    bool isNewStroke(const ink::Stroke &stroke); // and remembers it
    QTimer m_delay;
    recognition::FieldThresholds m_thresholds;
    // Ink kept (durable) but not placed yet. A pen emptying its memory brings thousands of
    // strokes in one read: each is stored at once, and placed and read kSliceMs at a time,
    // the window drawing and taking keys in between (it froze for seconds, and keys pressed
    // then acted on a sheet never shown).
    static constexpr int kSliceMs = 50;
    static constexpr int kYieldMs = 40; // a pen's memory still coming: look again then
    struct Unplaced
    {
        QString sheetId;
        ink::Stroke stroke;
    };
    QList<Unplaced> m_unplaced;
    QElapsedTimer m_slice;       // placing ink since, in this pass of the event loop
    QTimer m_sliceEnd;           // 0 ms: the pass is over
    QTimer m_placeMore;          // the next slice of m_unplaced (placeLater)
    bool m_memoryComing = false; // a stroke from a pen's memory came since the last slice
    bool sliceSpent();
    void placeLater();
    void placeSlice();
    void place(qint64 budgetMs);
    void placeAll(); // before anything that reads the sheets' ink
};

} // namespace plume::forms
