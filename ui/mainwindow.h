// The station president's window: sheets on the left, the live page in the middle, the
// keyboard-first review on the right, pen and sync state below.
#pragma once

#include <QMainWindow>

class QComboBox;
class QLabel;
class QListWidget;

namespace plume::ui {

class FormView;
class ReviewPanel;
class Station;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Station &station, QWidget *parent = nullptr);

    FormView *formView() const { return m_view; }
    ReviewPanel *review() const { return m_review; }
    QListWidget *sheetList() const { return m_sheets; }
    void setOfficial(const QString &official);
    QString official() const;
    void showSheet(const QString &sheetId);
    // Asks who is on duty (once, at start). Returns false if nobody was chosen.
    bool chooseOfficial();

private:
    void refreshSheets();
    void updatePenStatus();
    void newContactSheet();
    void pairPen();
    void showAbout();

    Station &m_station;
    FormView *m_view;
    ReviewPanel *m_review;
    QListWidget *m_sheets;
    QComboBox *m_official;
    QLabel *m_penLabel;
    QLabel *m_inkLabel;
    QLabel *m_syncLabel;
    QLabel *m_recogniserLabel;
};

} // namespace plume::ui
