// Keyboard-first review of a sheet's fields: Enter confirms and moves to the next field
// that needs an official, typing replaces the value, Escape reverts, F2-F5 take an
// alternative reading. Every decision goes to the store with the official on duty.
#pragma once

#include "forms/formsession.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace plume::ui {

class ReviewPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPanel(forms::FormSession &session, QWidget *parent = nullptr);

    void setSheet(const QString &sheetId);
    void setOfficial(const QString &official) { m_official = official; }
    QString official() const { return m_official; }
    QString currentField() const;
    void selectField(const QString &field);
    QTableWidget *table() const { return m_table; }
    QLineEdit *editor() const { return m_editor; }
    QLabel *pvStatus() const { return m_pvStatus; }

    static QString stateLabel(forms::FieldState s);
    static QColor stateColour(forms::FieldState s);

signals:
    void currentFieldChanged(const QString &field);
    void decisionRecorded(const QString &sheetId, const QString &field);
    void message(const QString &text);

public slots:
    void refresh();
    void confirmCurrent(); // Enter
    void revertCurrent();  // Escape
    void takeAlternative(int index);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showCurrent();
    void moveToNextNeedingReview();
    void updatePvPanel();
    bool ensureOfficial();

    forms::FormSession &m_session;
    QString m_sheet = QStringLiteral("pv");
    QString m_official;
    QTableWidget *m_table;
    QLabel *m_fieldTitle;
    QLineEdit *m_editor;
    QLabel *m_reason;
    QLabel *m_alternatives;
    QLabel *m_pvStatus;
    QVector<forms::Alternative> m_currentAlternatives;
};

} // namespace plume::ui
