// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Helpers shared by the GUI tests (offscreen): a demo station with readings or decisions,
// modal boxes answered by the text of a button, the texts a person sees.
#pragma once

#include "datadir/datadir.h"
#include "store/store.h"
#include "teststation.h"
#include "ui/mainwindow.h"
#include "ui/reviewpanel.h"
#include "ui/station.h"

#include <QAbstractButton>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QtTest>

#include <functional>

namespace plume::uitest {

inline const QString kPresident = QStringLiteral("Marie LEROY (présidente)");
inline const QString kAssessor = QStringLiteral("Paul GIRARD (assesseur)");
inline const QString kAssessor2 = QStringLiteral("Awa DIALLO (assesseure)");

// Records every value as typed by the president (changes applied on top of teststation::demoPv).
inline void decidePv(ui::Station &station, const QHash<QString, QString> &changes = {})
{
    QHash<QString, QString> values = teststation::demoPv();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        values.insert(it.key(), it.value());
    for (auto it = values.begin(); it != values.end(); ++it)
        station.session().setValue(QStringLiteral("pv"), it.key(), it.value(), kPresident);
}

// A demo station (created at once) and its main window (opened on demand).
struct DemoWindow
{
    ui::Station station;
    std::unique_ptr<ui::MainWindow> window;

    DemoWindow() { station.createDemo(); }
    // Shows the window with `official` on duty (nobody when empty).
    ui::MainWindow &open(const QString &official = {})
    {
        window = std::make_unique<ui::MainWindow>(station);
        if (!official.isEmpty())
            window->setOfficial(official);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qWarning("the window was not exposed");
        return *window;
    }
};

// A station protected by a passphrase somebody knows (the demo's is random), in its window.
struct ProtectedWindow
{
    QTemporaryDir dir;
    ui::Station station;
    std::unique_ptr<ui::MainWindow> window;

    ProtectedWindow()
    {
        station.create(dir.filePath(QStringLiteral("bureau.plume")), datadir::demoElection(),
                       teststation::kPassphrase);
        station.start();
        window = std::make_unique<ui::MainWindow>(station);
        window->setOfficial(kPresident);
        window->show();
    }
};

// What an official does to give a field a value: select it, type, Enter.
inline void typeValue(ui::MainWindow &w, const QString &field, const QString &value)
{
    w.review()->selectField(field);
    QTest::keyClicks(w.review()->table(), value);
    QTest::keyClick(w.review()->editor(), Qt::Key_Return);
}

// A contact sheet filled and consented (confirmed by the assessor): ready to be batched.
inline QString fillContact(ui::Station &station, const QString &nom)
{
    const QString id = station.store().newSheet(QStringLiteral("contact"));
    const QHash<QString, QString> values{{QStringLiteral("nom"), nom},
                                         {QStringLiteral("prenom"), QStringLiteral("JEANNE")},
                                         {QStringLiteral("code_postal"), QStringLiteral("75011")},
                                         {QStringLiteral("commune"), QStringLiteral("PARIS")},
                                         {QStringLiteral("consentement"), QStringLiteral("oui")}};
    for (const QString &f :
         {QStringLiteral("nom"), QStringLiteral("prenom"), QStringLiteral("code_postal"),
          QStringLiteral("commune"), QStringLiteral("consentement")})
        station.session().setValue(id, f, values.value(f), kAssessor);
    return id;
}

// A reading as the recogniser would store it (alternatives as count candidates), shown.
inline void addReading(ui::Station &station, const QString &sheet, const QString &field,
                       const QString &value, bool flagged, const QStringList &alternatives = {})
{
    store::Reading r;
    r.sheetId = sheet;
    r.field = field;
    r.value = value;
    r.confidence = flagged ? 0.41 : 0.999;
    r.flagged = flagged;
    r.reason = flagged ? QStringLiteral("lecture incertaine") : QString();
    r.modelVersion = QStringLiteral("test");
    QJsonArray alts;
    for (const QString &a : alternatives)
        alts.append(QJsonObject{{QStringLiteral("v"), a}, {QStringLiteral("p"), 0.2}});
    r.nbest = QJsonObject{{QStringLiteral("boxes"), QJsonArray()},
                          {QStringLiteral("alternatives"), alts}};
    station.store().addReading(r);
    emit station.session().fieldChanged(sheet, field);
}

// Runs `act` on the next modal widget that appears (from a timer, while exec() runs).
inline void onNextModal(std::function<void(QWidget *)> act)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, qApp, [timer, act] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(modal);
        }
    });
    timer->start();
}

// Clicks the button whose text (without '&') is `text` in the next modal box; *seen gets
// the box's texts.
inline void answerNextModal(const QString &text, QStringList *seen = nullptr)
{
    onNextModal([text, seen](QWidget *modal) {
        if (seen)
            for (auto *l : modal->findChildren<QLabel *>())
                *seen << l->text();
        for (auto *b : modal->findChildren<QAbstractButton *>())
            if (b->text().remove(QLatin1Char('&')) == text) {
                b->click();
                return;
            }
        modal->close();
    });
}

inline QString plain(const QString &text)
{
    return Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
}

// Every text a person reads in a window: title, labels, buttons, list and table items.
inline QStringList visibleTexts(QWidget *root)
{
    QStringList out{root->windowTitle()};
    for (auto *l : root->findChildren<QLabel *>())
        if (l->isVisibleTo(root))
            out << plain(l->text());
    for (auto *b : root->findChildren<QAbstractButton *>())
        if (b->isVisibleTo(root))
            out << b->text().remove(QLatin1Char('&'));
    for (auto *list : root->findChildren<QListWidget *>())
        for (int i = 0; i < list->count(); ++i)
            out << list->item(i)->text();
    for (auto *t : root->findChildren<QTableWidget *>())
        for (int r = 0; r < t->rowCount(); ++r)
            for (int c = 0; c < t->columnCount(); ++c)
                if (t->item(r, c))
                    out << t->item(r, c)->text();
    return out;
}

// The words of `words` found (as whole words, any case) in the texts.
inline QStringList wordsFound(const QStringList &texts, const QStringList &words)
{
    QStringList found;
    const QString all = texts.join(QLatin1Char('\n'));
    for (const QString &w : words) {
        const QRegularExpression re(QStringLiteral("(?<![\\p{L}_])") +
                                        QRegularExpression::escape(w) +
                                        QStringLiteral("(?![\\p{L}_])"),
                                    QRegularExpression::CaseInsensitiveOption);
        const auto m = re.match(all);
        if (m.hasMatch())
            found << w + QStringLiteral(" in «") +
                         all.mid(std::max<qsizetype>(0, m.capturedStart() - 30), 70) +
                         QStringLiteral("»");
    }
    return found;
}

} // namespace plume::uitest
