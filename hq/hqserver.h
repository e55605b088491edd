// The HTTP(S) front of plume-hq on QHttpServer (Qt 6.4): submissions, results, page.
#pragma once

#include "hq/hqdb.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace plume::hq {

struct ServerOptions
{
    qint64 maxBodyBytes = 1024 * 1024; // 413 above
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

    // Handlers, public for tests that skip the socket.
    QHttpServerResponse submit(const QHttpServerRequest &request);
    QByteArray resultsPage() const;

private:
    HqDatabase &m_db;
    ServerOptions m_options;
    std::unique_ptr<QHttpServer> m_server;
    qint64 m_stored = 0;
    qint64 m_duplicates = 0;
};

} // namespace plume::hq
