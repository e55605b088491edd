#include "ui/reviewpanel.h"

#include "forms/pvcheck.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace plume::ui {

QString ReviewPanel::stateLabel(forms::FieldState s)
{
    switch (s) {
    case forms::FieldState::Empty:
        return tr("vide");
    case forms::FieldState::Writing:
        return tr("en cours d'écriture");
    case forms::FieldState::Doubtful:
        return tr("⚠ douteux");
    case forms::FieldState::Decoded:
        return tr("lu, à confirmer");
    case forms::FieldState::Confirmed:
        return tr("✔ confirmé");
    case forms::FieldState::Corrected:
        return tr("✔ corrigé");
    case forms::FieldState::Typed:
        return tr("✔ saisi");
    }
    return {};
}

QColor ReviewPanel::stateColour(forms::FieldState s)
{
    switch (s) {
    case forms::FieldState::Empty:
        return QColor(255, 255, 255);
    case forms::FieldState::Writing:
        return QColor(255, 243, 176);
    case forms::FieldState::Doubtful:
        return QColor(255, 205, 150);
    case forms::FieldState::Decoded:
        return QColor(214, 230, 255);
    case forms::FieldState::Confirmed:
        return QColor(196, 236, 200);
    case forms::FieldState::Corrected:
        return QColor(226, 210, 245);
    case forms::FieldState::Typed:
        return QColor(200, 236, 232);
    }
    return Qt::white;
}

ReviewPanel::ReviewPanel(forms::FormSession &session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, 3, this);
    m_table->setHorizontalHeaderLabels({tr("Champ"), tr("Valeur"), tr("État")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setAccessibleName(tr("Champs de la feuille"));
    m_table->installEventFilter(this);
    layout->addWidget(m_table, 3);

    m_fieldTitle = new QLabel(this);
    QFont big = m_fieldTitle->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_fieldTitle->setFont(big);
    layout->addWidget(m_fieldTitle);
    m_editor = new QLineEdit(this);
    QFont editorFont = m_editor->font();
    editorFont.setPointSizeF(editorFont.pointSizeF() * 1.6);
    m_editor->setFont(editorFont);
    m_editor->setAccessibleName(tr("Valeur du champ"));
    m_editor->setPlaceholderText(tr("Tapez la valeur lue sur le papier"));
    m_editor->installEventFilter(this);
    layout->addWidget(m_editor);
    m_reason = new QLabel(this);
    m_reason->setWordWrap(true);
    layout->addWidget(m_reason);
    m_alternatives = new QLabel(this);
    m_alternatives->setWordWrap(true);
    layout->addWidget(m_alternatives);
    auto *buttons = new QHBoxLayout;
    auto *confirm = new QPushButton(tr("Confirmer (Entrée)"), this);
    auto *revert = new QPushButton(tr("Annuler (Échap)"), this);
    confirm->setFocusPolicy(Qt::NoFocus);
    revert->setFocusPolicy(Qt::NoFocus);
    connect(confirm, &QPushButton::clicked, this, &ReviewPanel::confirmCurrent);
    connect(revert, &QPushButton::clicked, this, &ReviewPanel::revertCurrent);
    buttons->addWidget(confirm);
    buttons->addWidget(revert);
    layout->addLayout(buttons);

    auto *pvTitle = new QLabel(tr("<b>Contrôle arithmétique du PV</b>"), this);
    layout->addWidget(pvTitle);
    m_pvStatus = new QLabel(this);
    m_pvStatus->setWordWrap(true);
    m_pvStatus->setAccessibleName(tr("Contrôle du PV"));
    m_pvStatus->setTextFormat(Qt::RichText);
    layout->addWidget(m_pvStatus, 1);

    connect(m_table, &QTableWidget::currentCellChanged, this,
            [this](int row, int, int prevRow, int) {
                if (row != prevRow) {
                    showCurrent();
                    emit currentFieldChanged(currentField());
                }
            });
    connect(&session, &forms::FormSession::fieldChanged, this,
            [this](const QString &sheetId, const QString &) {
                if (sheetId == m_sheet)
                    refresh();
                else if (sheetId == store::kPvSheetId)
                    updatePvPanel();
            });
    connect(&session, &forms::FormSession::fieldWriting, this,
            [this](const QString &sheetId, const QString &) {
                if (sheetId == m_sheet)
                    refresh();
            });
    refresh();
}

void ReviewPanel::setSheet(const QString &sheetId)
{
    m_sheet = sheetId;
    m_table->clearContents();
    m_table->setRowCount(0);
    refresh();
    if (m_table->rowCount() > 0)
        m_table->setCurrentCell(0, 0);
}

QString ReviewPanel::currentField() const
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, 0))
        return {};
    return m_table->item(row, 0)->data(Qt::UserRole).toString();
}

void ReviewPanel::selectField(const QString &field)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, 0)->data(Qt::UserRole).toString() == field) {
            m_table->setCurrentCell(row, 0);
            m_table->setFocus();
            return;
        }
}

void ReviewPanel::refresh()
{
    const QString keep = currentField();
    const auto statuses = m_session.statuses(m_sheet);
    m_table->setRowCount(int(statuses.size()));
    for (int row = 0; row < statuses.size(); ++row) {
        const auto &s = statuses[row];
        auto set = [&](int col, const QString &text) {
            auto *item = m_table->item(row, col);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, col, item);
            }
            item->setText(text);
            item->setBackground(stateColour(s.state));
            item->setForeground(Qt::black);
            return item;
        };
        set(0, s.label)->setData(Qt::UserRole, s.field);
        QString value = s.value();
        if (s.reading && !s.decision)
            value += QStringLiteral("  (%1 %)").arg(qRound(s.reading->confidence * 100));
        set(1, value);
        set(2, stateLabel(s.state))
            ->setToolTip(s.decision ? tr("par %1").arg(s.decision->official) : QString());
    }
    int row = -1;
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, 0)->data(Qt::UserRole).toString() == keep)
            row = r;
    if (row >= 0 && m_table->currentRow() != row)
        m_table->setCurrentCell(row, 0);
    if (!m_editor->isModified())
        showCurrent();
    updatePvPanel();
}

void ReviewPanel::showCurrent()
{
    const QString field = currentField();
    m_currentAlternatives.clear();
    if (field.isEmpty()) {
        m_fieldTitle->clear();
        m_editor->clear();
        m_reason->clear();
        m_alternatives->clear();
        return;
    }
    forms::FieldStatus status;
    for (const auto &s : m_session.statuses(m_sheet))
        if (s.field == field)
            status = s;
    m_fieldTitle->setText(status.label);
    m_editor->setText(status.value());
    m_editor->setModified(false);
    QString reason;
    if (status.state == forms::FieldState::Doubtful)
        reason = tr("<b>Lecture douteuse</b> : %1. Vérifiez sur le papier.")
                     .arg(status.reading->reason.toHtmlEscaped());
    else if (status.state == forms::FieldState::Decoded)
        reason = tr(
            "Lu par la machine : rien ne compte tant qu'un membre du bureau ne l'a pas confirmé.");
    else if (status.decision)
        reason =
            tr("Décidé par %1 à %2 (%3).")
                .arg(status.decision->official.toHtmlEscaped(),
                     status.decision->decidedAt.toLocalTime().toString(QStringLiteral("HH:mm")),
                     stateLabel(status.state));
    m_reason->setText(reason);
    m_currentAlternatives = m_session.alternatives(m_sheet, field);
    QStringList alts;
    for (int i = 0; i < m_currentAlternatives.size() && i < 4; ++i)
        alts << tr("F%1 : %2").arg(i + 2).arg(m_currentAlternatives[i].value.toHtmlEscaped());
    m_alternatives->setText(
        alts.isEmpty() ? QString() : tr("Autres lectures : ") + alts.join(QStringLiteral("   ")));
}

bool ReviewPanel::ensureOfficial()
{
    if (!m_official.isEmpty())
        return true;
    emit message(tr("Choisissez d'abord le membre du bureau de service."));
    return false;
}

void ReviewPanel::confirmCurrent()
{
    const QString field = currentField();
    if (field.isEmpty() || !ensureOfficial())
        return;
    try {
        const auto reading = m_session.store().latestReading(m_sheet, field);
        const QString typed = m_editor->text().trimmed();
        if (reading && typed == reading->value && !m_editor->isModified())
            m_session.confirm(m_sheet, field, m_official);
        else if (!typed.isEmpty())
            m_session.setValue(m_sheet, field, typed, m_official);
        else {
            emit message(tr("Ce champ n'a pas de valeur : tapez-la."));
            m_editor->setFocus();
            return;
        }
    } catch (const store::StoreError &e) {
        emit message(e.message());
        QMessageBox::warning(this, tr("Valeur refusée"), e.message());
        m_editor->setFocus();
        return;
    }
    m_editor->setModified(false);
    emit decisionRecorded(m_sheet, field);
    refresh();
    moveToNextNeedingReview();
    m_table->setFocus();
}

void ReviewPanel::revertCurrent()
{
    m_editor->setModified(false);
    showCurrent();
    m_table->setFocus();
}

void ReviewPanel::takeAlternative(int index)
{
    if (index < 0 || index >= m_currentAlternatives.size())
        return;
    m_editor->setText(m_currentAlternatives[index].value);
    m_editor->setModified(true);
    m_editor->setFocus();
}

void ReviewPanel::moveToNextNeedingReview()
{
    const auto statuses = m_session.statuses(m_sheet);
    const int n = int(statuses.size());
    const int start = std::max(0, m_table->currentRow());
    // Doubtful first, then anything read but not decided.
    for (auto wanted : {forms::FieldState::Doubtful, forms::FieldState::Decoded}) {
        for (int k = 1; k <= n; ++k) {
            const int row = (start + k) % n;
            if (statuses[row].state == wanted) {
                m_table->setCurrentCell(row, 0);
                return;
            }
        }
    }
    if (start + 1 < n)
        m_table->setCurrentCell(start + 1, 0);
}

void ReviewPanel::updatePvPanel()
{
    const auto failures = forms::checkPv(m_session.pvValues(false), m_session.election());
    const auto decided = forms::checkPv(m_session.pvValues(true), m_session.election());
    if (failures.isEmpty() && decided.isEmpty()) {
        m_pvStatus->setText(tr("<span style='color:#0a6e2c'>✔ Le PV est cohérent et toutes ses "
                               "valeurs sont confirmées.</span>"));
        return;
    }
    QStringList lines;
    for (const auto &f : failures) {
        if (f.rule == forms::PvRule::CountsMissing)
            continue;
        lines << QStringLiteral("<li>%1%2</li>")
                     .arg(f.isImpossible() ? QStringLiteral("✖ ") : QStringLiteral("ℹ "),
                          f.explanation.toHtmlEscaped());
    }
    int undecided = 0;
    for (const auto &s : m_session.statuses(store::kPvSheetId))
        if (!s.decision)
            ++undecided;
    QString text;
    if (!lines.isEmpty())
        text += QStringLiteral("<ul style='margin:0'>") + lines.join(QString()) +
                QStringLiteral("</ul>");
    else
        text += tr("Aucune règle n'est enfreinte par les valeurs lues.");
    if (undecided > 0)
        text += QStringLiteral("<p>") + tr("%n champ(s) du PV à confirmer.", nullptr, undecided) +
                QStringLiteral("</p>");
    m_pvStatus->setText(text);
}

bool ReviewPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() >= Qt::Key_F2 && key->key() <= Qt::Key_F5) {
        takeAlternative(key->key() - Qt::Key_F2);
        return true;
    }
    if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
        confirmCurrent();
        return true;
    }
    if (key->key() == Qt::Key_Escape) {
        revertCurrent();
        return true;
    }
    if (watched == m_table && !key->text().isEmpty() && key->text().at(0).isPrint() &&
        !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        // Typing replaces the value (and goes on in the editor).
        m_editor->setText(m_editor->isModified() ? m_editor->text() + key->text() : key->text());
        m_editor->setModified(true);
        m_editor->setFocus();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace plume::ui
