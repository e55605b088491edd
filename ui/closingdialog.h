// The closing screen: the PV's values and checks, the officials present, the reason for
// any gap, then the seal (a signed, read-only version sent to headquarters) and exports.
#pragma once

#include <QDialog>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace plume::ui {

class Station;

class ClosingDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ClosingDialog(Station &station, QWidget *parent = nullptr);
    QString sealedHash() const { return m_hash; }

private:
    void refresh();
    void seal();
    void exportPv(const QString &format);

    Station &m_station;
    QLabel *m_summary;
    QListWidget *m_officials;
    QPlainTextEdit *m_reason;
    QPushButton *m_seal;
    QLabel *m_result;
    QWidget *m_exports;
    QString m_hash;
};

} // namespace plume::ui
