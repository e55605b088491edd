#include "ui/closingdialog.h"

#include "forms/pvcheck.h"
#include "sync/seal.h"
#include "ui/station.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace plume::ui {

ClosingDialog::ClosingDialog(Station &station, QWidget *parent)
    : QDialog(parent), m_station(station)
{
    setWindowTitle(tr("Clôture du procès-verbal"));
    resize(720, 640);
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);
    layout->addWidget(
        new QLabel(tr("Membres du bureau présents (cochez ceux qui signent) :"), this));
    m_officials = new QListWidget(this);
    m_officials->setAccessibleName(tr("Membres du bureau présents"));
    for (const QString &name : station.store().election().officials) {
        auto *item = new QListWidgetItem(name, m_officials);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_officials->setMaximumHeight(110);
    layout->addWidget(m_officials);
    layout->addWidget(new QLabel(tr("Observations (obligatoires si une règle n'est pas respectée, "
                                    "ou pour expliquer une nouvelle version) :"),
                                 this));
    m_reason = new QPlainTextEdit(this);
    m_reason->setAccessibleName(tr("Observations"));
    m_reason->setMaximumHeight(90);
    layout->addWidget(m_reason);
    m_seal = new QPushButton(tr("Sceller le PV"), this);
    layout->addWidget(m_seal);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    m_exports = new QWidget(this);
    auto *exports = new QHBoxLayout(m_exports);
    for (const QString &format :
         {QStringLiteral("pdf"), QStringLiteral("json"), QStringLiteral("csv")}) {
        auto *b = new QPushButton(tr("Exporter en %1").arg(format.toUpper()), m_exports);
        connect(b, &QPushButton::clicked, this, [this, format] { exportPv(format); });
        exports->addWidget(b);
    }
    m_exports->setEnabled(false);
    layout->addWidget(m_exports);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_seal, &QPushButton::clicked, this, &ClosingDialog::seal);
    refresh();
}

void ClosingDialog::refresh()
{
    auto &session = m_station.session();
    const auto values = session.pvValues(true);
    const auto failures = forms::checkPv(values, session.election());
    QStringList rows;
    for (const QString &f : sync::requiredPvFields(m_station.store())) {
        const auto *spec = session.form(QStringLiteral("pv")).field(f);
        rows << QStringLiteral("<tr><td>%1</td><td align='right'><b>%2</b></td></tr>")
                    .arg((spec ? spec->label : f).toHtmlEscaped(),
                         values.contains(f) ? values.value(f).toHtmlEscaped()
                                            : tr("<i>non confirmé</i>"));
    }
    QString checks;
    for (const auto &f : failures)
        checks += QStringLiteral("<li>%1%2</li>")
                      .arg(f.isImpossible() ? QStringLiteral("✖ ") : QStringLiteral("ℹ "),
                           f.explanation.toHtmlEscaped());
    const int versions = int(sync::sealedPvVersions(m_station.store()).size());
    QString text = QStringLiteral("<table>") + rows.join(QString()) + QStringLiteral("</table>");
    text +=
        checks.isEmpty()
            ? tr("<p style='color:#0a6e2c'>✔ Toutes les règles arithmétiques sont respectées.</p>")
            : QStringLiteral("<ul>") + checks + QStringLiteral("</ul>");
    if (versions > 0)
        text +=
            tr("<p><b>Le PV a déjà été scellé (%n version(s)).</b> Une nouvelle clôture crée une "
               "nouvelle version, visible par le siège, avec sa raison.</p>",
               nullptr, versions);
    m_summary->setText(text);
}

void ClosingDialog::seal()
{
    sync::CloseRequest request;
    for (int i = 0; i < m_officials->count(); ++i)
        if (m_officials->item(i)->checkState() == Qt::Checked)
            request.officials << m_officials->item(i)->text();
    if (request.officials.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Cochez au moins un membre du bureau."));
        return;
    }
    request.reason = m_reason->toPlainText().trimmed();
    try {
        const sync::CloseResult r = sync::closePv(m_station.store(), request);
        if (!r.sealed) {
            QString why = r.error;
            if (!r.missing.isEmpty())
                why += QStringLiteral("\n") +
                       tr("Champs non confirmés : %1").arg(r.missing.join(QStringLiteral(", ")));
            QMessageBox::warning(this, tr("Le PV ne peut pas être scellé"), why);
            return;
        }
        m_hash = r.pv->sha256;
        m_result->setText(tr("<b>PV scellé</b> (version %1). Empreinte SHA-256 :<br><tt>%2</tt><br>"
                             "Il sera envoyé au siège dès que le réseau le permet ; %n lot(s) de "
                             "fiches contact en attente.",
                             nullptr, int(r.contactBatches.size()))
                              .arg(r.pv->version)
                              .arg(m_hash));
        m_exports->setEnabled(true);
        refresh();
    } catch (const store::StoreError &e) {
        QMessageBox::critical(this, windowTitle(), e.message());
    }
}

void ClosingDialog::exportPv(const QString &format)
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Exporter le PV"),
        QStringLiteral("pv-%1.%2").arg(m_station.store().election().stationCode, format));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_station.exportPv(format, path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

} // namespace plume::ui
