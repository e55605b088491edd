#include "hq/hqserver.h"

#include "sync/submission.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpSocket>

namespace plume::hq {
namespace {

using Status = QHttpServerResponder::StatusCode;

QHttpServerResponse jsonResponse(const QByteArray &body, int status)
{
    QHttpServerResponse r(QByteArrayLiteral("application/json"), body, static_cast<Status>(status));
    r.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return r;
}

QHttpServerResponse errorResponse(int status, const QString &message)
{
    return jsonResponse(QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
                            .toJson(QJsonDocument::Compact),
                        status);
}

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
    const auto headers = request.headers();
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

struct HqServer::Pending
{
    sync::Submission submission;
    QPointer<QTcpSocket> socket; // the responder must not write to a closed connection
    std::unique_ptr<QHttpServerResponder> responder;
};

HqServer::HqServer(HqDatabase &db, ServerOptions options, QObject *parent)
    : QObject(parent), m_db(db), m_options(options), m_server(std::make_unique<QHttpServer>())
{
    // Group commit: requests read in one event-loop pass are stored in one transaction;
    // each answer (receipt) is written only after that transaction committed.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &HqServer::flush);
    m_server->route(QStringLiteral("/api/v1/submissions"), QHttpServerRequest::Method::Post,
                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                        submit(request, std::move(responder));
                    });
    m_server->route(QStringLiteral("/api/v1/results"), QHttpServerRequest::Method::Get,
                    [this](const QHttpServerRequest &) {
                        try {
                            return jsonResponse(
                                QJsonDocument(m_db.results()).toJson(QJsonDocument::Indented), 200);
                        } catch (const HqError &e) {
                            return errorResponse(503, e.message());
                        }
                    });
    m_server->route(
        QStringLiteral("/healthz"), QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest &) {
            const bool ok = m_db.ping();
            return jsonResponse(
                QJsonDocument(QJsonObject{{QStringLiteral("status"),
                                           ok ? QStringLiteral("ok") : QStringLiteral("db down")},
                                          {QStringLiteral("schema"), m_db.schemaVersion()}})
                    .toJson(QJsonDocument::Compact),
                ok ? 200 : 503);
        });
    m_server->route(
        QStringLiteral("/"), QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &) {
            try {
                return QHttpServerResponse(QByteArrayLiteral("text/html; charset=utf-8"),
                                           resultsPage(), Status::Ok);
            } catch (const HqError &e) {
                return errorResponse(503, e.message());
            }
        });
}

HqServer::~HqServer() = default;

bool HqServer::setupTls(const QString &certFile, const QString &keyFile, QString *error)
{
    QFile cf(certFile), kf(keyFile);
    if (!cf.open(QIODevice::ReadOnly) || !kf.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS certificate or key");
        return false;
    }
    const auto chain = QSslCertificate::fromData(cf.readAll(), QSsl::Pem);
    const QByteArray keyPem = kf.readAll();
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty() || key.isNull()) {
        *error = QStringLiteral("the TLS certificate or key is not valid PEM");
        return false;
    }
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificate(chain.first());
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    m_server->sslSetup(c);
    return true;
}

quint16 HqServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

CheckedSubmission checkSubmission(HqDatabase &db, const QByteArray &body)
{
    CheckedSubmission c;
    auto s = sync::parseSubmission(body, &c.error);
    if (!s) {
        c.status = 400;
        return c;
    }
    std::optional<QByteArray> key;
    try {
        key = db.stationKey(s->station);
    } catch (const HqError &) {
        c.status = 503;
        c.error = QStringLiteral("storage unavailable");
        return c;
    }
    if (!key) {
        c.status = 401;
        c.error = QStringLiteral("unknown station");
        return c;
    }
    if (!sync::verifySubmission(*s, *key, &c.error)) {
        c.status = 401;
        return c;
    }
    c.submission = std::move(s);
    return c;
}

void HqServer::submit(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    auto answer = [&](int status, const QString &message) {
        responder.write(QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
                            .toJson(QJsonDocument::Compact),
                        QByteArrayLiteral("application/json"), static_cast<Status>(status));
    };
    const QByteArray length = header(request, QByteArrayLiteral("Content-Length"));
    bool ok = false;
    if (!length.isEmpty() && (length.toLongLong(&ok) > m_options.maxBodyBytes || !ok))
        return answer(413, QStringLiteral("body over %1 bytes").arg(m_options.maxBodyBytes));
    const QByteArray body = request.body();
    if (body.size() > m_options.maxBodyBytes)
        return answer(413, QStringLiteral("body over %1 bytes").arg(m_options.maxBodyBytes));
    const QByteArray type = header(request, QByteArrayLiteral("Content-Type"));
    if (type.split(';').constFirst().trimmed().toLower() != "application/json")
        return answer(415, QStringLiteral("Content-Type must be application/json"));
    CheckedSubmission checked = checkSubmission(m_db, body);
    if (checked.status != 0)
        return answer(checked.status, checked.error);
    auto &s = checked.submission;
    QPointer<QTcpSocket> socket(responder.socket());
    m_pending.push_back(
        {std::move(*s), socket, std::make_unique<QHttpServerResponder>(std::move(responder))});
    if (int(m_pending.size()) >= m_options.maxBatch)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void HqServer::flush()
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    std::vector<Pending> batch;
    batch.swap(m_pending);
    QVector<sync::Submission> subs;
    subs.reserve(qsizetype(batch.size()));
    for (const Pending &p : batch)
        subs.append(p.submission);
    const QVector<IngestResult> results = m_db.ingestBatch(subs);
    for (size_t i = 0; i < batch.size(); ++i) {
        const IngestResult &r = results[qsizetype(i)];
        if (r.status == 201)
            ++m_stored;
        else if (r.status == 200)
            ++m_duplicates;
        if (batch[i].socket)
            batch[i].responder->write(r.body, QByteArrayLiteral("application/json"),
                                      static_cast<Status>(r.status));
    }
}

QByteArray HqServer::resultsPage() const
{
    const QJsonObject r = m_db.results();
    const int enrolled = r.value(QStringLiteral("stations_enrolled")).toInt();
    const int reporting = r.value(QStringLiteral("stations_reporting")).toInt();
    const double pct = enrolled > 0 ? 100.0 * reporting / enrolled : 0;
    QString html;
    html += QStringLiteral(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"refresh\" content=\"30\"><title>Plume - résultats</title><style>"
        "body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
        "th:first-child,td:first-child{text-align:left}.flag{color:#a00}"
        ".bar{fill:#2a6ebb}</style></head><body><h1>Résultats consolidés</h1>");
    html += QStringLiteral("<p>Bureaux ayant remonté leur PV : <b>%1</b> sur %2 (%3 %)</p>")
                .arg(reporting)
                .arg(enrolled)
                .arg(pct, 0, 'f', 1);
    html += QStringLiteral("<progress max=\"%1\" value=\"%2\" style=\"width:30em\"></progress>")
                .arg(std::max(enrolled, 1))
                .arg(reporting);
    html += QStringLiteral("<h2>Totaux</h2><table>");
    const QList<std::pair<QString, QString>> rows = {
        {QStringLiteral("inscrits"), QStringLiteral("Inscrits")},
        {QStringLiteral("votants"), QStringLiteral("Votants")},
        {QStringLiteral("enveloppes"), QStringLiteral("Enveloppes")},
        {QStringLiteral("blancs"), QStringLiteral("Blancs")},
        {QStringLiteral("nuls"), QStringLiteral("Nuls")},
        {QStringLiteral("exprimes"), QStringLiteral("Exprimés")}};
    for (const auto &[key, label] : rows)
        html += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>")
                    .arg(label)
                    .arg(r.value(key).toInteger());
    html += QStringLiteral("</table><h2>Voix par candidat</h2>");
    const QJsonArray cands = r.value(QStringLiteral("candidates")).toArray();
    qint64 maxVoix = 1,
           exprimes = std::max<qint64>(1, r.value(QStringLiteral("exprimes")).toInteger());
    for (const QJsonValue &c : cands)
        maxVoix = std::max(maxVoix, c.toObject().value(QStringLiteral("voix")).toInteger());
    const int barH = 28;
    html += QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"%1\" "
                           "role=\"img\" aria-label=\"Voix par candidat\">")
                .arg(int(cands.size()) * barH + 10);
    int y = 5;
    for (const QJsonValue &cv : cands) {
        const QJsonObject c = cv.toObject();
        const qint64 v = c.value(QStringLiteral("voix")).toInteger();
        const int w = int(380.0 * double(v) / double(maxVoix));
        html += QStringLiteral("<text x=\"0\" y=\"%1\" font-size=\"13\">%2</text>"
                               "<rect class=\"bar\" x=\"170\" y=\"%3\" width=\"%4\" height=\"%5\"/>"
                               "<text x=\"%6\" y=\"%1\" font-size=\"13\">%7 (%8 %)</text>")
                    .arg(y + 17)
                    .arg(esc(c.value(QStringLiteral("name")).toString()))
                    .arg(y + 3)
                    .arg(w)
                    .arg(barH - 8)
                    .arg(176 + w)
                    .arg(v)
                    .arg(100.0 * double(v) / double(exprimes), 0, 'f', 1);
        y += barH;
    }
    html += QStringLiteral("</svg>");
    const QJsonArray flagged = r.value(QStringLiteral("flagged")).toArray();
    html += QStringLiteral("<h2>Bureaux signalés (%1)</h2>").arg(flagged.size());
    if (!flagged.isEmpty()) {
        html += QStringLiteral("<table><tr><th>Bureau</th><th>Version</th><th>Règle</th>"
                               "<th>Remarques</th></tr>");
        for (const QJsonValue &fv : flagged) {
            const QJsonObject f = fv.toObject();
            QStringList rules;
            for (const QJsonValue &rv : f.value(QStringLiteral("rules")).toArray())
                rules << esc(rv.toObject().value(QStringLiteral("explanation")).toString());
            html += QStringLiteral("<tr class=\"flag\"><td>%1</td><td>%2</td><td>%3</td>"
                                   "<td>%4</td></tr>")
                        .arg(esc(f.value(QStringLiteral("station")).toString()))
                        .arg(f.value(QStringLiteral("version")).toInteger())
                        .arg(rules.join(QStringLiteral("<br>")),
                             esc(f.value(QStringLiteral("remarques")).toString()));
        }
        html += QStringLiteral("</table>");
    }
    const QJsonArray corr = r.value(QStringLiteral("corrections")).toArray();
    html += QStringLiteral("<h2>Corrections tardives (%1)</h2>").arg(corr.size());
    if (!corr.isEmpty()) {
        html += QStringLiteral("<table><tr><th>Bureau</th><th>Version</th><th>Motif</th>"
                               "<th>Reçue</th></tr>");
        for (const QJsonValue &cv : corr) {
            const QJsonObject c = cv.toObject();
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                        .arg(esc(c.value(QStringLiteral("station")).toString()))
                        .arg(c.value(QStringLiteral("version")).toInteger())
                        .arg(esc(c.value(QStringLiteral("reason")).toString()),
                             esc(c.value(QStringLiteral("received_at")).toString()));
        }
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<p><small>Mis à jour %1 - <a href=\"/api/v1/results\">JSON</a>"
                           "</small></p></body></html>")
                .arg(esc(r.value(QStringLiteral("generated_at")).toString()));
    return html.toUtf8();
}

} // namespace plume::hq
