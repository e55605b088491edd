// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/http.h"

#include "hq/rules.h"
#include "hq/text.h"

#include <QElapsedTimer>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>
#include <cctype>

#include <sys/socket.h>

namespace plume::hq::http {
namespace {

constexpr qint64 kSocketBuffer = 16 * 1024; // Qt's read buffer per socket
constexpr qint64 kWriteWindow = 64 * 1024;  // bytes handed to a socket ahead of the client
constexpr int kMaxTargetBytes = 4096;
constexpr int kMaxChunkLine = 1024;
constexpr int kLingerMs = 1000; // reading (and dropping) after a refused body
constexpr qint64 kLingerBytes = 8LL << 20;
constexpr int kSweepMs = 50; // timeouts are checked this often
// At the total cap, or when a body waits for the memory budget, a body that has had no byte
// for kStallMs, or under kMinBodyRate bytes/s over the last kStallMs window (a client
// dripping it, maybe after sending most of it at once), or too slow over that window to end
// before its body timeout (doomed), may be closed to make room.
constexpr qint64 kStallMs = 2000;
constexpr qint64 kMinBodyRate = 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Status");
    }
}

bool isToken(const QByteArray &s)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    for (char c : s)
        if (!(QChar::isLetterOrNumber(uchar(c)) && uchar(c) < 0x80) && !extra.contains(c))
            return false;
    return !s.isEmpty();
}

bool isFieldValue(const QByteArray &s)
{
    for (char c : s)
        if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f)
            return false;
    return true;
}

// origin-form only ("/path?query"), visible ASCII.
bool isTarget(const QByteArray &s)
{
    if (!s.startsWith('/') || s.size() > kMaxTargetBytes)
        return false;
    for (char c : s)
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7f)
            return false;
    return true;
}

// chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ) (RFC 9112 §7.1.1).
bool isChunkExtension(const QByteArray &s)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^([ \t]*;[ \t]*[-!#$%&'*+.^_`|~0-9A-Za-z]+([ \t]*=[ \t]*([-!#$%&'*+.^_`|~0-9A-Za-z]+|)"
        R"("([\t !#-\[\]-~\x{80}-\x{ff}]|\\[\t -~\x{80}-\x{ff}])*"))?)*$)"));
    return s.isEmpty() || re.match(QString::fromLatin1(s)).hasMatch();
}

// chunk-size [ chunk-ext ]: 1 to 15 hex digits and nothing else before the extensions (no
// sign, no 0x, no space around the digits), or nullopt.
std::optional<qint64> chunkSize(const QByteArray &line)
{
    qsizetype digits = 0;
    while (digits < line.size() && std::isxdigit(uchar(line[digits])))
        ++digits;
    if (digits == 0 || digits > 15 || !isChunkExtension(line.mid(digits)))
        return std::nullopt;
    return line.left(digits).toLongLong(nullptr, 16);
}

QHostAddress normalized(QHostAddress a)
{
    bool mapped = false;
    const quint32 v4 = a.toIPv4Address(&mapped);
    return mapped ? QHostAddress(v4) : a;
}

} // namespace

qint64 monotonicMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

QByteArray Request::header(const QByteArray &lowerCaseName) const
{
    for (const auto &h : headers)
        if (h.first == lowerCaseName)
            return h.second;
    return {};
}

// One client connection: parses requests under the limits, hands them to the server's
// handler and writes the answers in request order.
class Connection : public QObject
{
public:
    Connection(Server *server, QTcpSocket *socket, const QHostAddress &peer);

    void deliver(quint64 sequence, Response response);
    void granted();
    void abort() { finish(); }
    // Nothing of it waits for an answer, and it is idle, reading headers, waiting for the body
    // budget, or stalled or doomed in a body.
    bool evictable(qint64 now) const
    {
        return !m_closing && m_nextSeq == m_writeSeq && m_writeQueue.isEmpty() &&
               (m_state == State::Headers || m_paused || stalled(now) || doomed(now));
    }
    // Stalled or doomed in a body while holding some of the body budget.
    bool holdsStalledBody(qint64 now) const
    {
        return m_reserved > 0 && m_state != State::Headers && evictable(now);
    }
    qint64 waitingSince() const
    {
        return m_in.isEmpty() && m_state == State::Headers ? m_idleSince : m_requestStart;
    }
    QHostAddress peer() const { return m_peer; }
    // Answers not yet handed to the network.
    bool writing() const { return !m_writeQueue.isEmpty() || m_socket->bytesToWrite() > 0; }
    qint64 bytesWanted() const { return m_toReserve; } // of the budget, while it waits

private:
    enum class State { Headers, Body, ChunkSize, ChunkData, ChunkEnd, Trailers };

    const Limits &limits() const { return m_server->limits(); }
    void onReadable();
    bool step();
    bool readHeaders();
    bool parseHead(const QByteArray &head);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool framing(std::optional<QByteArray> *length, bool *chunked);
    bool checkCodings(const QByteArrayList &codings);
    bool startLength(const QByteArray &length);
    bool startBody();
    bool reserveBody();
    bool readBody();
    bool readChunkLine();
    bool readTrailers();
    std::optional<QByteArray> takeLine(int maxBytes);
    QByteArray take(qint64 n);
    void finishRequest();
    void fail(int status, Rule rule, const QString &message);
    void flushReady();
    void writeMore();
    void closeGracefully();
    void updateDeadline();
    void onDeadline();

public:
    // Called by the server's sweep: closes the connection when its deadline has passed.
    void checkDeadline(qint64 now)
    {
        if (m_deadline >= 0 && now >= m_deadline)
            onDeadline();
    }

private:
    void finish();
    void startProgress();
    void countProgress(qint64 bytes);
    qint64 recentBytes(qint64 now) const;
    bool stalled(qint64 now) const;
    bool doomed(qint64 now) const;
    qint64 bytesToCome() const;

    Server *m_server;
    QTcpSocket *m_socket;
    qint64 m_deadline = -1; // monotonic ms; -1: none
    QHostAddress m_peer;
    QByteArray m_in; // read, not yet consumed (bounded by the header limit)
    State m_state = State::Headers;
    Request m_request;
    qint64 m_remaining = 0; // body or chunk bytes still to read
    qint64 m_reserved = 0;  // body budget held by the request being read
    qint64 m_toReserve = 0; // what it needs before its body is read (all of it)
    int m_trailerBytes = 0;
    bool m_http10 = false;
    bool m_paused = false;           // waiting for body budget
    bool m_pipelineFull = false;     // not reading: maxPipelined answers outstanding
    qint64 m_lastPaced = -1'000'000; // when the last paced answer went
    bool m_stopReading = false;
    bool m_closing = false;
    bool m_linger = false;
    bool m_finished = false;
    qint64 m_requestStart = 0, m_bodyStart = 0, m_idleSince = 0, m_writeProgress = 0;
    qint64 m_waitSince = 0;     // began waiting for the body budget (m_paused)
    qint64 m_lastRead = 0;      // the last byte from the client
    qint64 m_progressSince = 0; // the body began, or got the budget it waited for
    qint64 m_windowStart = 0;   // body bytes per kStallMs window since then (kMinBodyRate)
    qint64 m_windowBytes = 0, m_lastWindowBytes = 0;
    quint64 m_nextSeq = 0;  // next request's place
    quint64 m_writeSeq = 0; // next answer to write
    quint64 m_closeAfter = ~quint64(0);
    QMap<quint64, Response> m_ready;
    QSet<quint64> m_heads;         // requests by HEAD: their answers leave without a body
    QHash<quint64, qint64> m_held; // body budget per request, until its answer
    QList<QByteArray> m_writeQueue;
    qint64 m_writeOffset = 0;
    bool m_closeWhenWritten = false;
    qint64 m_lingerDropped = 0;
};

Responder::Responder(Connection *connection, quint64 sequence)
    : m_connection(connection), m_sequence(sequence)
{}

void Responder::send(Response response) const
{
    if (m_connection)
        m_connection->deliver(m_sequence, std::move(response));
}

Connection::Connection(Server *server, QTcpSocket *socket, const QHostAddress &peer)
    : QObject(server), m_server(server), m_socket(socket), m_peer(peer)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kSocketBuffer);
    m_requestStart = m_idleSince = monotonicMs();
    connect(m_socket, &QIODevice::readyRead, this, [this] { onReadable(); });
    connect(m_socket, &QIODevice::bytesWritten, this, [this] {
        m_writeProgress = monotonicMs();
        writeMore();
    });
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] { finish(); });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            finish();
    });
    updateDeadline();
}

void Connection::onReadable()
{
    if (m_finished)
        return;
    if (m_linger) {
        // The answer is out; drop what the client still sends, within bounds.
        m_lingerDropped += take(kSocketBuffer).size();
        if (m_lingerDropped > kLingerBytes)
            finish();
        return;
    }
    while (!m_finished && !m_closing && !m_paused && step()) {
    }
    updateDeadline();
}

// One parsing step; false when more input is needed (or reading stopped).
bool Connection::step()
{
    if (m_stopReading)
        return false;
    switch (m_state) {
    case State::Headers:
        m_pipelineFull = m_nextSeq - m_writeSeq >= quint64(limits().maxPipelined);
        return !m_pipelineFull && readHeaders();
    case State::Body:
    case State::ChunkData:
        return reserveBody() && readBody();
    case State::ChunkSize:
    case State::ChunkEnd:
        return reserveBody() && readChunkLine();
    case State::Trailers:
        return readTrailers();
    }
    return false;
}

bool Connection::readHeaders()
{
    const qsizetype room = limits().maxHeaderBytes + 4 - m_in.size();
    if (room > 0 && m_socket->bytesAvailable() > 0) {
        if (m_in.isEmpty() && m_nextSeq > 0) // the first request counts from the accept
            m_requestStart = monotonicMs();
        m_in += take(room);
    }
    while (m_in.startsWith("\r\n")) // empty lines before a request are allowed
        m_in.remove(0, 2);
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > limits().maxHeaderBytes)
            fail(431, Rule::HeaderTooLarge, HqText::tr("en-têtes trop longs"));
        return false;
    }
    const QByteArray head = m_in.left(end);
    m_in.remove(0, end + 4);
    m_request = Request{};
    m_request.peer = m_peer;
    m_request.startedMs = m_requestStart;
    return parseHead(head) && startBody();
}

bool Connection::parseHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    if (lines.size() - 1 > limits().maxHeaders) {
        fail(431, Rule::HeaderTooLarge, HqText::tr("trop d'en-têtes"));
        return false;
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (!line.endsWith('\r') && i + 1 < lines.size()) {
            fail(400, Rule::BadRequest, HqText::tr("fin de ligne invalide"));
            return false;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        if (!(i == 0 ? parseRequestLine(line) : parseHeaderLine(line)))
            return false;
    }
    return true;
}

bool Connection::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    const bool ok = parts.size() == 3 && isToken(parts[0]) && parts[0].size() <= 16 &&
                    isTarget(parts[1]) && (parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0");
    if (!ok) {
        fail(400, Rule::BadRequest, HqText::tr("requête HTTP invalide"));
        return false;
    }
    m_request.method = parts[0];
    const qsizetype q = parts[1].indexOf('?');
    m_request.path = q < 0 ? parts[1] : parts[1].left(q);
    m_request.query = q < 0 ? QByteArray() : parts[1].mid(q + 1);
    m_http10 = parts[2] == "HTTP/1.0";
    return true;
}

bool Connection::parseHeaderLine(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    // No folded lines, no space before the colon (request smuggling).
    if (colon <= 0 || !isToken(line.left(colon)) || !isFieldValue(line.mid(colon + 1))) {
        fail(400, Rule::BadRequest, HqText::tr("en-tête HTTP invalide"));
        return false;
    }
    m_request.headers.append({line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
    return true;
}

// Content-Length and Transfer-Encoding, refused when ambiguous (request smuggling, RFC 9112
// §6): never together (an empty Content-Length counts), one length, and the codings of every
// Transfer-Encoding line together must be exactly `chunked` (twice or not last: 400; another
// coding: 501).
bool Connection::framing(std::optional<QByteArray> *length, bool *chunked)
{
    QByteArrayList codings;
    bool coded = false;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name == "content-length" && length->has_value() && **length != value) {
            fail(400, Rule::BadRequest, HqText::tr("Content-Length contradictoires"));
            return false;
        }
        if (name == "content-length")
            *length = value;
        if (name != "transfer-encoding")
            continue;
        coded = true;
        for (const QByteArray &c : value.split(','))
            if (!c.trimmed().isEmpty()) // empty list elements are allowed (RFC 9110 §5.6.1)
                codings << c.trimmed().toLower();
    }
    if (coded && (length->has_value() || m_http10)) {
        fail(400, Rule::BadRequest, HqText::tr("Transfer-Encoding et Content-Length ensemble"));
        return false;
    }
    *chunked = coded;
    return !coded || checkCodings(codings);
}

bool Connection::checkCodings(const QByteArrayList &codings)
{
    if (codings.isEmpty() || codings.count("chunked") > 1 ||
        (codings.contains("chunked") && codings.constLast() != "chunked")) {
        fail(400, Rule::BadRequest, HqText::tr("Transfer-Encoding invalide"));
        return false;
    }
    if (codings.size() > 1 || codings.constFirst() != "chunked") {
        fail(501, Rule::NotImplemented, HqText::tr("seul le codage chunked est accepté"));
        return false;
    }
    return true;
}

// 1 to 18 digits, nothing else (an empty Content-Length is not 0).
bool Connection::startLength(const QByteArray &length)
{
    bool ok = !length.isEmpty() && length.size() <= 18;
    for (char c : length)
        ok = ok && c >= '0' && c <= '9';
    if (!ok) {
        fail(400, Rule::BadRequest, HqText::tr("Content-Length invalide"));
        return false;
    }
    const qint64 n = length.toLongLong();
    // Refused before a byte of the body is read.
    if (n > limits().maxBodyBytes) {
        fail(413, Rule::BodyTooLarge,
             HqText::tr("corps de plus de %1 octets").arg(limits().maxBodyBytes));
        return false;
    }
    m_remaining = n;
    m_state = State::Body;
    return true;
}

bool Connection::startBody()
{
    std::optional<QByteArray> length;
    bool chunked = false;
    if (!framing(&length, &chunked))
        return false;
    const QByteArray connection = m_request.header("connection").toLower();
    // The last request: its body is still read (finishRequest stops reading after it).
    if (connection.contains("close") || (m_http10 && !connection.contains("keep-alive")))
        m_closeAfter = m_nextSeq;
    if (chunked)
        m_state = State::ChunkSize;
    else if (!startLength(length.value_or(QByteArrayLiteral("0")))) // no body: 0
        return false;
    // Whole: the budgets hold at least one body of --max-body (holdingWholeBodies).
    m_toReserve = chunked ? limits().maxBodyBytes : m_remaining;
    if (m_state == State::Body && m_remaining == 0) {
        finishRequest();
        return true;
    }
    m_bodyStart = monotonicMs();
    startProgress();
    if (m_request.header("expect").toLower() == "100-continue" && m_nextSeq == m_writeSeq &&
        m_writeQueue.isEmpty())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return true;
}

// The whole body (a chunked one: --max-body) is reserved in the memory budget before a byte
// of it is read, or the connection waits: a body being read never waits for the budget, so
// bodies read in turn cannot share it out between them and all wait for the rest.
bool Connection::reserveBody()
{
    if (m_toReserve == 0)
        return true;
    if (m_paused) // the server grants it in its turn (Server::admitWaiting)
        return false;
    if (!m_server->reserveBody(m_peer, m_toReserve)) {
        m_paused = true;
        m_waitSince = monotonicMs();
        m_server->waitForBudget(this);
        return false;
    }
    m_reserved = std::exchange(m_toReserve, 0);
    return true;
}

// The server reserved the body it waited for: the body clocks (timeout, rate) start now, the
// wait was ours, not the client's. Else a body that waited longer than the body timeout was
// closed at the next sweep after it got the budget.
void Connection::granted()
{
    m_reserved = std::exchange(m_toReserve, 0);
    m_paused = false;
    m_bodyStart = monotonicMs();
    startProgress();
    updateDeadline();
    QMetaObject::invokeMethod(
        this, [this] { onReadable(); }, Qt::QueuedConnection);
}

// Body bytes (of the whole body or of the current chunk), within its reservation.
bool Connection::readBody()
{
    qint64 moved = 0;
    if (!m_in.isEmpty()) {
        const qint64 n = std::min<qint64>(m_in.size(), m_remaining);
        m_request.body += m_in.left(n);
        m_in.remove(0, n);
        m_remaining -= n;
        moved += n;
    }
    const qint64 wanted = std::min({m_socket->bytesAvailable(), m_remaining, kSocketBuffer});
    if (wanted > 0) {
        const QByteArray bytes = take(wanted);
        m_request.body += bytes;
        m_remaining -= bytes.size();
        moved += bytes.size();
    }
    if (m_remaining > 0)
        return moved > 0;
    if (m_state == State::ChunkData)
        m_state = State::ChunkEnd;
    else
        finishRequest();
    return true;
}

// Reads from the socket. Qt stops reading from the kernel once its bounded buffer is full,
// and starts again only from a read that asks for more than it holds: when the buffer is
// drained, a zero-byte read re-arms it.
QByteArray Connection::take(qint64 n)
{
    QByteArray bytes = m_socket->read(n);
    if (!bytes.isEmpty()) {
        m_lastRead = monotonicMs();
        if (m_state != State::Headers)
            countProgress(bytes.size());
    }
    if (m_socket->bytesAvailable() == 0) {
        char none;
        m_socket->read(&none, 0);
    }
    return bytes;
}

// The next line of the chunked framing (at most maxBytes), or nullopt for more input.
std::optional<QByteArray> Connection::takeLine(int maxBytes)
{
    qsizetype end = m_in.indexOf("\r\n");
    while (end < 0 && m_in.size() <= maxBytes && m_socket->bytesAvailable() > 0) {
        m_in += take(maxBytes + 2 - m_in.size());
        end = m_in.indexOf("\r\n");
    }
    if (end < 0) {
        if (m_in.size() > maxBytes)
            fail(400, Rule::BadRequest, HqText::tr("codage chunked invalide"));
        return std::nullopt;
    }
    const QByteArray line = m_in.left(end);
    m_in.remove(0, end + 2);
    return line;
}

bool Connection::readChunkLine()
{
    const auto line = takeLine(kMaxChunkLine);
    if (!line)
        return false;
    if (m_state == State::ChunkEnd) {
        if (!line->isEmpty()) {
            fail(400, Rule::BadRequest, HqText::tr("codage chunked invalide"));
            return false;
        }
        m_state = State::ChunkSize;
        return true;
    }
    const std::optional<qint64> size = chunkSize(*line);
    if (!size) {
        fail(400, Rule::BadRequest, HqText::tr("codage chunked invalide"));
        return false;
    }
    // Counted while streaming: refused as soon as the total passes the limit.
    if (m_request.body.size() + *size > limits().maxBodyBytes) {
        fail(413, Rule::BodyTooLarge,
             HqText::tr("corps de plus de %1 octets").arg(limits().maxBodyBytes));
        return false;
    }
    m_remaining = *size;
    m_state = *size == 0 ? State::Trailers : State::ChunkData;
    m_trailerBytes = 0;
    return true;
}

bool Connection::readTrailers()
{
    const auto line = takeLine(limits().maxHeaderBytes);
    if (!line)
        return false;
    m_trailerBytes += int(line->size()) + 2;
    if (m_trailerBytes > limits().maxHeaderBytes) {
        fail(431, Rule::HeaderTooLarge, HqText::tr("en-têtes trop longs"));
        return false;
    }
    if (line->isEmpty())
        finishRequest();
    return true;
}

void Connection::finishRequest()
{
    // A chunked body reserved --max-body: what it did not use goes back.
    const qint64 unused = m_reserved - m_request.body.size();
    if (unused > 0) {
        m_server->releaseBody(m_peer, unused);
        m_reserved -= unused;
    }
    const quint64 sequence = m_nextSeq++;
    m_stopReading = m_stopReading || sequence == m_closeAfter;
    m_held.insert(sequence, m_reserved);
    m_reserved = 0;
    m_state = State::Headers;
    m_requestStart = monotonicMs();
    Request request = std::move(m_request);
    m_request = Request{};
    if (request.method == "HEAD")
        m_heads.insert(sequence);
    m_server->dispatch(std::move(request), Responder(this, sequence));
}

// An answer the connection gives itself (bad request, too large, ...), then it closes.
void Connection::fail(int status, Rule rule, const QString &message)
{
    if (status == 413 || status == 431)
        ++m_server->m_stats.tooLarge;
    m_stopReading = true;
    m_linger = status == 413 && !qobject_cast<QSslSocket *>(m_socket);
    const quint64 sequence = m_nextSeq++;
    m_closeAfter = sequence;
    m_held.insert(sequence, m_reserved);
    m_reserved = 0;
    m_request.peer = m_peer;
    m_request.startedMs = m_requestStart;
    m_server->refused(m_request, status); // answered here: logged as the handler's answers
    deliver(sequence, Response{status,
                               QByteArrayLiteral("application/json"),
                               refuse(status, rule, message).body(),
                               {}});
}

void Connection::deliver(quint64 sequence, Response response)
{
    if (m_finished || sequence < m_writeSeq || m_ready.contains(sequence))
        return;
    // Answered: its body is gone, whenever the answer may leave.
    m_server->releaseBody(m_peer, m_held.take(sequence));
    if (response.paceMs > 0) {
        // Paced answers of one connection are spaced by paceMs: a client polling in a loop
        // gets what changes (the snapshot, at most once a second), not the server's time.
        const qint64 due = m_lastPaced + response.paceMs, now = monotonicMs();
        response.paceMs = 0;
        if (now < due) {
            m_lastPaced = due;
            QTimer::singleShot(int(due - now), this,
                               [this, sequence, r = std::move(response)]() mutable {
                                   deliver(sequence, std::move(r));
                               });
            return;
        }
        m_lastPaced = now;
    }
    m_ready.insert(sequence, std::move(response));
    flushReady();
}

void Connection::flushReady()
{
    while (!m_ready.isEmpty() && m_ready.firstKey() == m_writeSeq) {
        Response r = m_ready.take(m_writeSeq);
        const bool last = m_writeSeq == m_closeAfter;
        const bool headOnly = m_heads.remove(m_writeSeq); // RFC 9110 §9.3.2: GET's headers
        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason(r.status) +
                          "\r\nContent-Type: " + r.contentType +
                          "\r\nContent-Length: " + QByteArray::number(r.body.size()) +
                          "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
        for (const auto &[name, value] : r.headers)
            head += name + ": " + value + "\r\n";
        head += last ? "Connection: close\r\n\r\n" : "\r\n";
        if (headOnly)
            r.body.clear();
        if (r.body.size() <= kWriteWindow) { // one write, one segment
            m_writeQueue << head + r.body;
        } else {
            m_writeQueue << head;
            m_writeQueue << r.body; // shared, written as the client reads
        }
        m_closeWhenWritten = m_closeWhenWritten || last;
        ++m_writeSeq;
    }
    m_writeProgress = monotonicMs();
    writeMore();
    if (!m_closing && !m_stopReading) // the pipeline has room again
        QMetaObject::invokeMethod(
            this, [this] { onReadable(); }, Qt::QueuedConnection);
}

void Connection::writeMore()
{
    if (m_finished)
        return;
    while (!m_writeQueue.isEmpty() && m_socket->bytesToWrite() < kWriteWindow) {
        const QByteArray &front = m_writeQueue.constFirst();
        const qint64 n = std::min<qint64>(front.size() - m_writeOffset, kWriteWindow);
        m_socket->write(front.constData() + m_writeOffset, n);
        m_writeOffset += n;
        if (m_writeOffset == front.size()) {
            m_writeQueue.removeFirst();
            m_writeOffset = 0;
        }
    }
    if (m_writeQueue.isEmpty() && m_closeWhenWritten && !m_closing)
        closeGracefully();
    if (m_writeQueue.isEmpty())
        m_idleSince = monotonicMs();
    updateDeadline();
}

void Connection::closeGracefully()
{
    m_closing = true;
    m_socket->flush();
    if (m_linger && m_socket->bytesToWrite() == 0) {
        // Half-close: the client reads the 413 instead of a reset, while what it still
        // sends is dropped (bounded in bytes and time).
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        m_deadline = monotonicMs() + kLingerMs;
        onReadable();
        return;
    }
    m_linger = false;
    m_socket->disconnectFromHost();
}

// The moment this connection is closed unless it makes progress (checked by the server's
// sweep: no timer per connection).
void Connection::updateDeadline()
{
    if (m_finished || m_linger)
        return;
    const Limits &l = limits();
    if (!m_writeQueue.isEmpty() || m_socket->bytesToWrite() > 0)
        m_deadline = m_writeProgress + l.writeTimeoutMs;
    else if (m_closing)
        m_deadline = -1;
    else if (m_paused) // a wait for the budget is bounded too (a slot held, not a byte read)
        m_deadline = m_waitSince + l.bodyTimeoutMs;
    else if (m_state != State::Headers)
        m_deadline = m_bodyStart + l.bodyTimeoutMs;
    else if (!m_in.isEmpty() || m_nextSeq == 0)
        m_deadline = m_requestStart + l.headerTimeoutMs;
    else if (m_nextSeq == m_writeSeq)
        m_deadline = m_idleSince + l.idleTimeoutMs;
    else
        m_deadline = -1; // waiting for our own answer
}

void Connection::startProgress()
{
    m_progressSince = m_lastRead = m_windowStart = monotonicMs();
    m_windowBytes = m_lastWindowBytes = 0;
}

void Connection::countProgress(qint64 bytes)
{
    const qint64 windows = (m_lastRead - m_windowStart) / kStallMs;
    if (windows > 0) {
        m_lastWindowBytes = windows == 1 ? m_windowBytes : 0;
        m_windowBytes = 0;
        m_windowStart += windows * kStallMs;
    }
    m_windowBytes += bytes;
}

// The body's bytes in the last complete kStallMs window.
qint64 Connection::recentBytes(qint64 now) const
{
    const qint64 windows = (now - m_windowStart) / kStallMs;
    return windows == 0 ? m_lastWindowBytes : windows == 1 ? m_windowBytes : 0;
}

// In a body (or its chunked framing) for kStallMs, not waiting for the body budget, and no
// byte for kStallMs or fewer than kMinBodyRate a second over the last kStallMs: a client that
// stalls or drips it, maybe after most of it came at once (a station sends its body at once;
// the body timeout is 30 s for all).
bool Connection::stalled(qint64 now) const
{
    return m_state != State::Headers && !m_paused && now - m_progressSince >= kStallMs &&
           (now - m_lastRead >= kStallMs || recentBytes(now) * 1000 < kStallMs * kMinBodyRate);
}

// In a body for kStallMs, and at its rate over the last kStallMs it cannot end before its body
// timeout: closed then anyway, it only holds the budget and a slot until then. 16 bodies of 4 MiB
// dripped at 4 KiB/s (not stalled) held the whole budget, and a station's PV waited 27 s. A
// body streaming fast enough to end in time is never doomed.
bool Connection::doomed(qint64 now) const
{
    if (m_state == State::Headers || m_paused || now - m_progressSince < kStallMs)
        return false;
    const qint64 left = m_bodyStart + limits().bodyTimeoutMs - now;
    return left <= 0 || bytesToCome() * kStallMs > recentBytes(now) * left;
}

// The body bytes still to come. A chunked body's end is unknown: it is judged by what it
// reserved (--max-body), so a chunked body dripped under pressure goes (stations send a
// Content-Length).
qint64 Connection::bytesToCome() const
{
    if (m_state == State::Body)
        return m_remaining;
    return std::max(m_remaining, m_reserved - qint64(m_request.body.size()));
}

void Connection::onDeadline()
{
    if (!m_linger)
        ++m_server->m_stats.timedOut;
    finish();
}

void Connection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline = -1;
    m_socket->disconnect(this);
    m_socket->abort();
    qint64 held = m_reserved;
    for (qint64 h : std::as_const(m_held))
        held += h;
    m_held.clear();
    m_reserved = 0;
    m_server->closed(this); // first: not granted what it gives back
    m_server->releaseBody(m_peer, held);
    deleteLater();
}

// --- Server -------------------------------------------------------------------------------

// The part of the body budget a body of `bytes` may use: all of it for a small body, all but
// the small bodies' share (at most a quarter) for a larger one (Server::budgetFor).
static qint64 budgetOf(const Limits &l, qint64 bytes)
{
    const qint64 share = std::min(l.smallBodyShare, l.bodyBudgetBytes / 4);
    return bytes <= l.smallBodyBytes ? l.bodyBudgetBytes : l.bodyBudgetBytes - share;
}

// A body is reserved whole before it is read: budgets below --max-body grow to hold one such
// body (and the small bodies' share beside it). A body was reserved at most the budget and
// read whole past it: three bodies of 190 MB held 578 MB at once (a review of 2026-12-02).
static Limits holdingWholeBodies(Limits l)
{
    l.bodyBudgetPerAddress = std::max(l.bodyBudgetPerAddress, l.maxBodyBytes);
    if (budgetOf(l, l.maxBodyBytes) < l.maxBodyBytes)
        l.bodyBudgetBytes = l.maxBodyBytes + l.smallBodyShare;
    return l;
}

Server::Server(Limits limits, Handler handler, QObject *parent)
    : QTcpServer(parent), m_limits(holdingWholeBodies(limits)), m_handler(std::move(handler))
{
    // A burst of connections must not overflow the kernel's accept queue (Qt's default is
    // 50: the 51st client would wait a second for its SYN to be sent again).
    setListenBacklogSize(1024);
    // Out of file descriptors: QTcpServer pauses accepting; try again shortly.
    connect(this, &QTcpServer::acceptError, this,
            [this] { QTimer::singleShot(100, this, [this] { resumeAccepting(); }); });
    // Timeouts: one sweep over the connections (no timer per connection).
    auto *sweep = new QTimer(this);
    connect(sweep, &QTimer::timeout, this, [this] {
        const qint64 now = monotonicMs();
        const auto all = m_connections;
        for (Connection *c : all)
            c->checkDeadline(now);
        freeBudget(now);
    });
    sweep->start(kSweepMs);
}

bool Server::writing() const
{
    return std::any_of(m_connections.begin(), m_connections.end(),
                       [](const Connection *c) { return c->writing(); });
}

Server::~Server()
{
    const auto all = m_connections;
    for (Connection *c : all)
        c->abort();
}

void Server::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
}

void Server::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = normalized(socket->peerAddress());
    const bool full = m_perAddress.value(peer) >= m_limits.maxConnectionsPerAddress ||
                      (int(m_connections.size()) >= m_limits.maxConnections && !makeRoom());
    if (full) {
        ++m_stats.refused;
        socket->abort();
        delete socket;
        return;
    }
    ++m_stats.accepted;
    ++m_perAddress[peer];
    m_connections.append(new Connection(this, socket, peer));
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        ssl->setSslConfiguration(*m_tls);
        ssl->startServerEncryption();
    }
}

// At the total cap: of the connections idle, reading their headers, waiting for the body
// budget, or stalled or doomed in a body, the one waiting for the longest goes. 1,024 bodies
// waiting for the budget held every slot (none was evictable) until the bodies holding it timed
// out.
bool Server::makeRoom()
{
    const qint64 now = monotonicMs();
    Connection *oldest = nullptr;
    for (Connection *c : std::as_const(m_connections))
        if (c->evictable(now) && (!oldest || c->waitingSince() < oldest->waitingSince()))
            oldest = c;
    if (!oldest)
        return false;
    ++m_stats.evicted;
    oldest->abort();
    return true;
}

// A body waits for the budget: of the stalled or doomed bodies holding some, the one waiting
// for the longest goes (its release admits the waiting ones), as at the total cap. Else a
// client sending most of a body then a byte now and then held the budget for the body timeout.
void Server::freeBudget(qint64 now)
{
    if (m_waiting.isEmpty())
        return;
    Connection *oldest = nullptr;
    for (Connection *c : std::as_const(m_connections))
        if (c->holdsStalledBody(now) && (!oldest || c->waitingSince() < oldest->waitingSince()))
            oldest = c;
    if (!oldest)
        return;
    ++m_stats.evicted;
    oldest->abort();
}

void Server::closed(Connection *c)
{
    m_connections.removeOne(c);
    m_waiting.removeOne(c);
    if (--m_perAddress[c->peer()] <= 0)
        m_perAddress.remove(c->peer());
}

bool Server::reserveBody(const QHostAddress &peer, qint64 bytes)
{
    const qint64 mine = m_bodyPerAddress.value(peer);
    if (m_bodyBytes + bytes > budgetFor(bytes) || mine + bytes > m_limits.bodyBudgetPerAddress)
        return false;
    m_bodyBytes += bytes;
    m_bodyPerAddress[peer] = mine + bytes;
    return true;
}

void Server::releaseBody(const QHostAddress &peer, qint64 bytes)
{
    if (bytes <= 0)
        return;
    m_bodyBytes -= bytes;
    if ((m_bodyPerAddress[peer] -= bytes) <= 0)
        m_bodyPerAddress.remove(peer);
    admitWaiting();
}

// What of the budget a body may use: all of it when small, all but the small bodies' share
// otherwise. A station's PV or contacts batch (a few KB; 256 KiB is a PV with much ink) does
// not wait behind bodies of megabytes. To hold that share an attacker must keep sending real
// bytes: a body in it that cannot end before its body timeout at its rate of the last 2 s is
// doomed and closed as soon as a body waits, so holding the 4 MiB share costs about 4 MiB per
// 30 s, in bodies of at most 256 KiB (16 connections or more), per-address caps applying.
qint64 Server::budgetFor(qint64 bytes) const
{
    return budgetOf(m_limits, bytes);
}

// Kept smallest first (the oldest first among equals).
void Server::waitForBudget(Connection *c)
{
    const auto at = std::upper_bound(
        m_waiting.begin(), m_waiting.end(), c->bytesWanted(),
        [](qint64 bytes, const Connection *w) { return bytes < w->bytesWanted(); });
    m_waiting.insert(at, c);
}

// Budget came back: the waiting bodies get it smallest first, each that fits. Before, they
// were woken in the order they came and the first to fit took it: a station's PV of a few KB
// waited behind every body of megabytes that came before it.
void Server::admitWaiting()
{
    for (qsizetype i = 0; i < m_waiting.size();) {
        Connection *c = m_waiting.at(i);
        if (!reserveBody(c->peer(), c->bytesWanted())) {
            ++i;
            continue;
        }
        m_waiting.removeAt(i);
        c->granted();
    }
}

} // namespace plume::hq::http
