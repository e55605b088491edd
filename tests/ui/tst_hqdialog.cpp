// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// « Siège… » (Fichier menu): the president records headquarters from the window with the
// core of `plumectl station set-hq`; bad values are refused with the core's reason, good
// ones are saved and the status bar and the background sender follow without a restart.
#include "sync/crypto.h"
#include "sync/hqconfig.h"
#include "sync/receipt.h"
#include "ui/hqdialog.h"
#include "ui/windowlock.h"
#include "uitest.h"

#include <QAction>
#include <QPushButton>
#include <QScopeGuard>
#include <QStatusBar>

#include <functional>

using namespace plume;
using namespace plume::uitest;

namespace {

const QString kPin = QStringLiteral("AB").repeated(32); // typed in capitals, stored lower

QString coreReason(const QString &url, const QString &pin = {})
{
    sync::HqConfig c;
    c.url = QUrl(url, QUrl::StrictMode);
    c.pinSha256 = sync::HqConfig::normalizePin(pin);
    return c.validate();
}

void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Enter was pressed: the dialog is still open and nothing was recorded.
void expectRefused(ui::HqDialog *d, ui::Station &station, const QString &reason)
{
    QCOMPARE(d->problem(), reason);
    QVERIFY(!d->saveButton()->isEnabled());
    QTest::keyClick(d->keyEdit(), Qt::Key_Return);
    QVERIFY(d->isVisible());
    QVERIFY(sync::HqConfig::load(station.store()).url.isEmpty());
    QVERIFY(visibleTexts(d).join(QLatin1Char('\n')).contains(reason));
}

// Runs `check` on the « Siège… » dialog that `action` opens (closed whatever happens);
// false when no such dialog opened.
bool onHqDialog(QAction *action, const std::function<void(ui::HqDialog *)> &check)
{
    bool ran = false;
    onNextModal([&](QWidget *modal) {
        const auto closeOnFailure = qScopeGuard([modal] { modal->close(); });
        auto *d = qobject_cast<ui::HqDialog *>(modal);
        QVERIFY(d);
        ran = true;
        check(d);
    });
    action->trigger();
    return ran;
}

// A whole valid headquarters typed in the dialog, all but the passphrase.
void typeValidHq(ui::HqDialog *d, const QByteArray &key)
{
    retype(d->urlEdit(), QStringLiteral("https://hq.example.fr:8443"));
    retype(d->pinEdit(), kPin);
    retype(d->keyEdit(), QString::fromLatin1(key.toBase64()));
}

} // namespace

class TestHqDialog : public QObject
{
    Q_OBJECT
private slots:
    void refusesBadValuesThenSavesAndStartsSending()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        QVERIFY(w.syncLabel()->text().contains(QStringLiteral("non configuré")));
        const QByteArray key = sync::generateKeyPair().publicKey;
        QVERIFY(onHqDialog(w.hqAction(), [&](ui::HqDialog *d) {
            QTRY_VERIFY(d->urlEdit()->hasFocus()); // given as the dialog shows: wait for it
            retype(d->urlEdit(), QStringLiteral("pas une adresse"));
            QVERIFY(!coreReason(QStringLiteral("pas une adresse")).isEmpty());
            expectRefused(d, demo.station, coreReason(QStringLiteral("pas une adresse")));
            retype(d->urlEdit(), QStringLiteral("http://hq.example.fr:8443"));
            expectRefused(d, demo.station, coreReason(QStringLiteral("http://hq.example.fr:8443")));
            retype(d->urlEdit(), QStringLiteral("https://hq.example.fr:8443"));
            retype(d->pinEdit(), kPin);
            QVERIFY(coreReason(d->urlEdit()->text(), kPin).isEmpty());
            retype(d->keyEdit(), QString::fromLatin1(key.left(31).toBase64()));
            QVERIFY(d->problem().contains(QStringLiteral("32 octets")));
            expectRefused(d, demo.station, d->problem());
            retype(d->keyEdit(), QStringLiteral("pas du base64 !"));
            expectRefused(d, demo.station, d->problem());
            retype(d->keyEdit(), QString::fromLatin1(key.toBase64()));
            QVERIFY(d->problem().isEmpty());
            QTest::keyClick(d->keyEdit(), Qt::Key_Return); // Enter saves
        }));
        const sync::HqConfig saved = sync::HqConfig::load(demo.station.store());
        QCOMPARE(saved.url.toString(), QStringLiteral("https://hq.example.fr:8443"));
        QCOMPARE(saved.pinSha256, kPin.toLower());
        QCOMPARE(sync::hqPublicKey(demo.station.store()), key);
        QCOMPARE(demo.station.hqState(), ui::Station::HqState::Ready);
        QVERIFY(!w.syncLabel()->text().contains(QStringLiteral("non configuré")));
        QVERIFY(!w.syncLabel()->text().contains(QStringLiteral("hors ligne")));
    }

    void prefillsAndEscapeChangesNothing()
    {
        DemoWindow demo;
        ui::MainWindow &w = demo.open(kPresident);
        const QByteArray key = sync::generateKeyPair().publicKey;
        sync::HqConfig c;
        c.url = QUrl(QStringLiteral("http://127.0.0.1:8443"));
        demo.station.setHq(c, key, {}); // plain http to this machine: allowed
        QVERIFY(!w.syncLabel()->text().contains(QStringLiteral("non configuré")));
        QVERIFY(onHqDialog(w.hqAction(), [&](ui::HqDialog *d) {
            QCOMPARE(d->urlEdit()->text(), c.url.toString());
            QCOMPARE(d->keyEdit()->text(), QString::fromLatin1(key.toBase64()));
            QVERIFY(d->problem().isEmpty());
            retype(d->urlEdit(), QStringLiteral("https://ailleurs.example.fr"));
            QTest::keyClick(d->urlEdit(), Qt::Key_Escape);
            QVERIFY(!d->isVisible());
        }));
        QCOMPARE(sync::HqConfig::load(demo.station.store()).url, c.url);
    }

    // The window stays unlocked all day: whoever sets HQ decides where the contact sheets go
    // and whose receipts erase them, so the station passphrase is asked again.
    void asksForThePassphraseAgain()
    {
        ProtectedWindow p;
        QCOMPARE(p.station.store().protection(), store::Store::Protection::Unlocked);
        const QByteArray key = sync::generateKeyPair().publicKey;
        QVERIFY(onHqDialog(p.window->hqAction(), [&](ui::HqDialog *d) {
            QVERIFY(d->passphraseEdit());
            QCOMPARE(d->passphraseEdit()->echoMode(), QLineEdit::Password);
            typeValidHq(d, key);
            QVERIFY(d->problem().contains(QStringLiteral("phrase secrète")));
            expectRefused(d, p.station, d->problem());
            retype(d->passphraseEdit(), QStringLiteral("pas la bonne phrase"));
            QVERIFY(d->problem().isEmpty());
            QTest::keyClick(d->passphraseEdit(), Qt::Key_Return);
            QVERIFY(d->isVisible());
            QVERIFY(visibleTexts(d).join(QLatin1Char('\n')).contains(QStringLiteral("incorrecte")));
            QVERIFY(d->passphraseEdit()->text().isEmpty()); // never kept
            QVERIFY(!d->saveButton()->isEnabled());
            QVERIFY(sync::HqConfig::load(p.station.store()).url.isEmpty());
            QVERIFY(sync::hqPublicKey(p.station.store()).isEmpty());
            retype(d->passphraseEdit(), teststation::kPassphrase);
            QTest::keyClick(d->passphraseEdit(), Qt::Key_Return);
            QVERIFY(!d->isVisible());
        }));
        QCOMPARE(sync::HqConfig::load(p.station.store()).url.toString(),
                 QStringLiteral("https://hq.example.fr:8443"));
        QCOMPARE(sync::hqPublicKey(p.station.store()), key);
        QCOMPARE(p.station.store().protection(), store::Store::Protection::Unlocked);
    }

    // Wrong passphrases typed in « Siège… » and at the window's lock are counted together:
    // taking turns between the two doors gets no more tries before the wait.
    void wrongPassphrasesCountWithTheLocks()
    {
        ProtectedWindow p;
        const QByteArray key = sync::generateKeyPair().publicKey;
        const int free = ui::PassphraseTries::kFreeFailures;
        QVERIFY(onHqDialog(p.window->hqAction(), [&](ui::HqDialog *d) {
            typeValidHq(d, key);
            for (int i = 1; i < free; ++i) {
                retype(d->passphraseEdit(), QStringLiteral("mauvaise %1").arg(i));
                QTest::keyClick(d->passphraseEdit(), Qt::Key_Return);
                QVERIFY(!p.station.passphraseTries().isWaiting());
            }
            QCOMPARE(p.station.passphraseTries().failures(), free - 1);
        }));
        ui::WindowLock *lock = p.window->windowLock();
        lock->lock();
        lock->passphraseEdit()->setText(QStringLiteral("encore une"));
        lock->tryUnlock();
        QVERIFY(lock->isWaitingAfterFailures()); // the third, whichever door
        QVERIFY(!lock->passphraseEdit()->isEnabled());
        QVERIFY(lock->problemLabel()->text().contains(QStringLiteral("Nouvel essai")));
    }

    // While the tries wait, « Siège… » does not even try the right passphrase.
    void hqWaitsAfterWrongPassphrases()
    {
        ProtectedWindow p;
        p.station.passphraseTries().setFirstWait(1500);
        const QByteArray key = sync::generateKeyPair().publicKey;
        QVERIFY(onHqDialog(p.window->hqAction(), [&](ui::HqDialog *d) {
            typeValidHq(d, key);
            for (int i = 0; i < ui::PassphraseTries::kFreeFailures; ++i) {
                retype(d->passphraseEdit(), QStringLiteral("mauvaise %1").arg(i));
                QTest::keyClick(d->passphraseEdit(), Qt::Key_Return);
            }
            QVERIFY(p.station.passphraseTries().isWaiting());
            QVERIFY(
                visibleTexts(d).join(QLatin1Char('\n')).contains(QStringLiteral("Nouvel essai")));
            retype(d->passphraseEdit(), teststation::kPassphrase);
            QVERIFY(d->problem().contains(QStringLiteral("Nouvel essai")));
            QVERIFY(!d->saveButton()->isEnabled());
            QTest::keyClick(d->passphraseEdit(), Qt::Key_Return);
            QVERIFY(d->isVisible());
            QVERIFY(sync::HqConfig::load(p.station.store()).url.isEmpty());
            QTRY_VERIFY(d->problem().isEmpty()); // the wait is over
            QTest::keyClick(d->passphraseEdit(), Qt::Key_Return);
            QVERIFY(!d->isVisible());
        }));
        QCOMPARE(sync::hqPublicKey(p.station.store()), key);
        QCOMPARE(p.station.passphraseTries().failures(), 0);
    }

    // sync::configureHq, the core of the dialog and of `station set-hq`: all or nothing.
    void refusedChangeKeepsTheRecordedHeadquarters()
    {
        DemoWindow demo;
        demo.open(kPresident);
        store::Store &store = demo.station.store();
        const QByteArray key = sync::generateKeyPair().publicKey;
        sync::HqConfig first;
        first.url = QUrl(QStringLiteral("http://127.0.0.1:8443"));
        sync::configureHq(store, first, key);
        sync::HqConfig other;
        other.url = QUrl(QStringLiteral("http://127.0.0.1:9443"));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, sync::configureHq(store, other, key.left(31)));
        other.url = QUrl(QStringLiteral("http://hq.example.fr:8443")); // plain http elsewhere
        const QByteArray otherKey = sync::generateKeyPair().publicKey;
        QVERIFY_THROWS_EXCEPTION(store::StoreError, sync::configureHq(store, other, otherKey));
        QCOMPARE(sync::HqConfig::load(store).url, first.url);
        QCOMPARE(sync::hqPublicKey(store), key);
        other.url = QUrl(QStringLiteral("http://127.0.0.1:9443"));
        sync::configureHq(store, other, std::nullopt); // the key is optional: kept
        QCOMPARE(sync::HqConfig::load(store).url, other.url);
        QCOMPARE(sync::hqPublicKey(store), key);
    }
};

QTEST_MAIN(TestHqDialog)
#include "tst_hqdialog.moc"
