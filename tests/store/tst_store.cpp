#include "store/store.h"
#include <QtTest>
class TestStore : public QObject { Q_OBJECT private slots: void placeholder() { QVERIFY(true); } };
QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
