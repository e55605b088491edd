// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/firstrunwizard.h"

#include "store/election.h"
#include "store/passphrase.h"
#include "store/store.h"
#include "ui/fieldlook.h"
#include "ui/passphrase.h"
#include "ui/station.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace plume::ui {
namespace {

// A page whose "Next" follows a predicate.
class CheckedPage : public QWizardPage
{
public:
    CheckedPage(std::function<bool()> complete, QWidget *parent)
        : QWizardPage(parent), m_complete(std::move(complete))
    {}
    bool isComplete() const override { return m_complete(); }
    void recheck() { emit completeChanged(); }

private:
    std::function<bool()> m_complete;
};

} // namespace

FirstRunWizard::FirstRunWizard(Station &station, QWidget *parent)
    : QWizard(parent), m_stationRef(station)
{
    setWindowTitle(tr("Nouveau bureau de vote"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("Créer le bureau"));
    addPage(buildElectionPage());
    m_stationPage = buildStationPage();
    addPage(m_stationPage);
    addPage(buildPassphrasePage());
    // Sized from the font (a larger one gets a larger window), within the screen.
    const QSize wanted = QSize(640, 440).expandedTo(
        QSize(fontMetrics().averageCharWidth() * 100, fontMetrics().lineSpacing() * 32));
    resize(wanted.boundedTo(screen()->availableGeometry().size() - QSize(40, 60)));
}

QWizardPage *FirstRunWizard::filePage(const FileStep &step)
{
    auto *page = new CheckedPage(step.complete, this);
    page->setTitle(step.title);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(richLabel(page, step.explanation));
    auto *row = new QHBoxLayout;
    *step.edit = new QLineEdit(page);
    (*step.edit)->setAccessibleName(step.name);
    auto *browse = new QPushButton(step.browseText, page);
    row->addWidget(*step.edit, 1);
    row->addWidget(browse);
    layout->addLayout(row);
    *step.info = richLabel(page);
    layout->addWidget(*step.info);
    layout->addStretch(1);
    QLineEdit *edit = *step.edit;
    connect(browse, &QPushButton::clicked, this, [edit, browseFor = step.browse] {
        const QString f = browseFor(edit->text());
        if (!f.isEmpty())
            edit->setText(f);
    });
    connect(edit, &QLineEdit::textChanged, this, [page, check = step.check] {
        check();
        page->recheck();
    });
    return page;
}

QWizardPage *FirstRunWizard::buildElectionPage()
{
    return filePage(
        {tr("1. Le fichier de l'élection"),
         tr("Le siège vous a remis un <b>fichier de l'élection</b> (nom en <tt>.json</tt>, sur "
            "une clé USB ou par courriel). Il décrit l'élection, votre bureau de vote (code, nom, "
            "nombre d'inscrits), les candidats et les membres du bureau. Plume le lit sans le "
            "modifier."),
         tr("Fichier de l'élection"), tr("Choisir le fichier…"), &m_election, &m_electionInfo,
         [this](const QString &) {
             return QFileDialog::getOpenFileName(this, tr("Fichier de l'élection"), QString(),
                                                 tr("Élection (*.json)"));
         },
         [this] { checkElection(); }, [this] { return electionValid(); }});
}

QWizardPage *FirstRunWizard::buildStationPage()
{
    return filePage(
        {tr("2. Le fichier du bureau"),
         tr("Le <b>fichier du bureau</b> garde tout ce qui se passe ce soir : l'encre du stylo, "
            "les lectures, les décisions des membres du bureau et leur historique, le PV scellé. "
            "Il est créé maintenant, n'est jamais écrasé, et reste sur cet ordinateur : "
            "choisissez un dossier que vous retrouverez (par exemple Documents)."),
         tr("Fichier du bureau"), tr("Choisir l'emplacement…"), &m_station, &m_stationInfo,
         [this](const QString &current) {
             return QFileDialog::getSaveFileName(this, tr("Fichier du bureau"), current,
                                                 tr("Bureau Plume (*.plume)"));
         },
         [this] { checkStationPath(); }, [this] { return stationPathValid(); }});
}

QWizardPage *FirstRunWizard::buildPassphrasePage()
{
    auto *page = new CheckedPage([this] { return m_passphrase->isAcceptable(); }, this);
    page->setTitle(tr("3. La phrase secrète du bureau"));
    page->setFinalPage(true);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(richLabel(
        page,
        tr("La <b>phrase secrète</b> chiffre les fiches contact (des données sensibles) sur cet "
           "ordinateur ; elle sera demandée à chaque ouverture du bureau. Choisissez plusieurs "
           "mots, tapez-la deux fois, notez-la et gardez-la avec le matériel du bureau. Sans elle, "
           "on ne peut pas continuer.")));
    m_passphrase = new PassphraseFields(page);
    layout->addWidget(m_passphrase);
    m_createError = richLabel(page, QString());
    m_createError->setStyleSheet(QStringLiteral("color:#b00000"));
    layout->addWidget(m_createError);
    layout->addStretch(1);
    connect(m_passphrase, &PassphraseFields::changed, page, &CheckedPage::recheck);
    return page;
}

bool FirstRunWizard::electionValid() const
{
    return !m_stationCode.isEmpty();
}

void FirstRunWizard::checkElection()
{
    QString error;
    const auto election = store::ElectionConfig::fromFile(m_election->text().trimmed(), &error);
    m_stationCode = election ? election->stationCode : QString();
    if (m_passphrase) // the station's own words weaken a passphrase
        m_passphrase->setContext(election ? store::passphraseContext(*election) : QStringList());
    if (!election) {
        m_electionInfo->setText(
            m_election->text().trimmed().isEmpty()
                ? QString()
                : tr("<span style='color:#b00000'>Ce fichier n'est pas un fichier d'élection "
                     "valide.</span><br><small>%1</small>")
                      .arg(error.toHtmlEscaped()));
        return;
    }
    m_electionInfo->setText(
        tr("✔ %1 (tour %2)<br>%3 — code %4<br>%n candidat(s)", nullptr,
           int(election->candidates.size()))
            .arg(election->electionName.toHtmlEscaped())
            .arg(election->round)
            .arg(election->stationName.toHtmlEscaped(), election->stationCode.toHtmlEscaped()));
    if (m_station->text().isEmpty()) {
        const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        m_station->setText(
            QDir(docs).filePath(QStringLiteral("bureau-%1.plume").arg(m_stationCode)));
    }
}

namespace {

// A missing folder Plume may create: its nearest existing parent is a writable folder.
bool canCreateFolder(const QString &path)
{
    QFileInfo up(path);
    while (!up.exists() && !up.isRoot() && up.absolutePath() != up.absoluteFilePath())
        up = QFileInfo(up.absolutePath());
    return up.exists() && up.isDir() && up.isWritable();
}

} // namespace

bool FirstRunWizard::stationPathValid() const
{
    const QFileInfo f(m_station->text().trimmed());
    return !m_station->text().trimmed().isEmpty() && !f.exists() &&
           (f.absoluteDir().exists() || canCreateFolder(f.absolutePath()));
}

void FirstRunWizard::checkStationPath()
{
    const QFileInfo f(m_station->text().trimmed());
    const QString folder = f.absolutePath().toHtmlEscaped();
    QString info;
    if (m_station->text().trimmed().isEmpty())
        info.clear();
    else if (f.exists())
        info = tr("Ce fichier existe déjà : Plume n'écrase jamais un bureau. Choisissez un autre "
                  "nom, ou ouvrez ce bureau avec « plume %1 ».")
                   .arg(f.fileName().toHtmlEscaped());
    else if (f.absoluteDir().exists())
        info = tr("✔ Le bureau sera créé dans %1.").arg(f.absoluteFilePath().toHtmlEscaped());
    else if (canCreateFolder(f.absolutePath()))
        info = tr("✔ Le bureau sera créé dans %1 ; le dossier %2, qui n'existe pas encore, sera "
                  "créé en passant à l'étape suivante.")
                   .arg(f.absoluteFilePath().toHtmlEscaped(), folder);
    else
        info = tr("Le dossier %1 n'existe pas et ne peut pas être créé ici : choisissez un "
                  "autre emplacement.")
                   .arg(folder);
    m_stationInfo->setText(info);
}

bool FirstRunWizard::makeStationFolder()
{
    const QFileInfo f(m_station->text().trimmed());
    if (!stationPathValid())
        return false;
    if (f.absoluteDir().exists() || QDir().mkpath(f.absolutePath()))
        return true;
    m_stationInfo->setText(tr("Le dossier %1 n'a pas pu être créé : choisissez un autre "
                              "emplacement.")
                               .arg(f.absolutePath().toHtmlEscaped()));
    return false;
}

void FirstRunWizard::prefill(const QString &electionFile, const QString &stationFile)
{
    m_election->setText(electionFile);
    m_station->setText(stationFile);
}

bool FirstRunWizard::validateCurrentPage()
{
    if (currentPage() == m_stationPage)
        return makeStationFolder(); // the default folder (Documents) may not exist yet
    if (currentPage() != page(pageIds().constLast()))
        return QWizard::validateCurrentPage();
    return m_passphrase->isAcceptable() && createStation();
}

bool FirstRunWizard::createStation()
{
    try {
        if (!m_stationRef.hasStore())
            m_stationRef.create(m_station->text().trimmed(), m_election->text().trimmed(),
                                m_passphrase->passphrase());
    } catch (const store::StoreError &e) {
        m_createError->setText(tr("Le bureau n'a pas pu être créé : %1").arg(e.message()));
        return false;
    }
    return true;
}

} // namespace plume::ui
