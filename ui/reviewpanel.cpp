// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/reviewpanel.h"

#include "forms/pvcheck.h"
#include "recognition/reason.h"
#include "sync/seal.h"
#include "ui/fieldlook.h"
#include "ui/i18n.h"
#include "ui/inkzoom.h"
#include "ui/refreshlater.h"
#include "ui/strikedialog.h"

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace plume::ui {
namespace {

enum Column { ColField, ColValue, ColState, ColRule, ColumnCount };

qint64 monotonicMs()
{
    static const QElapsedTimer started = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return started.elapsed();
}

} // namespace

ReviewPanel::ReviewPanel(forms::FormSession &session, QWidget *parent)
    : QWidget(parent), m_session(session), m_clock(monotonicMs)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildTable();
    layout->addWidget(m_table, 10); // all its rows first, up to its maximum height
    buildFieldBox(layout);
    layout->addWidget(buildPvBox());
    connect(m_table, &QTableWidget::currentCellChanged, this,
            [this](int row, int, int prevRow, int) {
                if (row != prevRow) {
                    showCurrent();
                    emit currentFieldChanged(currentField());
                }
            });
    connect(m_editor, &QLineEdit::textEdited, this, &ReviewPanel::filterChoices);
    m_draftSaver = new QTimer(this);
    m_draftSaver->setSingleShot(true);
    m_draftSaver->setInterval(kDraftSaveMs);
    connect(m_draftSaver, &QTimer::timeout, this, &ReviewPanel::keepDraft); // the row shows it
    connect(m_editor, &QLineEdit::textEdited, m_draftSaver, qOverload<>(&QTimer::start));
    m_sessionRefresh = new RefreshLater([this] { refreshAfterSession(); }, kRefreshGapMs, this);
    connect(&session, &forms::FormSession::fieldChanged, this,
            [this](const QString &sheetId, const QString &) { sessionChanged(sheetId); });
    connect(&session, &forms::FormSession::inkPlaced, this, &ReviewPanel::inkPlaced);
    connect(&session, &forms::FormSession::fieldWriting, this,
            [this](const QString &sheetId, const QString &) { sessionChanged(sheetId); });
    loadDrafts();
    refresh();
}

// New ink or a new reading on the sheet shown: the table is refreshed once the strokes that
// came together are in (a pen emptying its memory brings hundreds in one read), and before
// any key or decision is taken (settle).
void ReviewPanel::sessionChanged(const QString &sheetId)
{
    if (sheetId == m_sheet)
        m_sessionRefresh->ask();
}

void ReviewPanel::settle()
{
    m_sessionRefresh->now();
}

// When the readings F2-F5 offer for the field shown change, an F key pressed right then may
// have been meant for the list of before.
void ReviewPanel::refreshAfterSession()
{
    const QString field = m_shownField;
    QStringList before;
    for (const Choice &c : m_choices)
        before << c.value;
    refresh();
    QStringList after;
    for (const Choice &c : m_choices)
        after << c.value;
    if (field == m_shownField && m_sheet == m_shownSheet && after != before)
        m_choicesChange.mark(m_clock());
}

void ReviewPanel::buildTable()
{
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("Champ"), tr("Valeur"), tr("État"), tr("Règle")});
    auto *header = m_table->horizontalHeader();
    header->setSectionResizeMode(ColField, QHeaderView::Stretch);
    for (int c : {ColValue, ColState, ColRule})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    m_table->setAccessibleName(tr("Champs de la feuille"));
    const int row = fontMetrics().height() + 8;
    m_table->verticalHeader()->setDefaultSectionSize(row);
    m_table->setMinimumHeight(row * 7);
    m_table->installEventFilter(this);
}

void ReviewPanel::buildFieldBox(QVBoxLayout *layout)
{
    m_fieldTitle = new QLabel(this);
    QFont title = m_fieldTitle->font();
    title.setPointSizeF(title.pointSizeF() * 1.15);
    title.setBold(true);
    m_fieldTitle->setFont(title);
    m_fieldTitle->setWordWrap(true); // a long label (the consent's) stays in the panel
    m_fieldTitle->setTextFormat(Qt::PlainText);
    layout->addWidget(m_fieldTitle);
    m_inkZoom = new InkZoom(m_session, this);
    layout->addWidget(m_inkZoom);
    m_editor = new QLineEdit(this);
    QFont editorFont = m_editor->font();
    editorFont.setPointSizeF(editorFont.pointSizeF() * 1.6);
    m_editor->setFont(editorFont);
    m_editor->setAccessibleName(tr("Valeur du champ"));
    m_editor->setPlaceholderText(tr("Tapez la valeur écrite sur le papier"));
    m_editor->installEventFilter(this);
    layout->addWidget(m_editor);
    layout->addWidget(buildKeepButton());
    layout->addWidget(buildDetails(), 1);
    layout->addLayout(buildButtons());
}

// Under the value, away from « Confirmer »: a click repeated on « Confirmer » never lands on
// it. Not the default button and out of the Tab chain (Enter never presses it: the keyboard
// has Ctrl+Enter); enabled once the look is long enough (the timer wakes it up).
QPushButton *ReviewPanel::buildKeepButton()
{
    m_keep = new QPushButton(this);
    m_keep->setFocusPolicy(Qt::NoFocus);
    m_keep->setAutoDefault(false);
    m_keep->setDefault(false);
    m_keep->hide();
    connect(m_keep, &QPushButton::clicked, this, &ReviewPanel::keepClicked);
    m_keepTimer = new QTimer(this);
    m_keepTimer->setInterval(100);
    connect(m_keepTimer, &QTimer::timeout, this, &ReviewPanel::updateKeepButton);
    connect(m_editor, &QLineEdit::textEdited, this, &ReviewPanel::updateKeepButton);
    return m_keep;
}

QWidget *ReviewPanel::buildDetails()
{
    // What the official reads about the field: scrolls on a small screen, never cut.
    auto *details = new QWidget(this);
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(0, 0, 0, 0);
    m_problem = richLabel(details);
    m_problem->setStyleSheet(QStringLiteral("color:#b00000; font-weight:bold"));
    m_problem->setAccessibleName(tr("Valeur refusée"));
    m_hint = richLabel(details);
    m_alternatives = richLabel(details);
    m_fieldRules = richLabel(details);
    for (QLabel *label : {m_problem, m_hint, m_alternatives, m_fieldRules})
        layout->addWidget(label);
    layout->addStretch(1);
    auto *area = scrolled(details, this);
    area->setMinimumHeight(fontMetrics().height() * 5); // the hint is always readable
    return area;
}

QHBoxLayout *ReviewPanel::buildButtons()
{
    auto *buttons = new QHBoxLayout;
    auto *confirm = new QPushButton(tr("Confirmer (Entrée)"), this);
    auto *revert = new QPushButton(tr("Annuler la saisie (Échap)"), this);
    for (QPushButton *b : {confirm, revert}) {
        b->setFocusPolicy(Qt::NoFocus);
        b->setAutoDefault(false);
        buttons->addWidget(b);
    }
    connect(confirm, &QPushButton::clicked, this, &ReviewPanel::confirmClicked);
    connect(revert, &QPushButton::clicked, this, &ReviewPanel::revertCurrent);
    return buttons;
}

QWidget *ReviewPanel::buildPvBox()
{
    m_pvBox = new QWidget(this);
    auto *layout = new QVBoxLayout(m_pvBox);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("<b>Contrôle du PV</b>"), m_pvBox));
    m_pvStatus = richLabel(m_pvBox);
    auto *area = readByKeyboard(m_pvStatus, m_pvBox, tr("Contrôle du PV"));
    area->setMaximumHeight(fontMetrics().height() * 4 + 4);
    layout->addWidget(area);
    return m_pvBox;
}

void ReviewPanel::setSheet(const QString &sheetId)
{
    keepDraft(); // the typing is kept for the sheet it was typed on
    m_editor->setModified(false);
    m_sheet = sheetId;
    m_table->clearContents();
    m_table->setRowCount(0);
    refresh();
    const QString first = firstFieldNeedingOfficial();
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, ColField)->data(Qt::UserRole).toString() == first)
            m_table->setCurrentCell(row, ColField);
}

QString ReviewPanel::currentField() const
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, ColField))
        return {};
    return m_table->item(row, ColField)->data(Qt::UserRole).toString();
}

void ReviewPanel::selectField(const QString &field)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, ColField)->data(Qt::UserRole).toString() == field) {
            m_table->setCurrentCell(row, ColField);
            m_table->setFocus();
            return;
        }
}

QString ReviewPanel::firstFieldNeedingOfficial() const
{
    const auto statuses = m_session.statuses(m_sheet);
    for (const auto &s : statuses)
        if (s.state == forms::FieldState::Doubtful || s.state == forms::FieldState::ToType ||
            s.state == forms::FieldState::Decoded || s.inkAfterDecision)
            return s.field;
    for (const auto &s : statuses)
        if (!s.decision)
            return s.field;
    return statuses.isEmpty() ? QString() : statuses.first().field;
}

bool ReviewPanel::isSealed() const
{
    const auto sheet = m_session.store().sheet(m_sheet);
    return sheet && sheet->state == store::SheetState::Sealed;
}

void ReviewPanel::refresh()
{
    fillRows();
    if (!m_editor->isModified()) {
        showCurrent();
    } else {
        showAlternatives(statusOf(currentField())); // of the new reading, as filtered
        showFieldRules(currentField());
    }
    updatePvPanel();
}

void ReviewPanel::fillRows()
{
    const QString keep = currentField();
    const auto statuses = m_session.statuses(m_sheet);
    dropDraftsShown(statuses);
    const auto rules = m_sheet == store::kPvSheetId
                           ? fieldsInFailure(pvFailures(m_session, true, m_corrections))
                           : QHash<QString, forms::RuleKind>();
    {
        const QSignalBlocker block(m_table);
        m_table->setRowCount(int(statuses.size()));
        for (int row = 0; row < statuses.size(); ++row)
            fillRow(row, statuses[row], rules);
        for (int row = 0; row < m_table->rowCount(); ++row)
            if (statuses[row].field == keep && m_table->currentRow() != row)
                m_table->setCurrentCell(row, ColField);
    }
    // No taller than its rows: the room left goes to the field's details.
    m_table->setMaximumHeight(m_table->horizontalHeader()->sizeHint().height() +
                              2 * m_table->frameWidth() + m_table->verticalHeader()->length());
}

void ReviewPanel::fillRow(int row, const forms::FieldStatus &s,
                          const QHash<QString, forms::RuleKind> &rules)
{
    const bool pending = m_sheet == store::kPvSheetId && m_corrections.contains(s.field);
    const QString draft = m_drafts.value(m_sheet).value(s.field);
    const bool drafted = !draft.isNull();
    const QColor background =
        stateColour(pending                         ? forms::FieldState::Corrected
                    : drafted || s.inkAfterDecision ? forms::FieldState::Doubtful
                                                    : s.state);
    auto set = [&](int col, const QString &text) {
        auto *item = m_table->item(row, col);
        if (!item) {
            item = new QTableWidgetItem;
            m_table->setItem(row, col, item);
        }
        item->setText(text);
        item->setBackground(background);
        item->setForeground(Qt::black);
        item->setToolTip(QString());
        return item;
    };
    const forms::FormSpec &form = m_session.formOfSheet(m_sheet);
    auto *fieldItem = set(ColField, fieldShortLabel(form, s.field));
    fieldItem->setData(Qt::UserRole, s.field);
    fieldItem->setToolTip(fieldLabel(form, s.field)); // whole, as printed on the form
    const QString value = drafted   ? tr("%1 → %2").arg(shownValue(s), draft)
                          : pending ? tr("%1 → %2").arg(s.value(), m_corrections.value(s.field))
                                    : s.value();
    auto *valueItem = set(ColValue, value);
    if (s.reading && !s.decision)
        valueItem->setToolTip(tr("Confiance de la lecture : %1 %")
                                  .arg(QLocale().toString(s.reading->confidence * 100, 'f', 1)));
    set(ColState, stateText(s, pending, drafted))->setToolTip(stateToolTip(s, pending, drafted));
    auto *rule = set(ColRule, QString());
    if (rules.contains(s.field)) {
        const forms::RuleKind kind = rules.value(s.field);
        rule->setText(ruleMark(kind));
        rule->setForeground(ruleColour(kind));
        rule->setToolTip(tr("Règle %1 : voir le contrôle du PV").arg(forms::kindLabel(kind)));
        rule->setData(Qt::AccessibleTextRole, forms::kindLabel(kind));
    }
}

QString ReviewPanel::stateText(const forms::FieldStatus &s, bool pending, bool drafted) const
{
    return drafted              ? draftLabel()
           : pending            ? pendingCorrectionLabel()
           : s.inkAfterDecision ? tr("⚠ encre ajoutée")
                                : stateLabel(s.state);
}

QString ReviewPanel::stateToolTip(const forms::FieldStatus &s, bool pending, bool drafted) const
{
    return drafted      ? draftToolTip()
           : pending    ? pendingCorrectionToolTip()
           : s.decision ? tr("par %1").arg(s.decision->official)
                        : QString();
}

forms::FieldStatus ReviewPanel::statusOf(const QString &field) const
{
    return statusOf(m_sheet, field);
}

forms::FieldStatus ReviewPanel::statusOf(const QString &sheet, const QString &field) const
{
    for (const auto &s : m_session.statuses(sheet))
        if (s.field == field)
            return s;
    return {};
}

QString ReviewPanel::shownValue(const forms::FieldStatus &status) const
{
    if (m_sheet == store::kPvSheetId && m_corrections.contains(status.field))
        return m_corrections.value(status.field);
    return status.value();
}

void ReviewPanel::showCurrent()
{
    const QString field = currentField();
    const bool sameField = field == m_shownField && m_sheet == m_shownSheet;
    if (!sameField)
        enterField(field);
    setProblem({});
    const auto status = statusOf(field);
    if (!m_inspected.isEmpty() && !wasInspected(status)) {
        m_inspected.clear(); // read again or more ink since it was looked at
        m_inkZoom->setEmphasised(false);
    }
    m_fieldTitle->setText(field.isEmpty() ? QString()
                                          : fieldLabel(m_session.formOfSheet(m_sheet), field));
    noteShownValue(shownValue(status), sameField);
    showInEditor(status);
    m_inkZoom->setField(m_sheet, field);
    m_inkZoom->setVisible(m_inkZoom->hasInk());
    showHint(status);
    showAlternatives(status);
    showFieldRules(field);
    updateKeepButton();
}

// The value shown, in the editor; a draft typed earlier goes back there, still to be
// confirmed, as typing over that value (Ctrl+Z in the editor goes back to it).
void ReviewPanel::showInEditor(const forms::FieldStatus &status)
{
    const QString draft = m_drafts.value(m_sheet).value(status.field);
    const auto *spec = m_session.formOfSheet(m_sheet).field(status.field);
    m_editor->setPlaceholderText(spec && spec->grammar == forms::Grammar::YesNo
                                     ? tr("Tapez oui (case cochée) ou non (case vide)")
                                     : tr("Tapez la valeur écrite sur le papier"));
    m_editor->setReadOnly(false);
    m_editor->setText(shownValue(status));
    m_editor->setModified(false);
    if (!draft.isNull()) {
        m_editor->selectAll();
        m_editor->insert(draft);
    }
    m_typedBasis = draft.isNull() ? QString() : m_draftBasis.value(m_sheet).value(status.field);
    m_choiceFilter = draft.trimmed();
    m_editor->setReadOnly(isSealed() && !(m_correcting && m_sheet == store::kPvSheetId));
}

// The field shown changes: what was typed in the one left is kept as its draft.
void ReviewPanel::enterField(const QString &field)
{
    keepDraft();
    m_shownSheet = m_sheet;
    m_shownField = field;
    m_fieldShownAt = m_clock();
    m_choicesChange.at = -1;
    m_inspected.clear();
    m_inkZoom->setEmphasised(false);
}

void ReviewPanel::showHint(const forms::FieldStatus &status)
{
    QString hint;
    const auto &d = status.decision;
    if (status.field.isEmpty())
        hint.clear();
    else if (isSealed())
        hint = status.inkAfterDecision ? inkAfterSealHint(status) : sealedHint();
    else if (status.state == forms::FieldState::Doubtful)
        hint = doubtfulHint(status);
    else if (status.state == forms::FieldState::Decoded)
        hint = tr("Lu par la machine : rien ne compte tant qu'un membre du bureau ne l'a pas "
                  "confirmé.");
    else if (status.state == forms::FieldState::Writing)
        hint = tr("Encre en cours de lecture…");
    else if (status.state == forms::FieldState::ToType)
        hint = toTypeHint();
    else if (status.inkAfterDecision)
        hint = inkAfterDecisionHint(status);
    else if (d)
        hint = tr("%1 par %2 à %3.")
                   .arg(stateLabel(status.state), d->official.toHtmlEscaped(),
                        d->decidedAt.toLocalTime().toString(QStringLiteral("HH:mm")));
    else
        hint = tr("Pas d'encre : tapez la valeur écrite sur le papier.");
    if (!status.field.isEmpty() && m_drafts.value(m_sheet).contains(status.field))
        hint = tr("<b>✎ Correction saisie, non confirmée</b> : <b>Entrée</b> la confirme, "
                  "<b>Échap</b> l'abandonne.") +
               QStringLiteral("<br>") + hint;
    m_hint->setText(hint);
}

QString ReviewPanel::toTypeHint()
{
    return tr("Reconnaissance indisponible : aucune lecture ne viendra. Tapez la valeur écrite "
              "sur le papier, puis Entrée.");
}

QString ReviewPanel::sealedHint() const
{
    if (m_sheet != store::kPvSheetId)
        return tr("Fiche envoyée au siège : elle ne peut plus être modifiée.");
    if (m_correcting)
        return tr("Correction : tapez la nouvelle valeur puis <b>Entrée</b>. Elle sera scellée "
                  "dans la nouvelle version, avec sa raison.");
    return tr("PV scellé : les valeurs ne peuvent plus être modifiées ici (« Corriger le PV "
              "scellé… »).");
}

// Ink added on paper after the seal: the sealed value stands; the paper may now say another.
QString ReviewPanel::inkAfterSealHint(const forms::FieldStatus &status) const
{
    return tr("<b>⚠ Encre ajoutée après le scellé</b> : « %1 » est scellé, le papier dit "
              "peut-être autre chose.")
               .arg(status.decision->value.toHtmlEscaped()) +
           nowReads(status) + QStringLiteral("<br>") + sealedHint();
}

// " La machine lit maintenant « … »." when the latest reading differs from the decision.
QString ReviewPanel::nowReads(const forms::FieldStatus &status) const
{
    if (!status.reading || status.reading->value == status.decision->value)
        return {};
    return QLatin1Char(' ') +
           tr("La machine lit maintenant « %1 ».").arg(status.reading->value.toHtmlEscaped());
}

QString ReviewPanel::inkAfterDecisionHint(const forms::FieldStatus &status) const
{
    const auto &d = *status.decision;
    const QString why = tr("<b>⚠ Encre ajoutée après la décision</b> (« %1 », %2 à %3) : le "
                           "papier dit peut-être autre chose.")
                            .arg(d.value.toHtmlEscaped(), d.official.toHtmlEscaped(),
                                 d.decidedAt.toLocalTime().toString(QStringLiteral("HH:mm"))) +
                        nowReads(status);
    if (wasInspected(status))
        return why + QLatin1Char(' ') +
               tr("Comparez avec l'encre agrandie : <b>Ctrl+Entrée</b> garde « %1 », sinon "
                  "tapez la bonne valeur.")
                   .arg(d.value.toHtmlEscaped());
    return why + QLatin1Char(' ') +
           tr("<b>Entrée</b> montre l'encre agrandie ; puis <b>Ctrl+Entrée</b> garde la "
              "valeur décidée.");
}

QString ReviewPanel::doubtfulHint(const forms::FieldStatus &status) const
{
    const QString reason =
        recognition::readingReason(status.reading->nbest, status.reading->reason);
    const QString why = tr("<b>⚠ Lecture douteuse</b> : %1.").arg(reason.toHtmlEscaped());
    if (wasInspected(status))
        return why + QLatin1Char(' ') +
               tr("Comparez avec l'encre agrandie : <b>Ctrl+Entrée</b> garde « %1 », sinon "
                  "tapez la bonne valeur.")
                   .arg(status.value().toHtmlEscaped());
    return why + QLatin1Char(' ') +
           tr("<b>Entrée</b> montre l'encre agrandie ; puis <b>Ctrl+Entrée</b> garde la "
              "valeur lue.");
}

QVector<ReviewPanel::Choice> ReviewPanel::choices(const forms::FieldStatus &status,
                                                  const QString &typed) const
{
    QVector<Choice> out;
    const QString shown = shownValue(status);
    // While typing, only the readings that go on with what is typed (never one it replaces).
    auto taken = [&](const QString &v) {
        return v.isEmpty() || v == shown ||
               (!typed.isEmpty() && (v == typed || !v.startsWith(typed))) ||
               std::any_of(out.begin(), out.end(), [&](const Choice &c) { return c.value == v; });
    };
    // The original reading stays on offer after a correction or another reading was chosen.
    if (status.reading && !taken(status.reading->value))
        out.append({status.reading->value, tr("lecture d'origine")});
    for (const forms::Alternative &a : m_session.alternatives(m_sheet, status.field))
        if (!taken(a.value) && out.size() < 4)
            out.append({a.value, QString()});
    return out;
}

void ReviewPanel::showAlternatives(const forms::FieldStatus &status)
{
    const bool editable = !isSealed() || (m_correcting && m_sheet == store::kPvSheetId);
    m_choices =
        editable && !status.field.isEmpty() ? choices(status, m_choiceFilter) : QVector<Choice>();
    QStringList items;
    for (int i = 0; i < m_choices.size(); ++i) {
        QString item = tr("<b>F%1</b> : %2").arg(i + 2).arg(m_choices[i].value.toHtmlEscaped());
        if (!m_choices[i].note.isEmpty())
            item += QStringLiteral(" (%1)").arg(m_choices[i].note.toHtmlEscaped());
        items << item;
    }
    const QString list = items.join(QStringLiteral(" &nbsp; "));
    const QString typed = m_choiceFilter.toHtmlEscaped();
    if (m_choiceFilter.isEmpty() || !editable)
        m_alternatives->setText(items.isEmpty() ? QString() : tr("Autres lectures : %1").arg(list));
    else if (items.isEmpty())
        m_alternatives->setText(
            choices(status, {}).isEmpty()
                ? QString()
                : tr("Aucune autre lecture ne commence par « %1 ».").arg(typed));
    else
        m_alternatives->setText(tr("Lectures qui commencent par « %1 » : %2").arg(typed, list));
    m_alternatives->setVisible(!m_alternatives->text().isEmpty());
}

void ReviewPanel::showFieldRules(const QString &field)
{
    QStringList rules;
    if (m_sheet == store::kPvSheetId && !field.isEmpty()) {
        const auto &form = m_session.formOfSheet(m_sheet);
        for (const auto &f : pvFailures(m_session, true, m_corrections))
            if (f.fields.contains(field))
                rules << ruleHtml(f, form);
    }
    m_fieldRules->setText(rules.join(QStringLiteral("<br>")));
    m_fieldRules->setVisible(!rules.isEmpty());
}

void ReviewPanel::setProblem(const QString &text)
{
    m_problem->setText(text.toHtmlEscaped());
    m_problem->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        emit message(text);
}

bool ReviewPanel::ensureOfficial()
{
    if (!m_official.isEmpty())
        return true;
    setProblem(tr("Choisissez d'abord le membre du bureau de service."));
    return false;
}

void ReviewPanel::confirmCurrent(bool deliberate)
{
    settle();
    const QString field = currentField();
    if (field.isEmpty() || inkStillComing())
        return;
    if (isSealed()) {
        if (m_correcting && m_sheet == store::kPvSheetId)
            recordCorrection(field);
        else if (withdrawsConsent(field))
            withdrawConsent();
        else
            emit message(tr("Cette feuille est scellée : elle ne peut plus être modifiée ici."));
        return;
    }
    if (!ensureOfficial())
        return;
    const auto status = statusOf(field);
    if (!m_editor->isModified() && holdsBackEnter(status, deliberate))
        return;
    if (m_editor->isModified() && typedBeforeNewInk(status))
        return;
    const QString sheet = m_sheet;
    const bool consentRefused = isConsentRefusal(status);
    if (!(consentRefused ? decideConsent(status) : decide(status)))
        return;
    afterDecision(field);
    if (consentRefused) {
        dropSheetDrafts(sheet); // nothing of an erased sheet is kept
        emit sheetErased(sheet);
    }
}

// A click on « Confirmer » that comes within a double-click of the field being shown
// confirms nothing: the second click of a double-click confirmed the next field, never
// looked at, and four quick clicks four « Voix » (a review, 2026-12-01).
void ReviewPanel::confirmClicked()
{
    const QString field = currentField();
    if (fieldShownJustNow()) {
        setProblem(tr("« %1 » vient de s'afficher : regardez sa valeur, puis cliquez de "
                      "nouveau sur Confirmer.")
                       .arg(fieldLabel(m_session.formOfSheet(m_sheet), field)));
        return;
    }
    confirmCurrent(false);
}

bool ReviewPanel::fieldShownJustNow() const
{
    return !currentField().isEmpty() && m_fieldShownAt >= 0 &&
           m_clock() - m_fieldShownAt < QApplication::doubleClickInterval();
}

// The mouse's Ctrl+Enter: the click is the deciding press, under the same look rule
// (holdsBackDoubtful). Never on a field just shown, a plain value, one not looked at (read
// again since) or over typing (Enter records what is typed).
void ReviewPanel::keepClicked()
{
    settle(); // what is shown now, as a key takes it
    updateKeepButton();
    const QString field = currentField();
    if (!keepOffered(statusOf(field)))
        return;
    if (fieldShownJustNow()) {
        setProblem(tr("« %1 » vient de s'afficher : comparez avec l'encre agrandie, puis "
                      "cliquez de nouveau sur Garder.")
                       .arg(fieldLabel(m_session.formOfSheet(m_sheet), field)));
        return;
    }
    noteKeyTime(Qt::Key_unknown);
    confirmCurrent(true);
}

// A doubtful value (or ink added after its decision) shown enlarged, nothing typed.
bool ReviewPanel::keepOffered(const forms::FieldStatus &status) const
{
    const bool doubtful = status.state == forms::FieldState::Doubtful || status.inkAfterDecision;
    return !status.field.isEmpty() && doubtful && wasInspected(status) && !m_editor->isModified() &&
           !isSealed();
}

// Shown while keepOffered; enabled once Ctrl+Enter would keep the value.
void ReviewPanel::updateKeepButton()
{
    const auto status = statusOf(currentField());
    const bool offered = keepOffered(status);
    if (offered) {
        QString value = m_keep->fontMetrics().elidedText(
            shownValue(status), Qt::ElideRight, m_keep->fontMetrics().averageCharWidth() * 24);
        value.replace(QLatin1Char('&'), QStringLiteral("&&")); // not a mnemonic
        m_keep->setText(tr("Garder « %1 » (Ctrl+Entrée)").arg(value));
    }
    m_keep->setVisible(offered);
    m_keep->setEnabled(offered && lookWouldBeLongEnough());
    if (offered && !m_keep->isEnabled())
        m_keepTimer->start();
    else
        m_keepTimer->stop();
}

// « non » typed in the consent box of a contact sheet already batched for HQ: the voter
// withdraws consent (it answered « scellée » and the voter went to HQ: a review).
bool ReviewPanel::withdrawsConsent(const QString &field) const
{
    return isConsentBox(field) && m_editor->text().trimmed() == QLatin1String("non");
}

bool ReviewPanel::isConsentBox(const QString &field) const
{
    return store::Store::isContactSheet(m_sheet) && field == QLatin1String("consentement");
}

// The batch that holds the sheet leaves the outbox if HQ was never offered it; the sheet is
// erased and the batch's other sheets are batched again (sync::withdrawConsent).
void ReviewPanel::withdrawConsent()
{
    if (!ensureOfficial())
        return;
    if (!askToErase(tr("Retrait du consentement"),
                    tr("Cette fiche est déjà dans un lot pour le siège. La retirer du lot et "
                       "l'effacer ?"),
                    {}, tr("Retirer et effacer la fiche")))
        return;
    const QString sheet = m_sheet;
    try {
        const sync::WithdrawalResult r =
            sync::withdrawConsent(m_session.store(), sheet, m_official);
        if (!r.error.isEmpty())
            return setProblem(r.error);
    } catch (const store::StoreError &e) {
        return setProblem(e.message());
    }
    dropSheetDrafts(sheet);
    m_session.noteDecidedElsewhere(sheet, QStringLiteral("consentement"));
    emit sheetErased(sheet);
}

// A burst of ink (a pen emptying its memory) is placed a slice at a time, and keys pressed
// meanwhile are handled late, against readings never shown (a review: a doubtful reading
// confirmed by two Enters handled together). Nothing is confirmed until it is all placed.
bool ReviewPanel::inkStillComing()
{
    const qsizetype waiting = m_session.unplacedStrokes();
    if (waiting == 0)
        return false;
    setProblem(tr("De l'encre arrive encore (%n trait(s) à placer) : attendez qu'elle soit "
                  "lue, puis confirmez.",
                  nullptr, int(waiting)));
    m_inkWaitSaid = true;
    return true;
}

// The wait said by inkStillComing is over: not left on screen while Enter confirms again.
void ReviewPanel::inkPlaced()
{
    if (!std::exchange(m_inkWaitSaid, false))
        return;
    setProblem({});
    emit message(tr("L'encre reçue est lue : Entrée confirme de nouveau."));
}

// Enter on the value shown (nothing typed) that does not confirm it: already decided (moves
// on), ink being read, a doubtful value not looked at yet or kept with a plain Enter, a
// value that just changed.
bool ReviewPanel::holdsBackEnter(const forms::FieldStatus &status, bool deliberate)
{
    if (status.decision && !status.inkAfterDecision) {
        moveToNextNeedingReview(); // already decided: nothing new to record
        m_table->setFocus();
        return true;
    }
    if (status.state == forms::FieldState::Writing) {
        setProblem(tr("Encre en cours de lecture : attendez sa lecture, ou tapez la valeur "
                      "écrite sur le papier."));
        return true;
    }
    if (status.state == forms::FieldState::ToType) {
        setProblem(toTypeHint());
        return true;
    }
    const bool doubtful = status.state == forms::FieldState::Doubtful || status.inkAfterDecision;
    if (deliberate && !doubtful) { // a Ctrl+Enter rhythm kept every doubtful field (a review)
        setProblem(tr("Ctrl+Entrée ne sert qu'à garder une valeur douteuse : Entrée confirme "
                      "celle-ci."));
        return true;
    }
    if (doubtful && holdsBackDoubtful(status, deliberate))
        return true;
    if (changedJustNow()) { // the Enter was perhaps meant for the value of before
        m_valueChange.noticed = true;
        setProblem(tr("La valeur vient de changer : « %1 ». Vérifiez-la sur le papier, puis "
                      "Entrée de nouveau pour la confirmer.")
                       .arg(shownValue(status)));
        return true;
    }
    return false;
}

// A doubtful value: the first Enter shows its ink enlarged; then only Ctrl+Enter keeps it
// (or typing the value, or F2-F5). Two Enters kept it: a tired official pressing Enter in a
// steady rhythm confirmed four doubtful fields of a contact sheet, "MARTIN" over ink that
// reads "M-RTIN", without looking (a review, 2026-12-01).
bool ReviewPanel::holdsBackDoubtful(const forms::FieldStatus &status, bool deliberate)
{
    if (!wasInspected(status)) {
        inspect(status); // first Enter: look at the ink before confirming
        return true;
    }
    if (deliberate && lookedLongEnough())
        return false;
    if (deliberate) {
        setProblem(tr("Prenez le temps de comparer avec l'encre agrandie : Ctrl+Entrée de "
                      "nouveau garde « %1 ».")
                       .arg(shownValue(status)));
        return true;
    }
    setProblem(tr("Lecture douteuse : Entrée seule ne la confirme pas. Comparez avec l'encre "
                  "agrandie, puis Ctrl+Entrée pour garder « %1 », ou tapez la valeur écrite sur "
                  "le papier.")
                   .arg(shownValue(status)));
    return true;
}

// When the last key was pressed, and how long after the one before: Ctrl, Shift or Alt
// pressed alone (the Ctrl of Ctrl+Enter comes a moment before the Enter) do not count.
void ReviewPanel::noteKeyTime(int key)
{
    if (key == Qt::Key_Control || key == Qt::Key_Shift || key == Qt::Key_Alt ||
        key == Qt::Key_Meta || key == Qt::Key_AltGr)
        return;
    const qint64 now = m_clock();
    m_keyGap = m_keyAt < 0 ? -1 : now - m_keyAt;
    m_keyAt = now;
    updateKeepButton(); // a pause after this key, before a click keeps
}

bool ReviewPanel::lookedLongEnough() const
{
    return lookedLongEnough(m_keyGap);
}

// kLookMs since the ink was shown enlarged, and between the deciding press and the one before.
bool ReviewPanel::lookedLongEnough(qint64 keyGap) const
{
    const qint64 now = m_clock();
    return now - m_inspectedAt >= kLookMs && (keyGap < 0 || keyGap >= kLookMs);
}

bool ReviewPanel::lookWouldBeLongEnough() const
{
    return lookedLongEnough(m_keyAt < 0 ? -1 : m_clock() - m_keyAt);
}

// The value shown for the field shown changed (new ink read, another reading) while the
// official was on it: an Enter within kRecentChangeMs may have been meant for the old one.
void ReviewPanel::noteShownValue(const QString &value, bool sameField)
{
    if (!sameField)
        m_valueChange.at = -1;
    else if (value != m_lastShownValue)
        m_valueChange.mark(m_clock());
    m_lastShownValue = value;
}

// The typing (or the draft) in the editor began before the field's ink or reading last
// changed: it may answer ink that is no longer all there is. Said once; the next Enter records.
bool ReviewPanel::typedBeforeNewInk(const forms::FieldStatus &status)
{
    const QString now = inspectionKey(status);
    if (m_typedBasis.isEmpty() || m_typedBasis == now)
        return false;
    m_typedBasis = now;
    const QString typed = m_editor->text().trimmed();
    setProblem(status.value().isEmpty()
                   ? tr("L'encre de ce champ a changé depuis votre saisie : la machine n'y lit "
                        "plus rien. Vérifiez sur le papier, puis Entrée de nouveau pour garder "
                        "« %1 ».")
                         .arg(typed)
                   : tr("L'encre de ce champ a changé depuis votre saisie : la machine lit "
                        "maintenant « %1 ». Vérifiez sur le papier, puis Entrée de nouveau pour "
                        "garder « %2 ».")
                         .arg(status.value(), typed));
    m_editor->setFocus();
    return true;
}

// Typing begins in the editor: what the field's ink and reading are now.
void ReviewPanel::noteTyping()
{
    if (m_editor->isModified() && m_typedBasis.isEmpty())
        m_typedBasis = inspectionKey(statusOf(currentField()));
}

bool ReviewPanel::changedJustNow() const
{
    return m_valueChange.fresh(m_clock());
}

// The value typed, as the form records it: a tick box takes « oui »/« non » and, in any
// case, "yes"/"no" (the English window refused "yes": a review, 2026-12-01).
QString ReviewPanel::typedValue(const forms::FieldStatus &status) const
{
    const QString typed = m_editor->text().trimmed();
    const auto *spec = m_session.formOfSheet(m_sheet).field(status.field);
    if (!spec || spec->grammar != forms::Grammar::YesNo)
        return typed;
    const QString word = typed.toCaseFolded();
    if (word == QLatin1String("oui") || word == QLatin1String("yes"))
        return QStringLiteral("oui");
    if (word == QLatin1String("non") || word == QLatin1String("no"))
        return QStringLiteral("non");
    return typed;
}

bool ReviewPanel::isConsentRefusal(const forms::FieldStatus &status) const
{
    const auto *spec = m_session.formOfSheet(m_sheet).field(status.field);
    const QString value = typedValue(status);
    return spec && spec->grammar == forms::Grammar::YesNo &&
           (value.isEmpty() || value == QLatin1String("non"));
}

bool ReviewPanel::decide(const forms::FieldStatus &status)
{
    const QString typed = typedValue(status);
    try {
        if (!m_editor->isModified() && status.reading && typed == status.reading->value) {
            m_session.confirm(m_sheet, status.field, m_official);
            return true;
        }
        const auto *spec = m_session.formOfSheet(m_sheet).field(status.field);
        const QString problem =
            typed.isEmpty()
                ? tr("Ce champ n'a pas de valeur : tapez la valeur écrite sur le papier.")
                : (spec ? valueProblem(*spec, typed) : QString());
        if (!problem.isEmpty()) {
            setProblem(problem);
            m_editor->setFocus();
            return false;
        }
        m_session.setValue(m_sheet, status.field, typed, m_official);
        return true;
    } catch (const store::StoreError &e) {
        setProblem(e.message());
        m_editor->setFocus();
        return false;
    }
}

// Whether the official erases a contact sheet: « Revenir » is the default and Escape.
bool ReviewPanel::askToErase(const QString &title, const QString &text, const QString &info,
                             const QString &eraseLabel)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::NoButton, this);
    box.setInformativeText(info);
    auto *erase = box.addButton(eraseLabel, QMessageBox::DestructiveRole);
    auto *back = box.addButton(tr("Revenir"), QMessageBox::RejectRole);
    box.setDefaultButton(back);
    box.setEscapeButton(back);
    box.exec();
    return box.clickedButton() == erase;
}

bool ReviewPanel::decideConsent(const forms::FieldStatus &status)
{
    if (!askToErase(tr("Pas de consentement"),
                    tr("Cette fiche sera effacée (encre et lectures). Continuer ?"),
                    tr("La case de consentement est vide ou lue « non » : sans "
                       "consentement, rien de cette fiche n'est gardé."),
                    tr("Effacer la fiche")))
        return false;
    try {
        m_session.setValue(m_sheet, status.field, QStringLiteral("non"), m_official);
        return true;
    } catch (const store::StoreError &e) {
        setProblem(e.message());
        return false;
    }
}

// What was looked at: this field, this reading of it, this much ink. A new reading or new
// ink between the two Enters needs a new look.
QString ReviewPanel::inspectionKey(const forms::FieldStatus &status) const
{
    return QStringLiteral("%1/%2/%3")
        .arg(status.field)
        .arg(status.reading ? status.reading->id : 0)
        .arg(m_session.fieldStrokes(m_sheet, status.field).size());
}

bool ReviewPanel::wasInspected(const forms::FieldStatus &status) const
{
    return !m_inspected.isEmpty() && m_inspected == inspectionKey(status);
}

void ReviewPanel::inspect(const forms::FieldStatus &status)
{
    m_inspected = inspectionKey(status);
    m_inspectedAt = m_clock();
    m_valueChange.noticed = true; // the value is looked at, with its ink
    m_inkZoom->setEmphasised(true);
    m_inkZoom->setVisible(m_inkZoom->hasInk());
    showHint(status);
    updateKeepButton();
}

void ReviewPanel::afterDecision(const QString &field)
{
    dropDraft(m_sheet, field);
    m_editor->setModified(false);
    m_typedBasis.clear();
    m_inspected.clear();
    emit decisionRecorded(m_sheet, field);
    refresh();
    moveToNextNeedingReview();
    m_table->setFocus();
}

void ReviewPanel::recordCorrection(const QString &field)
{
    const auto status = statusOf(field);
    const QString typed = m_editor->text().trimmed();
    const auto *spec = m_session.formOfSheet(m_sheet).field(field);
    const QString problem =
        typed.isEmpty() ? tr("Ce champ n'a pas de valeur : tapez la valeur écrite sur le papier.")
                        : (spec ? valueProblem(*spec, typed) : QString());
    if (!problem.isEmpty()) {
        setProblem(problem);
        return;
    }
    m_correctionOrder.removeAll(field);
    if (typed == status.value()) {
        m_corrections.remove(field);
    } else {
        m_corrections.insert(field, typed);
        m_correctionOrder << field;
    }
    dropDraft(m_sheet, field);
    m_editor->setModified(false);
    emit correctionChanged();
    refresh();
    m_table->setFocus();
}

void ReviewPanel::startCorrection()
{
    if (m_correcting)
        return;
    m_correcting = true;
    emit correctionChanged();
    showCurrent();
}

void ReviewPanel::abandonCorrection()
{
    m_correcting = false;
    m_corrections.clear();
    m_correctionOrder.clear();
    dropSheetDrafts(store::kPvSheetId); // corrections typed for the sealed PV
    m_editor->setModified(false);
    emit correctionChanged();
    refresh();
}

void ReviewPanel::correctionsSealed()
{
    abandonCorrection();
}

void ReviewPanel::revertCurrent()
{
    // Escape is the deliberate way to drop what was typed, a draft included.
    const QString field = currentField();
    if (m_drafts.value(m_sheet).contains(field))
        emit message(tr("Correction saisie abandonnée : « %1 » garde sa valeur.")
                         .arg(fieldLabel(m_session.formOfSheet(m_sheet), field)));
    dropDraft(m_sheet, field);
    m_editor->setModified(false);
    m_typedBasis.clear();
    refresh();
    m_table->setFocus();
}

void ReviewPanel::takeAlternative(int index)
{
    settle();
    if (index < 0 || index >= m_choices.size() || choicesChangedJustNow(index))
        return;
    if (m_editor->isReadOnly())
        return;
    m_editor->selectAll(); // undoable: Ctrl+Z puts back what was there
    m_editor->insert(m_choices[index].value);
    noteTyping();
    m_editor->setFocus();
}

// The readings on offer changed a moment ago (new ink read): the key was perhaps meant for
// the list of before. Says what it now takes; the same key again takes it.
bool ReviewPanel::choicesChangedJustNow(int index)
{
    if (!m_choicesChange.fresh(m_clock()))
        return false;
    m_choicesChange.noticed = true;
    setProblem(tr("Les autres lectures viennent de changer : F%1 est maintenant « %2 ». "
                  "Vérifiez-la, puis F%1 de nouveau pour la prendre.")
                   .arg(index + 2)
                   .arg(m_choices[index].value));
    return true;
}

// Ctrl+Z in the editor while something is typed: the typing goes back, step by step, to the
// value shown (a draft put back included, then dropped).
void ReviewPanel::undoTyping()
{
    if (!m_editor->isUndoAvailable()) {
        revertCurrent();
        return;
    }
    m_editor->undo();
    if (!m_editor->isModified()) {
        dropDraft(m_sheet, currentField());
        m_typedBasis.clear();
        fillRows();
        showHint(statusOf(currentField()));
    }
    filterChoices();
}

void ReviewPanel::takeBackLastDecision()
{
    keepDraft(); // what is typed in the field shown stays, as a draft
    if (m_correcting && m_sheet == store::kPvSheetId) {
        takeBackLastCorrection();
        return;
    }
    if (isSealed()) {
        emit message(tr("Cette feuille est scellée : ses décisions ne peuvent plus être "
                        "reprises."));
        return;
    }
    const auto last = m_session.lastDecision(m_sheet);
    if (!last) {
        emit message(tr("Aucune décision à reprendre sur cette feuille."));
        return;
    }
    if (!ensureOfficial())
        return;
    try {
        m_session.withdraw(m_sheet, last->field, m_official);
    } catch (const store::StoreError &e) {
        setProblem(e.message());
        return;
    }
    m_editor->setModified(false);
    m_inspected.clear();
    emit decisionRecorded(m_sheet, last->field);
    refresh();
    selectField(last->field);
    emit message(tr("Décision reprise : « %1 » (%2) attend de nouveau un membre du bureau ; "
                    "rien n'est effacé.")
                     .arg(fieldLabel(m_session.formOfSheet(m_sheet), last->field), last->value));
}

void ReviewPanel::takeBackLastCorrection()
{
    if (m_correctionOrder.isEmpty()) {
        emit message(tr("Aucune correction en attente à reprendre."));
        return;
    }
    const QString field = m_correctionOrder.takeLast();
    m_corrections.remove(field);
    m_editor->setModified(false);
    emit correctionChanged();
    refresh();
    selectField(field);
    emit message(tr("Correction reprise : « %1 » garde sa valeur scellée.")
                     .arg(fieldLabel(m_session.formOfSheet(m_sheet), field)));
}

void ReviewPanel::strikeInk()
{
    strikeInkNear(std::nullopt);
}

void ReviewPanel::strikeInkNear(const std::optional<QPointF> &nearNcode)
{
    const QString field = currentField();
    if (field.isEmpty())
        return;
    if (isSealed()) {
        emit message(tr("Cette feuille est scellée : son encre ne peut plus être barrée."));
        return;
    }
    if (!ensureOfficial())
        return;
    StrikeDialog dialog(m_session, m_sheet, field, nearNcode, this);
    if (!dialog.hasStrokes()) {
        emit message(tr("Ce champ n'a pas d'encre à barrer."));
        return;
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    keepDraft();
    const bool wasDecided = statusOf(field).decision.has_value();
    try {
        m_session.strikeStroke(m_sheet, dialog.chosenStroke(), m_official, dialog.reason());
    } catch (const store::StoreError &e) {
        setProblem(e.message());
        return;
    }
    m_editor->setModified(false);
    refresh();
    m_table->setFocus();
    const QString label = fieldLabel(m_session.formOfSheet(m_sheet), field);
    emit message(
        wasDecided
            ? tr("Trait barré : il reste dans le fichier du bureau et dans l'historique, mais "
                 "n'est plus lu. « %1 » a été relu ; sa valeur décidée est reprise : il attend "
                 "de nouveau un membre du bureau.")
                  .arg(label)
            : tr("Trait barré : il reste dans le fichier du bureau et dans l'historique, "
                 "mais n'est plus lu. « %1 » a été relu.")
                  .arg(label));
}

void ReviewPanel::moveToNextNeedingReview()
{
    const auto statuses = m_session.statuses(m_sheet);
    const int n = int(statuses.size());
    const int start = std::max(0, m_table->currentRow());
    // The next one in the form's order, as the paper is read: doubtful ones first sent a new
    // user from the station code to "votants", "inscrits" coming last (a review, 2026-12-01).
    for (int k = 1; k <= n; ++k) {
        const int row = (start + k) % n;
        const forms::FieldState state = statuses[row].state;
        if (statuses[row].inkAfterDecision || state == forms::FieldState::Doubtful ||
            state == forms::FieldState::ToType || state == forms::FieldState::Decoded) {
            m_table->setCurrentCell(row, ColField);
            return;
        }
    }
    if (start + 1 < n)
        m_table->setCurrentCell(start + 1, ColField);
}

void ReviewPanel::updatePvPanel()
{
    m_pvBox->setVisible(m_sheet == store::kPvSheetId);
    if (m_sheet != store::kPvSheetId)
        return;
    const auto failures = pvFailures(m_session, true, m_corrections);
    const QStringList pending = pvPendingLines();
    if (failures.isEmpty() && pending.isEmpty()) {
        m_pvStatus->setText(tr("<span style='color:#0a6e2c'>✔ Le PV est cohérent et toutes ses "
                               "valeurs sont confirmées.</span>"));
        return;
    }
    QStringList lines;
    for (const auto &f : failures)
        lines << tr("<span style='color:%1'><b>%2 %3</b></span> : %4")
                     .arg(ruleColour(f.kind()).name(), ruleMark(f.kind()),
                          forms::kindLabel(f.kind()), f.explanation.toHtmlEscaped());
    if (lines.isEmpty())
        lines << tr("Aucune règle n'est enfreinte par les valeurs lues.");
    m_pvStatus->setText((lines + pending).join(QStringLiteral("<br>")));
}

// What keeps the PV from being all confirmed: values not decided, ink written after a
// decision, corrections typed and not confirmed (the panel said « cohérent et toutes ses
// valeurs sont confirmées » over ink added after the seal: a review, 2026-12-01).
QStringList ReviewPanel::pvPendingLines() const
{
    int undecided = 0, inkAfter = 0;
    for (const auto &s : m_session.statuses(store::kPvSheetId)) {
        undecided += s.decision ? 0 : 1;
        inkAfter += s.decision && s.inkAfterDecision ? 1 : 0;
    }
    const int drafts = draftCount(store::kPvSheetId);
    QStringList lines;
    if (undecided > 0)
        lines << tr("%n champ(s) du PV à confirmer.", nullptr, undecided);
    if (inkAfter > 0)
        lines << tr("%n champ(s) du PV avec de l'encre ajoutée après la décision : à revoir.",
                    nullptr, inkAfter);
    if (drafts > 0)
        lines << tr("%n correction(s) saisie(s) sur le PV, non confirmée(s).", nullptr, drafts);
    return lines;
}

bool ReviewPanel::isBusy() const
{
    constexpr qint64 kIdleMs = 15000;
    return m_editor->isModified() || !m_inspected.isEmpty() ||
           (m_lastKey.isValid() && m_lastKey.elapsed() < kIdleMs);
}

bool ReviewPanel::typeText(const QString &text)
{
    if (!isEnabled() || text.isEmpty() || !text.at(0).isPrint())
        return false;
    return typeIntoEditor(text);
}

bool ReviewPanel::typeIntoEditor(const QString &text)
{
    // On a batched contact sheet, the consent box still takes « non »: the voter withdraws.
    if (isSealed() && !(m_correcting && m_sheet == store::kPvSheetId) &&
        !isConsentBox(currentField())) {
        emit message(tr("Cette feuille est scellée : elle ne peut plus être modifiée ici."));
        return true;
    }
    // Keys typed as a field came up unasked were meant for the one before: typed there, then
    // Enter, they were recorded in a field never looked at.
    if (!m_editor->isModified() && m_shownUnasked.fresh(m_clock())) {
        setProblem(tr("« %1 » vient de s'afficher : regardez-le, puis tapez de nouveau.")
                       .arg(fieldLabel(m_session.formOfSheet(m_sheet), currentField())));
        return true;
    }
    // Typing replaces the value (and goes on in the editor); undoable, as typed in the editor.
    if (m_editor->isModified())
        m_editor->end(false);
    else
        m_editor->selectAll();
    m_editor->insert(text);
    m_editor->setFocus();
    filterChoices();
    return true;
}

void ReviewPanel::filterChoices()
{
    noteTyping();
    m_choiceFilter = m_editor->text().trimmed();
    showAlternatives(statusOf(currentField()));
}

void ReviewPanel::keepDraft()
{
    if (!storeDraft() || m_shownSheet != m_sheet)
        return;
    fillRows();
    updatePvPanel();
}

// What is typed in the editor for the field shown, kept as its draft (or dropped when it is
// the value shown again, or nothing). True when the drafts changed.
bool ReviewPanel::storeDraft()
{
    if (!m_editor->isModified() || m_shownField.isEmpty())
        return false;
    const QString typed = m_editor->text();
    auto &drafts = m_drafts[m_shownSheet];
    const QString before = drafts.value(m_shownField);
    const auto status = statusOf(m_shownSheet, m_shownField);
    const QString shown = m_shownSheet == store::kPvSheetId && m_corrections.contains(m_shownField)
                              ? m_corrections.value(m_shownField)
                              : status.value();
    if (typed.trimmed().isEmpty() || typed.trimmed() == shown)
        drafts.remove(m_shownField);
    else
        drafts.insert(m_shownField, typed);
    if (drafts.contains(m_shownField))
        m_draftBasis[m_shownSheet].insert(
            m_shownField, m_typedBasis.isEmpty() ? inspectionKey(status) : m_typedBasis);
    else
        m_draftBasis[m_shownSheet].remove(m_shownField);
    persistDraft(m_shownSheet, m_shownField);
    if (drafts.value(m_shownField) == before)
        return false;
    emit draftsChanged();
    return true;
}

void ReviewPanel::dropDraft(const QString &sheet, const QString &field)
{
    m_draftBasis[sheet].remove(field);
    auto it = m_drafts.find(sheet);
    if (it == m_drafts.end() || !it->remove(field))
        return;
    persistDraft(sheet, field);
    emit draftsChanged();
}

void ReviewPanel::dropSheetDrafts(const QString &sheet)
{
    const QStringList fields = m_drafts.value(sheet).keys();
    m_drafts.remove(sheet);
    m_draftBasis.remove(sheet);
    for (const QString &field : fields)
        persistDraft(sheet, field);
    emit draftsChanged();
}

// The drafts kept in the station file (a crash, a restart): back as they were typed, with
// what the field's ink and reading were then (new ink since needs a second Enter).
void ReviewPanel::loadDrafts()
{
    QStringList unreadable;
    try {
        for (const store::Draft &d : m_session.store().drafts()) {
            if (!d.readable) { // nothing to show nor confirm: set aside, said
                m_session.store().dropDraft(d.sheetId, d.field);
                unreadable << tr("%1 (feuille %2)").arg(d.field, d.sheetId);
                continue;
            }
            m_drafts[d.sheetId].insert(d.field, d.text);
            m_draftBasis[d.sheetId].insert(d.field, d.basis);
        }
    } catch (const store::StoreError &e) {
        setProblem(tr("Corrections non confirmées illisibles : %1").arg(e.message()));
    }
    if (unreadable.isEmpty())
        return;
    const QString said = tr("Corrections non confirmées illisibles, écartées (fichier "
                            "endommagé ?) : %1. Retapez-les si besoin.")
                             .arg(unreadable.join(QStringLiteral(", ")));
    QTimer::singleShot(0, this, [this, said] { setProblem(said); }); // once the window listens
}

// The draft of (sheet, field) as it is now here, written through to the station file so that
// a crash does not lose it. Only on an open sheet: what is typed to correct a sealed PV is a
// pending correction, kept here only like the others.
void ReviewPanel::persistDraft(const QString &sheet, const QString &field)
{
    store::Store &store = m_session.store();
    try {
        const QHash<QString, QString> drafts = m_drafts.value(sheet);
        const auto state = store.sheet(sheet);
        if (drafts.contains(field) && state && state->state == store::SheetState::Open)
            store.saveDraft(
                {sheet, field, drafts.value(field), m_draftBasis.value(sheet).value(field), {}});
        else
            store.dropDraft(sheet, field);
    } catch (const store::StoreError &e) {
        emit message(tr("Correction non confirmée gardée dans cette fenêtre seulement : %1")
                         .arg(e.message()));
    }
}

// A draft that now says what its field shows (the decision it corrected taken back, new ink
// that reads it) is no correction any more. The one being typed is left to storeDraft.
void ReviewPanel::dropDraftsShown(const QVector<forms::FieldStatus> &statuses)
{
    const auto drafts = m_drafts.value(m_sheet);
    for (const auto &s : statuses) {
        const bool typing = s.field == m_shownField && m_editor->isModified();
        if (!typing && drafts.contains(s.field) && drafts.value(s.field).trimmed() == shownValue(s))
            dropDraft(m_sheet, s.field);
    }
}

int ReviewPanel::draftCount(const QString &sheetId) const
{
    if (!sheetId.isEmpty())
        return int(m_drafts.value(sheetId).size());
    int n = 0;
    for (const auto &drafts : m_drafts)
        n += int(drafts.size());
    return n;
}

QSet<QString> ReviewPanel::sheetsWithDrafts() const
{
    QSet<QString> sheets;
    for (auto it = m_drafts.begin(); it != m_drafts.end(); ++it)
        if (!it->isEmpty())
            sheets.insert(it.key());
    if (m_editor->isModified() && !m_shownSheet.isEmpty())
        sheets.insert(m_shownSheet);
    return sheets;
}

int ReviewPanel::draftsOnlyHere() const
{
    int n = draftCount();
    try {
        for (const store::Draft &d : m_session.store().drafts())
            if (m_drafts.value(d.sheetId).value(d.field, QString()) == d.text)
                --n;
    } catch (const store::StoreError &) {
        // unreadable: every draft counts as lost
    }
    return n;
}

bool ReviewPanel::showFirstDraft()
{
    const auto drafts = m_drafts.value(m_sheet);
    for (const auto &s : m_session.statuses(m_sheet))
        if (drafts.contains(s.field)) {
            selectField(s.field);
            showCurrent(); // the draft in the editor, even when the field was already shown
            m_editor->setFocus();
            return true;
        }
    return false;
}

namespace {

bool isDecisionKey(int key)
{
    return key == Qt::Key_Return || key == Qt::Key_Enter ||
           (key >= Qt::Key_F2 && key <= Qt::Key_F5);
}

} // namespace

void ReviewPanel::noteShownUnasked()
{
    m_valueChange.mark(m_clock());
    m_shownUnasked.mark(m_clock());
    m_lastShownValue = shownValue(statusOf(currentField()));
}

bool ReviewPanel::isRepeat(const QKeyEvent *key)
{
    const ulong at = key->timestamp(), last = std::exchange(m_lastDecisionKeyAt, at);
    return key->isAutoRepeat() || (at != 0 && last != 0 && at >= last && at - last < kRepeatMs);
}

bool ReviewPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    m_lastKey.start();
    settle();
    auto *key = static_cast<QKeyEvent *>(event);
    noteKeyTime(key->key());
    // One decision per press: a held Enter (or F2–F5) repeats, and would otherwise look at
    // the ink, confirm it, move on and confirm the next doubtful field in turn, unseen.
    if (isDecisionKey(key->key()) && isRepeat(key))
        return true;
    if (key->matches(QKeySequence::Undo) && key->isAutoRepeat())
        return true; // held, it took back the sheet's decisions one after another
    if (key->key() >= Qt::Key_F2 && key->key() <= Qt::Key_F5) {
        takeAlternative(key->key() - Qt::Key_F2);
        return true;
    }
    if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
        confirmCurrent(key->modifiers() & Qt::ControlModifier);
        return true;
    }
    // In the value editor, Ctrl+Z undoes the typing; once nothing is typed, the decision.
    if (key->matches(QKeySequence::Undo) && watched == m_editor) {
        if (m_editor->isModified())
            undoTyping();
        else
            takeBackLastDecision();
        return true;
    }
    if (key->key() == Qt::Key_Escape) {
        revertCurrent();
        return true;
    }
    if (watched == m_table && !key->text().isEmpty() && key->text().at(0).isPrint() &&
        !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier)))
        return typeIntoEditor(key->text());
    return QWidget::eventFilter(watched, event);
}

} // namespace plume::ui
