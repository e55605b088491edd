// The HTTP(S) front of plume-hq on QHttpServer (Qt 6.4): submissions, results, page.
#pragma once

#include "hq/hqdb.h"
#include "sync/submission.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace plume::hq {

// The checks every submission goes through before it is stored, whatever the transport
// (HTTP here, an offline file for `plume-hq import`): 400 schema, 401 station/signature.
struct CheckedSubmission
{
    int status = 0; // 0 = acceptable, else the HTTP status to answer
    QString error;  // why not (no personal data)
    std::optional<sync::Submission> submission;
};
CheckedSubmission checkSubmission(HqDatabase &db, const QByteArray &body);

struct ServerOptions
{
    qint64 maxBodyBytes = 1024 * 1024; // 413 above
    int maxBatch = 256;                // group commit: submissions per transaction
};

class HqServer : public QObject
{
    Q_OBJECT
public:
    HqServer(HqDatabase &db, ServerOptions options = {}, QObject *parent = nullptr);
    ~HqServer() override;

    // TLS: PEM certificate (chain) and key. Call before listen. Returns false + *error.
    bool setupTls(const QString &certFile, const QString &keyFile, QString *error);
    // Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);

    qint64 stored() const { return m_stored; }
    qint64 duplicates() const { return m_duplicates; }

    QByteArray resultsPage() const;

private:
    struct Pending;
    void submit(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void flush(); // stores the pending submissions in one transaction, then answers

    HqDatabase &m_db;
    ServerOptions m_options;
    std::unique_ptr<QHttpServer> m_server;
    qint64 m_stored = 0;
    qint64 m_duplicates = 0;
    std::vector<Pending> m_pending;
    QTimer m_flushTimer;
};

} // namespace plume::hq
