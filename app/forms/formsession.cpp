// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "forms/formsession.h"

#include "recognition/pv.h"
#include "store/strokewriter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <utility>

namespace plume::forms {
namespace {

const ink::PageAddress kDefaultPvPage{3, 27, 603, 1};
const QString kDefaultContactNote = QStringLiteral("3.27.604");

QString noteOf(const ink::PageAddress &page) // "S.O.N", the notebook of a page
{
    return QStringLiteral("%1.%2.%3").arg(page.section).arg(page.owner).arg(page.note);
}

std::optional<recognition::FieldGrammar> grammarFor(Grammar g)
{
    using recognition::FieldGrammar;
    switch (g) {
    case Grammar::Count:
        return FieldGrammar::digits();
    case Grammar::Postcode:
        return FieldGrammar::postcode();
    case Grammar::Phone:
        return FieldGrammar::phone();
    case Grammar::Upper:
    case Grammar::Name:
        return FieldGrammar::name();
    case Grammar::Email:
        return FieldGrammar::email();
    case Grammar::YesNo:
        return FieldGrammar::yesNo();
    case Grammar::Alnum:
    case Grammar::Code:
    case Grammar::Free:
        break;
    }
    return std::nullopt; // alnum, code: box by box over a charset
}

QString charsFor(Grammar g)
{
    using recognition::Charset;
    if (g == Grammar::Code)
        return recognition::charsetChars(Charset::Digits) + QStringLiteral("-");
    return recognition::charsetChars(Charset::Upper) + recognition::charsetChars(Charset::Digits);
}

// The field threshold of a box-by-box field: the strictest of the charsets it reads, so
// that each kind of character keeps its "95 % of wrong readings flagged" calibration.
double fieldThresholdFor(const recognition::ModelInfo &info, Grammar g)
{
    using recognition::Charset;
    const double digits = info.fieldThresholdFor(Charset::Digits);
    if (g == Grammar::Code)
        return digits;
    return std::max(digits, info.fieldThresholdFor(Charset::Upper));
}

QJsonArray boxesToJson(const QVector<recognition::BoxReading> &boxes)
{
    QJsonArray a;
    for (const auto &b : boxes) {
        QJsonArray c;
        for (const auto &cand : b.nbest)
            c.append(QJsonObject{{QStringLiteral("c"), QString(cand.ch)},
                                 {QStringLiteral("p"), cand.prob}});
        a.append(c);
    }
    return a;
}

// The reasons of a reading as codes (rendered in the reader's language when shown,
// recognition::readingReason); none when it is not flagged.
void setReasonCodes(QJsonObject &nbest, const recognition::Reasons &reasons)
{
    if (reasons.isEmpty())
        nbest.remove(QStringLiteral("reasons"));
    else
        nbest.insert(QStringLiteral("reasons"), recognition::reasonsToJson(reasons));
}

QVector<recognition::BoxReading> boxesFromJson(const QJsonArray &a)
{
    QVector<recognition::BoxReading> out;
    for (const QJsonValue &v : a) {
        recognition::BoxReading b;
        for (const QJsonValue &c : v.toArray()) {
            const QString ch = c.toObject().value(QStringLiteral("c")).toString();
            if (!ch.isEmpty())
                b.nbest.append({ch.at(0), c.toObject().value(QStringLiteral("p")).toDouble()});
        }
        out.append(b);
    }
    return out;
}

// The notes of a count's own reading on its ink (a character over two boxes, ink after an
// empty box, strokes outside the boxes, a light mark): the joint decoding dropped them, and
// « 5 ␣ 0 » was read 5, unflagged (a review of 2026-12-02).
recognition::Reasons inkNotes(const store::Reading &reading)
{
    using recognition::ReasonCode;
    const auto all =
        recognition::reasonsFromJson(reading.nbest.value(QStringLiteral("reasons")).toArray());
    recognition::Reasons out;
    for (const recognition::Reason &r : all.value_or(recognition::Reasons{}))
        if (r.code == ReasonCode::CharOverBoxes || r.code == ReasonCode::InkAfterEmptyBox ||
            r.code == ReasonCode::StrokesOutside || r.code == ReasonCode::LightMark)
            out.append(r);
    return out;
}

// What the joint decoding of the PV makes of one count's reading: its value, the joint
// posterior as confidence, and the flag with why (the arithmetic's reason, else a
// confidence under the count's threshold).
store::Reading jointReading(const store::Reading &current, const recognition::PvFieldResult &fr,
                            const recognition::PvDecoding &result, double threshold)
{
    store::Reading r = current;
    r.value = fr.value >= 0 ? QString::number(fr.value) : current.value;
    r.confidence = fr.confidence;
    r.flagged = fr.flagged;
    recognition::Reasons reasons = fr.reasons;
    if (reasons.isEmpty() && fr.flagged && !result.messageReason.isNull())
        reasons = {result.messageReason};
    if (!fr.flagged && recognition::doubtful(fr.confidence, threshold)) {
        r.flagged = true;
        reasons = {recognition::lowConfidence(fr.confidence, threshold)};
    }
    // What the ink of the field showed stays said: the arithmetic reads the boxes only.
    for (const recognition::Reason &note : inkNotes(current))
        if (!reasons.contains(note)) {
            reasons.append(note);
            r.flagged = true;
        }
    r.reason = recognition::reasonsText(reasons, false);
    setReasonCodes(r.nbest, reasons);
    return r;
}

} // namespace

FormSession::FormSession(store::Store &store, store::StrokeWriter *writer,
                         const recognition::Classifier *classifier, QObject *parent)
    : QObject(parent), m_store(store), m_writer(writer), m_classifier(classifier),
      m_election(store.election()), m_pvPage(kDefaultPvPage), m_contactNote(kDefaultContactNote)
{
    for (const QString &id : {QStringLiteral("pv"), QStringLiteral("contact")}) {
        QString error;
        auto f = loadForm(id, m_election, &error);
        if (!f)
            throw store::StoreError(error);
        m_forms.insert(id, *f);
    }
    if (auto pv = store.setting(QStringLiteral("pages.pv")))
        if (auto p = ink::PageAddress::parse(QString::fromUtf8(*pv)))
            m_pvPage = *p;
    if (auto note = store.setting(QStringLiteral("pages.contact_note")))
        m_contactNote = QString::fromUtf8(*note);
    if (m_classifier && m_classifier->isLoaded()) {
        if (const auto &lex = recognition::Lexicons::shared(); lex.isLoaded())
            m_lexicons = &lex;
        auto t = recognition::FieldThresholds::load(m_classifier->info().dir);
        if (t && t->modelVersion == m_classifier->info().version)
            m_thresholds = *t;
    }
    m_delay.setSingleShot(true);
    m_delay.setInterval(700);
    connect(&m_delay, &QTimer::timeout, this, &FormSession::flush);
    for (QTimer *t : {&m_sliceEnd, &m_placeMore}) {
        t->setSingleShot(true);
        t->setInterval(0);
    }
    m_placeMore.setTimerType(Qt::PreciseTimer);
    connect(&m_sliceEnd, &QTimer::timeout, this, [this] { m_slice.invalidate(); });
    connect(&m_placeMore, &QTimer::timeout, this, &FormSession::placeSlice);
    loadInk();
}

const FormSpec &FormSession::form(const QString &formId) const
{
    auto it = m_forms.constFind(formId);
    return it == m_forms.constEnd() ? m_forms.constFind(QStringLiteral("contact")).value() : *it;
}

const FormSpec &FormSession::formOfSheet(const QString &sheetId) const
{
    return form(m_sheetForm.value(
        sheetId, sheetId == store::kPvSheetId ? QStringLiteral("pv") : QStringLiteral("contact")));
}

void FormSession::setPageMapping(const ink::PageAddress &pvPage, const QString &contactNote)
{
    m_pvPage = pvPage;
    m_contactNote = contactNote;
    m_pageSheets.clear();
    m_store.setSetting(QStringLiteral("pages.pv"), pvPage.toString().toUtf8());
    m_store.setSetting(QStringLiteral("pages.contact_note"), contactNote.toUtf8());
}

void FormSession::loadInk()
{
    for (const store::Sheet &sheet : m_store.sheets())
        loadSheetInk(sheet);
    for (const store::Sheet &sheet : m_store.sheets()) {
        if (sheet.form != QLatin1String("contact"))
            continue;
        for (const FieldSpec &spec : form(sheet.form).fields)
            if (auto r = m_store.latestReading(sheet.id, spec.name))
                m_contactBoxes[sheet.id][spec.name] =
                    boxesFromJson(r->nbest.value(QStringLiteral("boxes")).toArray());
    }
    for (const QString &field : pvCountFields(m_election)) {
        if (auto r = m_store.latestReading(store::kPvSheetId, field))
            m_pvBoxes.insert(field,
                             boxesFromJson(r->nbest.value(QStringLiteral("boxes")).toArray()));
    }
    queueUnreadInk();
}

// Ink a kill left unread: a field is read 700 ms after its ink stops, so a kill in between
// left its reading older than its ink ("87" shown for "872", confirmable) or none at all
// (« en cours d'écriture » for ever; a review of 2026-12-02). Such a field, undecided, on a
// sheet still open, is read again shortly after the file is opened.
void FormSession::queueUnreadInk()
{
    for (auto sheet = m_ink.cbegin(); sheet != m_ink.cend(); ++sheet) {
        const auto state = m_store.sheet(sheet.key());
        if (!state || state->state == store::SheetState::Sealed)
            continue;
        for (auto field = sheet->cbegin(); field != sheet->cend(); ++field) {
            try {
                if (readsOlderThanInk(sheet.key(), field.key(), field.value()))
                    m_pending.insert({sheet.key(), field.key()});
            } catch (const store::StoreError &) {
                // locked: its values unreadable, the field keeps what it shows
            }
        }
    }
    if (!m_pending.isEmpty())
        m_delay.start();
}

bool FormSession::readsOlderThanInk(const QString &sheetId, const QString &field,
                                    const QVector<ink::Stroke> &strokes) const
{
    const FieldSpec *spec = formOfSheet(sheetId).field(field);
    if (!spec || spec->boxes == 0 || strokes.isEmpty() || m_store.latestDecision(sheetId, field))
        return false;
    const auto reading = m_store.latestReading(sheetId, field);
    if (!reading)
        return true;
    const auto last = std::max_element(
        strokes.cbegin(), strokes.cend(),
        [](const ink::Stroke &a, const ink::Stroke &b) { return a.receivedMs < b.receivedMs; });
    return reading->createdAt.toMSecsSinceEpoch() < last->receivedMs;
}

void FormSession::loadSheetInk(const store::Sheet &sheet)
{
    m_sheetForm.insert(sheet.id, sheet.form);
    if (m_store.isErased(sheet.id)) {
        m_erased.insert(sheet.id);
        return; // nothing of it is kept
    }
    m_sheetInk.remove(sheet.id);
    m_struckInk.remove(sheet.id);
    m_ink.remove(sheet.id);
    const FormSpec &f = form(sheet.form);
    const QVector<store::StoredStroke> stored = m_store.strokes(sheet.id);
    const QVector<ink::Stroke> all = store::strokesOf(stored);
    for (const store::StoredStroke &s : stored) {
        isNewStroke(s.stroke);
        // A cut copy gives way to its complete copy, struck or not (striking the complete
        // one brought the cut one back, a review of 2026-12-02).
        if (ink::hasCompleteCopy(s.stroke, all))
            continue;
        if (s.struck) {
            m_struckInk[sheet.id].append(s.stroke); // drawn struck through, never read
            continue;
        }
        addSheetInk(sheet.id, f, s.stroke);
    }
}

// Adds a stroke to the sheet's ink and to its field's; returns the field ("" outside the
// fields).
QString FormSession::addSheetInk(const QString &sheetId, const FormSpec &f,
                                 const ink::Stroke &stroke)
{
    m_sheetInk[sheetId].append(stroke);
    const QString field = fieldAt(f, stroke);
    if (!field.isEmpty())
        m_ink[sheetId][field].append(stroke);
    return field;
}

// A stroke arriving: false for a cut copy of a stroke whose complete copy is there; a
// complete copy takes the place of its cut copies. Only the complete copy is read, drawn and
// sealed (Store::readInk): the file keeps both. loadSheetInk applies the same rule at once.
bool FormSession::replacesCutCopies(const QString &sheetId, const ink::Stroke &stroke)
{
    QVector<ink::Stroke> &sheetInk = m_sheetInk[sheetId];
    if (stroke.incomplete)
        return !ink::hasCompleteCopy(stroke, sheetInk);
    const auto completed = [&](const ink::Stroke &s) { return ink::isCutCopyOf(s, stroke); };
    sheetInk.removeIf(completed);
    for (QVector<ink::Stroke> &fieldInk : m_ink[sheetId])
        fieldInk.removeIf(completed);
    return true;
}

QVector<store::StoredStroke> FormSession::storedFieldStrokes(const QString &sheetId,
                                                             const QString &field)
{
    if (m_writer)
        m_writer->flush();
    QVector<store::StoredStroke> out;
    const QVector<store::StoredStroke> stored = m_store.strokes(sheetId);
    const QVector<ink::Stroke> all = store::strokesOf(stored);
    for (const store::StoredStroke &s : stored) // the ink drawn: no cut copy given way
        if (!ink::hasCompleteCopy(s.stroke, all) &&
            fieldAt(formOfSheet(sheetId), s.stroke) == field)
            out.append(s);
    return out;
}

void FormSession::strikeStroke(const QString &sheetId, qint64 strokeId, const QString &official,
                               const QString &reason)
{
    const auto sheet = m_store.sheet(sheetId);
    if (!sheet || sheet->state != store::SheetState::Open)
        throw store::StoreError(tr("Cette feuille est scellée ou effacée : son encre ne peut "
                                   "plus être barrée."));
    const QString striker = officialAsListed(m_election, official);
    placeAll(); // the sheet's ink is read again from the file below
    if (m_writer)
        m_writer->flush();
    std::optional<QString> field;
    for (const store::StoredStroke &s : m_store.strokes(sheetId))
        if (s.id == strokeId)
            field = fieldAt(formOfSheet(sheetId), s.stroke);
    if (!field)
        throw store::StoreError(tr("Ce trait n'est pas sur cette feuille."));
    // A value decided with that stroke in it no longer stands: taken back (audited, nothing
    // erased), the field waits for an official again with what its ink now reads.
    m_store.transaction([&] {
        m_store.strikeStroke(strokeId, striker, reason);
        if (!field->isEmpty() && m_store.latestDecision(sheetId, *field))
            m_store.withdrawDecision(sheetId, *field, striker);
    });
    loadSheetInk(*sheet);
    if (!field->isEmpty() && fieldStrokes(sheetId, *field).isEmpty())
        clearField(sheetId, *field);
    else if (!field->isEmpty())
        recognizeField(sheetId, *field);
    emit fieldChanged(sheetId, *field);
}

void FormSession::clearField(const QString &sheetId, const QString &field)
{
    m_pending.remove({sheetId, field});
    if (sheetId == store::kPvSheetId)
        m_pvBoxes.remove(field); // the joint decoding waits for this field again
    const auto current = m_store.latestReading(sheetId, field);
    if (current && !isClearedReading(*current))
        m_store.addReading(clearedReading(sheetId, field, current->modelVersion));
}

QString FormSession::sheetForPage(const ink::PageAddress &page)
{
    if (!page.isValid())
        return {};
    // A page keeps its sheet (sheets are never deleted): one query per page, not per stroke.
    const QString key = page.toString();
    if (const auto known = m_pageSheets.constFind(key); known != m_pageSheets.cend())
        return *known;
    if (page == m_pvPage) {
        const auto pv = m_store.sheet(store::kPvSheetId);
        if (pv && !pv->page.isValid())
            m_store.setSheetPage(store::kPvSheetId, page);
        m_pageSheets.insert(key, store::kPvSheetId);
        return store::kPvSheetId;
    }
    if (auto s = m_store.sheetForPage(page)) {
        m_pageSheets.insert(key, s->id);
        return s->id;
    }
    if (noteOf(page) != m_contactNote || page.page > lastContactPage())
        return {};
    const QString id = m_store.newSheet(QStringLiteral("contact"), page);
    m_pageSheets.insert(key, id);
    m_sheetForm.insert(id, QStringLiteral("contact"));
    emit sheetAdded(id);
    return id;
}

int FormSession::lastContactPage() const
{
    return m_election.inscrits && *m_election.inscrits > 0 ? *m_election.inscrits
                                                           : kMaxContactPages;
}

QString FormSession::unplacedInkNotice(const ink::PageAddress &page) const
{
    if (noteOf(page) == m_contactNote && page.page > lastContactPage())
        return tr("Page %1 au-delà de la dernière fiche contact possible (%2, une par "
                  "inscrit) : l'encre est gardée, chiffrée, sans ouvrir de fiche.")
            .arg(page.toString())
            .arg(lastContactPage());
    return tr("Page %1 inconnue : l'encre est gardée mais n'appartient à aucune feuille.")
        .arg(page.toString());
}

ink::PageAddress FormSession::pageOfSheet(const QString &sheetId)
{
    if (sheetId == store::kPvSheetId)
        return m_pvPage;
    auto s = m_store.sheet(sheetId);
    if (s && s->page.isValid())
        return s->page;
    // A contact sheet created by hand: give it the next free page of the notebook.
    const auto note = ink::PageAddress::parse(m_contactNote + QStringLiteral(".1"));
    if (!note)
        return {};
    ink::PageAddress p = *note;
    for (p.page = 1; m_store.sheetForPage(p); ++p.page) {
    }
    m_store.setSheetPage(sheetId, p);
    return p;
}

QVector<ink::Stroke> FormSession::sheetStrokes(const QString &sheetId) const
{
    return m_sheetInk.value(sheetId);
}

QVector<ink::Stroke> FormSession::fieldStrokes(const QString &sheetId, const QString &field) const
{
    return m_ink.value(sheetId).value(field);
}

QVector<ink::Stroke> FormSession::struckStrokes(const QString &sheetId) const
{
    return m_struckInk.value(sheetId);
}

QVector<ink::Stroke> FormSession::toMm(const FormSpec &f, const QVector<ink::Stroke> &strokes) const
{
    QVector<ink::Stroke> out;
    for (const ink::Stroke &s : strokes)
        if (ink::Stroke mm = withoutGlitches(f, strokeToMm(f, s)); !mm.dots.isEmpty())
            out.append(std::move(mm));
    return out;
}

QString FormSession::fieldAt(const FormSpec &f, const ink::Stroke &stroke) const
{
    return fieldOfStroke(f, stroke);
}

// Handwriting is personal data: none is kept on a contact sheet erased for want of consent,
// or delivered to headquarters and purged (a pen emptying its memory again, a sheet reused).
QString FormSession::inkRefusal(const QString &sheetId, store::SheetState state)
{
    if (!m_erased.contains(sheetId) && !m_purged.contains(sheetId)) {
        if (!store::Store::isContactSheet(sheetId))
            return {};
        // Erased or purged by another program while this session ran (plumectl contacts
        // purge, a delivery): its ink leaves memory too.
        if (state != store::SheetState::Purged && state != store::SheetState::Erased)
            return {};
        (state == store::SheetState::Erased ? m_erased : m_purged).insert(sheetId);
        dropSheetInk(sheetId);
    }
    if (m_erased.contains(sheetId))
        return tr("Encre refusée : la fiche contact %1 a été effacée faute de consentement ; "
                  "rien de ce qui s'écrit sur sa page n'est gardé. Prenez une nouvelle fiche.")
            .arg(sheetId.section(QLatin1Char('-'), 1));
    return tr("Encre refusée : la fiche contact %1 a été remise au siège puis effacée du "
              "bureau ; rien de ce qui s'écrit sur sa page n'est gardé. Prenez une nouvelle "
              "fiche.")
        .arg(sheetId.section(QLatin1Char('-'), 1));
}

bool FormSession::isNewStroke(const ink::Stroke &stroke)
{
    // The dots as the store encodes them: a stroke read back from the file gives the same key.
    const size_t h = qHashMulti(0, stroke.penId, stroke.page.toString(),
                                ink::encodeDots(stroke.dots, stroke.startMs));
    // A stroke the pen sent with an absurd clock got the station's time, and is marked
    // incomplete: its copy from the pen's memory, downloaded again at each connection, gets
    // another time each time. Its dots (places and steps) are its key then.
    if (m_strokeKeys.contains({stroke.startMs, h}) ||
        (stroke.incomplete && m_incompleteKeys.contains(h)))
        return false;
    m_strokeKeys.insert({stroke.startMs, h});
    if (stroke.incomplete)
        m_incompleteKeys.insert(h);
    return true;
}

std::optional<FormSession::Admitted> FormSession::admit(const ink::Stroke &stroke)
{
    if (!isNewStroke(stroke)) {
        ++m_duplicates;
        return std::nullopt;
    }
    QString sheetId;
    try {
        sheetId = sheetForPage(stroke.page);
    } catch (const store::StoreError &e) {
        emit error(e.message());
    }
    // The sheet's state, read once per stroke: refused ink, ink on a sealed sheet.
    const store::SheetState state =
        sheetId.isEmpty() ? store::SheetState::Open : sheetState(sheetId);
    if (const QString refusal = inkRefusal(sheetId, state); !refusal.isEmpty()) {
        emit inkRefused(sheetId, refusal);
        return std::nullopt;
    }
    return Admitted{&stroke, sheetId, state};
}

void FormSession::keep(const ink::Stroke &stroke, const QString &sheetId)
{
    if (m_writer) {
        m_writer->enqueue(stroke, sheetId);
        return;
    }
    try {
        m_store.appendStroke(stroke, sheetId);
    } catch (const store::StoreError &e) {
        emit error(e.message());
    }
}

// Without a writer thread, the strokes of a file are stored here, as many to a transaction as
// the writer thread commits at once (one commit each, not one per stroke); when one fails,
// its strokes one by one, so that a stroke that cannot be stored costs no other its place.
void FormSession::keepAll(const QVector<Admitted> &strokes)
{
    constexpr auto kBatch = qsizetype(store::StrokeWriter::kBatchSize);
    for (qsizetype from = 0; from < strokes.size(); from += kBatch) {
        const QVector<Admitted> batch = strokes.mid(from, kBatch);
        if (!m_writer && batch.size() > 1) {
            try {
                m_store.transaction([&] {
                    for (const Admitted &a : batch)
                        m_store.appendStroke(*a.stroke, a.sheetId);
                });
                continue;
            } catch (const store::StoreError &) {
                // rolled back whole: each stroke again on its own, each failure said
            }
        }
        for (const Admitted &a : batch)
            keep(*a.stroke, a.sheetId);
    }
}

void FormSession::announce(const Admitted &a)
{
    if (a.sheetId.isEmpty())
        emit unknownPage(a.stroke->page);
    else if (a.state == store::SheetState::Sealed)
        emit inkOnSealed(a.sheetId, sealedInkNotice(a.sheetId));
}

QString FormSession::keepDurably(const ink::Stroke &stroke)
{
    const auto a = admit(stroke);
    if (!a)
        return {};
    keep(stroke, a->sheetId); // durable first, whatever happens next
    announce(*a);
    return a->sheetId;
}

QString FormSession::sealedInkNotice(const QString &sheetId) const
{
    if (sheetId == store::kPvSheetId)
        return tr("Encre ajoutée sur le PV scellé : elle est gardée et signalée (« ⚠ encre "
                  "ajoutée »), et le siège la verra dans toute correction ; le PV scellé ne "
                  "change pas.");
    return tr("Encre ajoutée sur la fiche contact %1, déjà envoyée : elle est gardée et "
              "signalée, mais la fiche envoyée ne change pas.")
        .arg(sheetId.section(QLatin1Char('-'), 1));
}

void FormSession::addStroke(const ink::Stroke &stroke)
{
    if (stroke.dots.isEmpty())
        return;
    const QString sheetId = keepDurably(stroke);
    if (sheetId.isEmpty())
        return;
    m_memoryComing = m_memoryComing || stroke.fromMemory;
    // In order, after those waiting. A pen emptying its memory waits for each chunk to be
    // taken before it sends the next: its ink is stored and placed later, the loop left
    // free to take the next chunk (placing and drawing each chunk as it came: 13 a second).
    if (!m_unplaced.isEmpty() || stroke.fromMemory || sliceSpent()) {
        m_unplaced.append({sheetId, stroke});
        placeLater();
        return;
    }
    route(sheetId, stroke);
}

// True once this pass of the event loop has placed ink for kSliceMs.
bool FormSession::sliceSpent()
{
    if (m_slice.isValid())
        return m_slice.elapsed() >= kSliceMs;
    m_slice.start();
    m_sliceEnd.start();
    return false;
}

// The next slice: at once, or kYieldMs later while a pen's memory still comes. A slice
// already due is not put off.
void FormSession::placeLater()
{
    if (!m_placeMore.isActive())
        m_placeMore.start(m_memoryComing ? kYieldMs : 0);
}

// While a pen's memory still comes (a stroke of it came since the last look), nothing is
// placed: the loop only takes and acknowledges the next chunk. Placing, reading and drawing
// between every two chunks held the pen for each of them: 500 strokes came in 40 s, and a
// window under load took 16 s for 95 (reviews, 2026-12-01). The ink is stored meanwhile.
void FormSession::placeSlice()
{
    if (std::exchange(m_memoryComing, false)) {
        m_placeMore.start(kYieldMs);
        return;
    }
    place(kSliceMs);
    if (!m_unplaced.isEmpty())
        placeLater();
}

void FormSession::placeAll()
{
    place(-1);
    m_placeMore.stop();
}

// The ink waiting, in the order it came, for budgetMs at most (all of it when negative).
void FormSession::place(qint64 budgetMs)
{
    if (m_unplaced.isEmpty())
        return;
    QElapsedTimer spent;
    spent.start();
    while (!m_unplaced.isEmpty() && (budgetMs < 0 || spent.elapsed() < budgetMs)) {
        const Unplaced u = m_unplaced.takeFirst();
        // A sheet erased or purged meanwhile keeps none.
        if (!m_erased.contains(u.sheetId) && !m_purged.contains(u.sheetId))
            route(u.sheetId, u.stroke);
    }
    if (m_unplaced.isEmpty())
        emit inkPlaced();
}

void FormSession::addStrokes(const QVector<ink::Stroke> &strokes)
{
    placeAll();
    QVector<Admitted> kept;
    for (const ink::Stroke &stroke : strokes)
        if (!stroke.dots.isEmpty())
            if (auto a = admit(stroke))
                kept.append(*a);
    keepAll(kept); // durable first, whatever happens next
    for (const Admitted &a : std::as_const(kept)) {
        announce(a);
        // A sheet erased or purged by another program while the file was read keeps none.
        if (a.sheetId.isEmpty() || m_erased.contains(a.sheetId) || m_purged.contains(a.sheetId))
            continue;
        if (const QString field = placeInk(a.sheetId, *a.stroke); !field.isEmpty())
            m_pending.insert({a.sheetId, field});
    }
    flush();
}

QString FormSession::placeInk(const QString &sheetId, const ink::Stroke &received)
{
    ink::Stroke stroke = received;
    if (stroke.receivedMs == 0) // when it arrived, by this station's clock (as it is stored)
        stroke.receivedMs = QDateTime::currentMSecsSinceEpoch();
    if (!replacesCutCopies(sheetId, stroke))
        return {}; // its complete copy is read and drawn
    const QString field = addSheetInk(sheetId, formOfSheet(sheetId), stroke);
    emit strokeAdded(sheetId, stroke);
    if (field.isEmpty()) {
        emit strokeOutsideFields(sheetId);
        return {};
    }
    const FieldSpec *spec = formOfSheet(sheetId).field(field);
    if (!spec || spec->boxes == 0)
        return {}; // free areas (remarks, signatures) keep their ink, unrecognised
    return field;
}

void FormSession::route(const QString &sheetId, const ink::Stroke &stroke)
{
    const QString field = placeInk(sheetId, stroke);
    if (field.isEmpty())
        return;
    // Ink moved on to another field: the previous ones are finished.
    const QSet<QPair<QString, QString>> before = m_pending;
    m_pending.insert({sheetId, field});
    for (const auto &p : before)
        if (p != qMakePair(sheetId, field))
            recognizeField(p.first, p.second);
    emit fieldWriting(sheetId, field);
    m_delay.start();
}

void FormSession::flush()
{
    placeAll();
    QList<QPair<QString, QString>> inContext;
    for (const auto &p : std::as_const(m_pending)) {
        const FormSpec &f = formOfSheet(p.first);
        const FieldSpec *spec = f.field(p.second);
        if (m_lexicons && m_classifier && m_classifier->isLoaded() &&
            f.id == QLatin1String("contact") && spec && spec->grammar != Grammar::YesNo &&
            !fieldStrokes(p.first, p.second).isEmpty())
            inContext.append(p);
    }
    recognizeContactFields(inContext);
    const auto pending = m_pending;
    for (const auto &p : pending)
        recognizeField(p.first, p.second);
}

void FormSession::recognizeContactFields(const QList<QPair<QString, QString>> &fields)
{
    // flush() finds none without a recogniser (no model: values are typed), and there is no
    // classifier to call then.
    if (fields.isEmpty() || !m_classifier)
        return;
    QVector<recognition::BoxesRequest> requests;
    for (const auto &[sheetId, field] : fields) {
        const FormSpec &f = formOfSheet(sheetId);
        requests.append({toMm(f, fieldStrokes(sheetId, field)), f.field(field)->boxRects(),
                         recognition::contactFieldChars(field), 8});
        m_pending.remove({sheetId, field});
    }
    const auto read = recognition::readBoxesMany(*m_classifier, requests);
    QHash<QString, QSet<QString>> bySheet;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const auto &[sheetId, field] = fields[i];
        m_contactBoxes[sheetId][field] = read[i].boxes;
        m_outside[{sheetId, field}] = read[i].outside;
        bySheet[sheetId].insert(field);
    }
    for (auto it = bySheet.cbegin(); it != bySheet.cend(); ++it) {
        const auto results =
            recognition::decodeContactSheet(m_contactBoxes[it.key()], *m_lexicons, m_thresholds,
                                            m_classifier->info(), {}, &m_contactCache[it.key()]);
        storeContextReadings(it.key(), results, it.value());
    }
}

// A sheet's readings in one transaction (one commit, not one per field). Readings can
// always be made again from the ink, which is durable already.
void FormSession::storeContextReadings(const QString &sheetId,
                                       const QMap<QString, recognition::ContextReading> &results,
                                       const QSet<QString> &written)
{
    const auto storeAll = [&] {
        for (auto r = results.cbegin(); r != results.cend(); ++r)
            storeContextReading(sheetId, r.key(), r.value(), written.contains(r.key()));
    };
    try {
        m_store.transaction(storeAll);
    } catch (const store::StoreError &e) {
        emit error(e.message());
    }
}

void FormSession::recognizeField(const QString &sheetId, const QString &field)
{
    m_pending.remove({sheetId, field});
    const FormSpec &f = formOfSheet(sheetId);
    const FieldSpec *spec = f.field(field);
    if (!spec || spec->boxes == 0)
        return;
    const QVector<ink::Stroke> strokes = toMm(f, fieldStrokes(sheetId, field));
    if (strokes.isEmpty())
        return;
    if (!m_classifier || !m_classifier->isLoaded()) {
        emit fieldChanged(sheetId, field); // ink shown, value must be typed
        return;
    }
    if (m_lexicons && f.id == QLatin1String("contact") && spec->grammar != Grammar::YesNo) {
        recognizeInContext(sheetId, *spec, strokes);
        return;
    }
    QJsonArray alternatives;
    recognition::FieldReading reading;
    if (spec->grammar == Grammar::Code)
        reading = readStationCode(*spec, strokes, alternatives);
    else if (auto grammar = grammarFor(spec->grammar))
        reading = recognition::recognizeField(*m_classifier, strokes, spec->boxRects(), *grammar);
    else
        reading = readBoxByBox(*spec, strokes);
    // The consent box is decided in French, as printed: oui / non.
    if (spec->grammar == Grammar::YesNo)
        reading.value =
            reading.value == QLatin1String("yes") ? QStringLiteral("oui") : QStringLiteral("non");
    // A count never starts with 0 (a leading "0" is usually an 8 or 6 badly read, or ink
    // from a neighbouring box): never let it through unflagged.
    if (spec->grammar == Grammar::Count && reading.value.size() > 1 &&
        reading.value.startsWith(QLatin1Char('0'))) {
        reading.flagged = true;
        recognition::addReason(reading, recognition::ReasonCode::LeadingZero);
    }
    storeFieldReading(sheetId, *spec, reading, alternatives);
}

recognition::FieldReading FormSession::readStationCode(const FieldSpec &spec,
                                                       const QVector<ink::Stroke> &strokes,
                                                       QJsonArray &alternatives) const
{
    recognition::FieldReading reading;
    reading.boxes =
        recognition::readBoxes(*m_classifier, strokes, spec.boxRects(), charsFor(spec.grammar), 8);
    const auto code = recognition::decodeStationCode(reading.boxes, m_election.stationCode,
                                                     thresholdOf(spec.name, spec.grammar));
    reading.value = code.value.trimmed();
    reading.confidence = code.confidence;
    reading.flagged = code.flagged;
    reading.reason = code.reason;
    reading.reasons = code.reasons;
    for (const auto &[v, p] : code.alternatives)
        alternatives.append(
            QJsonObject{{QStringLiteral("v"), v.trimmed()}, {QStringLiteral("p"), p}});
    return reading;
}

// Box by box over the field's charset; empty boxes inside the value are spaces.
recognition::FieldReading FormSession::readBoxByBox(const FieldSpec &spec,
                                                    const QVector<ink::Stroke> &strokes) const
{
    recognition::FieldReading reading;
    reading.boxes =
        recognition::readBoxes(*m_classifier, strokes, spec.boxRects(), charsFor(spec.grammar), 3);
    double p = 1;
    QString value;
    for (recognition::BoxReading &b : reading.boxes) {
        b.note = {}; // read box by box: a character over two boxes is not merged
        value += b.nbest.isEmpty() ? QChar(QLatin1Char(' ')) : b.nbest.first().ch;
        if (!b.nbest.isEmpty())
            p *= b.nbest.first().prob;
    }
    reading.value = value.trimmed();
    reading.confidence = p;
    const double threshold = fieldThresholdFor(m_classifier->info(), spec.grammar);
    reading.flagged = recognition::doubtful(p, threshold);
    if (reading.flagged)
        recognition::addReason(reading, recognition::lowConfidence(p, threshold));
    return reading;
}

void FormSession::storeFieldReading(const QString &sheetId, const FieldSpec &spec,
                                    const recognition::FieldReading &reading,
                                    QJsonArray alternatives)
{
    store::Reading r;
    r.sheetId = sheetId;
    r.field = spec.name;
    r.value = reading.value;
    r.confidence = reading.confidence;
    r.flagged = reading.flagged;
    r.reason = reading.reason;
    r.modelVersion = m_classifier->info().version;
    r.nbest = QJsonObject{{QStringLiteral("boxes"), boxesToJson(reading.boxes)}};
    setReasonCodes(r.nbest, reading.reasons);
    if (spec.grammar == Grammar::Count) {
        for (const auto &c : recognition::countCandidates(reading.boxes, 5))
            alternatives.append(QJsonObject{{QStringLiteral("v"), QString::number(c.first)},
                                            {QStringLiteral("p"), c.second}});
    }
    r.nbest.insert(QStringLiteral("alternatives"), alternatives);
    try {
        m_store.addReading(r);
    } catch (const store::StoreError &e) {
        emit error(e.message());
        return;
    }
    emit fieldChanged(sheetId, spec.name);
    if (sheetId == store::kPvSheetId && spec.grammar == Grammar::Count) {
        m_pvBoxes.insert(spec.name, reading.boxes);
        runPvJointDecoding();
    }
}

double FormSession::thresholdOf(const QString &kind, Grammar grammar) const
{
    using recognition::Charset;
    const recognition::ModelInfo &info = m_classifier->info();
    const double fallback = grammar == Grammar::Count ? info.fieldThresholdFor(Charset::Digits)
                                                      : fieldThresholdFor(info, grammar);
    return m_thresholds.thresholdFor(kind, fallback);
}

void FormSession::runPvJointDecoding()
{
    const QStringList fields = pvCountFields(m_election);
    recognition::PvBoxes boxes;
    for (const QString &f : fields) {
        if (!m_pvBoxes.contains(f))
            return; // not all written yet
        boxes.insert(f, m_pvBoxes.value(f));
    }
    recognition::PvOptions options;
    if (m_election.inscrits)
        options.expectedInscrits = *m_election.inscrits;
    const recognition::PvDecoding result = recognition::decodePv(boxes, options);
    const double countThreshold = thresholdOf(QStringLiteral("pv_count"), Grammar::Count);
    QVector<store::Reading> changed;
    for (auto it = result.fields.constBegin(); it != result.fields.constEnd(); ++it) {
        const auto current = m_store.latestReading(store::kPvSheetId, it.key());
        if (!current)
            continue;
        const double threshold =
            m_thresholds.thresholdFor(recognition::pvThresholdKind(it.key()), countThreshold);
        const store::Reading r = jointReading(*current, it.value(), result, threshold);
        // The confidence counts too: it is the joint posterior the flag was decided on (and
        // what eval-sheets --calibrate places the threshold on), not the field's own.
        if (current->value != r.value || current->flagged != r.flagged ||
            current->reason != r.reason || current->confidence != r.confidence)
            changed.append(r);
    }
    storePvReadings(changed);
}

// One commit (one fsync) for every count the joint decoding changed, then the signals.
void FormSession::storePvReadings(const QVector<store::Reading> &readings)
{
    try {
        m_store.transaction([&] {
            for (const store::Reading &r : readings)
                m_store.addReading(r);
        });
    } catch (const store::StoreError &e) {
        emit error(e.message());
        return;
    }
    for (const store::Reading &r : readings)
        emit fieldChanged(store::kPvSheetId, r.field);
}

void FormSession::recognizeInContext(const QString &sheetId, const FieldSpec &spec,
                                     const QVector<ink::Stroke> &strokes)
{
    int outside = 0;
    m_contactBoxes[sheetId][spec.name] =
        recognition::readBoxes(*m_classifier, strokes, spec.boxRects(),
                               recognition::contactFieldChars(spec.name), 8, &outside);
    m_outside[{sheetId, spec.name}] = outside;
    const auto results =
        recognition::decodeContactSheet(m_contactBoxes[sheetId], *m_lexicons, m_thresholds,
                                        m_classifier->info(), spec.name, &m_contactCache[sheetId]);
    storeContextReadings(sheetId, results, {spec.name});
}

void FormSession::storeContextReading(const QString &sheetId, const QString &field,
                                      const recognition::ContextReading &reading, bool always)
{
    store::Reading r;
    r.sheetId = sheetId;
    r.field = field;
    r.value = reading.value;
    r.confidence = reading.confidence;
    r.flagged = reading.flagged;
    recognition::ContextReading shown = reading;
    if (const int outside = m_outside.value({sheetId, field}); outside > 0) {
        r.flagged = true;
        recognition::addReason(
            shown, recognition::Reason(recognition::ReasonCode::StrokesOutside, {outside}));
    }
    r.reason = shown.reason;
    const auto current = m_store.latestReading(sheetId, field);
    if (!always && current && current->value == r.value && current->flagged == r.flagged &&
        current->reason == r.reason)
        return;
    r.modelVersion = m_classifier->info().version;
    QJsonArray alternatives;
    for (const auto &[v, p] : reading.alternatives)
        alternatives.append(QJsonObject{{QStringLiteral("v"), v}, {QStringLiteral("p"), p}});
    r.nbest = QJsonObject{
        {QStringLiteral("boxes"), boxesToJson(m_contactBoxes.value(sheetId).value(field))},
        {QStringLiteral("alternatives"), alternatives}};
    setReasonCodes(r.nbest, shown.reasons);
    try {
        m_store.addReading(r);
    } catch (const store::StoreError &e) {
        emit error(e.message());
        return;
    }
    emit fieldChanged(sheetId, field);
}

QVector<FieldStatus> FormSession::statuses(const QString &sheetId) const
{
    QVector<FieldStatus> out = fieldStatuses(m_store, formOfSheet(sheetId), sheetId);
    const auto sheet = m_store.sheet(sheetId);
    // Open or sealed: ink added on a sealed PV is what the seal is there to show.
    const bool kept = sheet && (sheet->state == store::SheetState::Open ||
                                sheet->state == store::SheetState::Sealed);
    // Without a recogniser no reading will come: the ink waits for an official to type it.
    const FieldState unread =
        m_classifier && m_classifier->isLoaded() ? FieldState::Writing : FieldState::ToType;
    for (FieldStatus &s : out) {
        // Ink still being written over an earlier reading: that reading is not the field's.
        if (!s.decision && m_pending.contains({sheetId, s.field}))
            s.state = unread;
        else if (s.state == FieldState::Empty && !fieldStrokes(sheetId, s.field).isEmpty())
            s.state = unread;
        if (kept && s.decision)
            s.inkAfterDecision = inkAfter(sheetId, s.field, s.decision->decidedAt);
    }
    return out;
}

// By the station's clock only (when the ink arrived): a pen clock ahead would otherwise put
// every decision in question again, for ever.
bool FormSession::inkAfter(const QString &sheetId, const QString &field,
                           const QDateTime &decidedAt) const
{
    if (!decidedAt.isValid())
        return false;
    const qint64 decided = decidedAt.toMSecsSinceEpoch();
    const auto strokes = fieldStrokes(sheetId, field);
    return std::any_of(strokes.begin(), strokes.end(),
                       [decided](const ink::Stroke &s) { return s.receivedMs > decided; });
}

QVector<Alternative> FormSession::alternatives(const QString &sheetId, const QString &field) const
{
    QVector<Alternative> out;
    const auto r = m_store.latestReading(sheetId, field);
    if (!r)
        return out;
    QSet<QString> seen{r->value};
    for (const QJsonValue &v : r->nbest.value(QStringLiteral("alternatives")).toArray()) {
        const QString value = v.toObject().value(QStringLiteral("v")).toString();
        if (!seen.contains(value)) {
            seen.insert(value);
            out.append({value, v.toObject().value(QStringLiteral("p")).toDouble()});
        }
    }
    // Otherwise: the reading with its least sure box replaced by that box's runner-up.
    const auto boxes = boxesFromJson(r->nbest.value(QStringLiteral("boxes")).toArray());
    QVector<QPair<double, int>> order;
    for (int i = 0; i < boxes.size(); ++i)
        if (boxes[i].nbest.size() > 1)
            order.append({boxes[i].nbest.first().prob, i});
    std::sort(order.begin(), order.end());
    for (const auto &o : order) {
        QString v;
        for (int i = 0; i < boxes.size(); ++i)
            v += boxes[i].nbest.isEmpty() ? QChar(QLatin1Char(' '))
                                          : boxes[i].nbest[i == o.second ? 1 : 0].ch;
        v = v.trimmed();
        if (!seen.contains(v) && out.size() < 5) {
            seen.insert(v);
            out.append({v, boxes[o.second].nbest[1].prob});
        }
    }
    return out;
}

QHash<QString, QString> FormSession::pvValues(bool decidedOnly) const
{
    QHash<QString, QString> values;
    for (const FieldStatus &s :
         fieldStatuses(m_store, form(QStringLiteral("pv")), store::kPvSheetId))
        if (!decidedOnly || s.decision)
            values.insert(s.field, s.value());
    return values;
}

qint64 FormSession::confirm(const QString &sheetId, const QString &field, const QString &official)
{
    beforeDecision(sheetId, field);
    const qint64 id =
        decideField(m_store, formOfSheet(sheetId), sheetId, field, std::nullopt, official);
    emitDecided(sheetId, field);
    return id;
}

qint64 FormSession::setValue(const QString &sheetId, const QString &field, const QString &value,
                             const QString &official)
{
    beforeDecision(sheetId, field);
    const qint64 id = decideField(m_store, formOfSheet(sheetId), sheetId, field, value, official);
    emitDecided(sheetId, field);
    return id;
}

qint64 FormSession::withdraw(const QString &sheetId, const QString &field, const QString &official)
{
    const qint64 id =
        m_store.withdrawDecision(sheetId, field, officialAsListed(m_election, official));
    emitDecided(sheetId, field);
    return id;
}

std::optional<store::Decision> FormSession::lastDecision(const QString &sheetId) const
{
    std::optional<store::Decision> last;
    for (const FieldStatus &s : statuses(sheetId))
        if (s.decision && (!last || s.decision->id > last->id))
            last = s.decision;
    return last;
}

void FormSession::beforeDecision(const QString &sheetId, const QString &field)
{
    if (!m_writer)
        return;
    // The consent box may erase the sheet: its queued ink must be stored first, so that the
    // erasure deletes it too.
    if (store::Store::isContactSheet(sheetId) && field == QLatin1String("consentement"))
        m_writer->flush();
    // Otherwise the ink the official has seen is stored first, so that the decision's audit
    // entry anchors it (docs/store.md, "The ink chain"); a writer stuck on a failing disk
    // delays a decision by a second at most.
    else
        m_writer->flush(1000);
}

void FormSession::noteDecidedElsewhere(const QString &sheetId, const QString &field)
{
    emitDecided(sheetId, field);
}

void FormSession::emitDecided(const QString &sheetId, const QString &field)
{
    if (!m_erased.contains(sheetId) && m_store.isErased(sheetId)) {
        forgetSheet(sheetId);
        emit sheetErased(sheetId);
    }
    emit fieldChanged(sheetId, field);
    emit decided(sheetId, field);
}

store::SheetState FormSession::sheetState(const QString &sheetId) const
{
    try {
        return m_store.sheetState(sheetId).value_or(store::SheetState::Open);
    } catch (const store::StoreError &) {
        return store::SheetState::Open; // storing the stroke says what fails
    }
}

void FormSession::forgetSheet(const QString &sheetId)
{
    m_erased.insert(sheetId);
    dropSheetInk(sheetId);
}

void FormSession::dropSheetInk(const QString &sheetId)
{
    m_sheetInk.remove(sheetId);
    m_struckInk.remove(sheetId);
    m_ink.remove(sheetId);
    m_contactBoxes.remove(sheetId); // the readings' n-best are personal too
    m_contactCache.remove(sheetId);
    for (const auto &p : QSet<QPair<QString, QString>>(m_pending))
        if (p.first == sheetId)
            m_pending.remove(p);
}

} // namespace plume::forms
