#include "closing/exports.h"

#include "forms/formspec.h"
#include "sync/crypto.h"
#include "sync/outbox.h"
#include "sync/seal.h"

#include <QFile>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSaveFile>

#include <qrencode.h>

#include <memory>

namespace plume::closing {
namespace {

bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QVector<ink::Stroke> toMm(const forms::FormSpec &form, const QVector<ink::Stroke> &strokes)
{
    QVector<ink::Stroke> out;
    out.reserve(strokes.size());
    for (ink::Stroke s : strokes) {
        for (ink::Dot &d : s.dots) {
            const QPointF p = form.toMm(d.x, d.y);
            d.x = p.x();
            d.y = p.y();
        }
        out.append(s);
    }
    return out;
}

// The field whose (slightly enlarged) area holds most of the stroke's dots.
QString fieldOf(const forms::FormSpec &form, const ink::Stroke &mm)
{
    QString best;
    int bestCount = 0;
    for (const forms::FieldSpec &f : form.fields) {
        const QRectF area = f.area().adjusted(-2, -2, 2, 2);
        int n = 0;
        for (const ink::Dot &d : mm.dots)
            if (area.contains(QPointF(d.x, d.y)))
                ++n;
        if (n > bestCount) {
            bestCount = n;
            best = f.name;
        }
    }
    return best;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return failWith(error, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    if (f.write(bytes) != bytes.size() || !f.commit())
        return failWith(error, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return true;
}

QString sourceFr(const QString &source)
{
    if (source == QLatin1String("confirmed"))
        return QStringLiteral("confirmé");
    if (source == QLatin1String("corrected"))
        return QStringLiteral("corrigé");
    if (source == QLatin1String("typed"))
        return QStringLiteral("saisi");
    return QStringLiteral("non décidé");
}

} // namespace

std::optional<Format> formatFromString(const QString &s)
{
    if (s == QLatin1String("pdf"))
        return Format::Pdf;
    if (s == QLatin1String("csv"))
        return Format::Csv;
    if (s == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

PvReport buildPvReport(const store::Store &store)
{
    PvReport r;
    r.election = store.election();
    QString formError;
    const auto form = forms::loadForm(QStringLiteral("pv"), r.election, &formError);
    if (!form)
        throw store::StoreError(QStringLiteral("the PV form cannot be loaded: ") + formError);

    // Ink of the PV routed to its fields (page millimetres).
    QVector<ink::Stroke> strokes;
    for (const store::StoredStroke &s : store.strokes(store::kPvSheetId))
        strokes.append(s.stroke);
    QHash<QString, QVector<ink::Stroke>> inkByField;
    for (const ink::Stroke &mm : toMm(*form, strokes))
        if (const QString f = fieldOf(*form, mm); !f.isEmpty())
            inkByField[f].append(mm);

    QStringList order = forms::pvCountFields(r.election);
    for (const forms::FieldSpec &f : form->fields)
        if (f.boxes > 0 && !order.contains(f.name))
            order.prepend(f.name); // code_bureau before the counts
    QHash<QString, QString> values;
    for (const QString &name : std::as_const(order)) {
        const forms::FieldSpec *spec = form->field(name);
        PvLine line;
        line.field = name;
        line.label = spec ? spec->label : name;
        line.areaMm = spec ? spec->area() : QRectF();
        line.ink = inkByField.value(name);
        if (const auto d = store.latestDecision(store::kPvSheetId, name)) {
            line.value = d->value;
            line.source = store::toString(d->source);
            line.previousValue =
                d->source == store::DecisionSource::Corrected ? d->previousValue : QString();
            line.official = d->official;
            line.decidedAt = d->decidedAt.toUTC().toString(Qt::ISODate);
            values.insert(name, d->value);
        }
        r.lines.append(line);
    }
    r.failures = forms::checkPv(values, r.election);
    if (const auto rem = store.latestDecision(store::kPvSheetId, QStringLiteral("remarques")))
        r.remarks = rem->value;
    r.officials = r.election.officials;

    const QVector<sync::Submission> versions = sync::sealedPvVersions(store);
    if (!versions.isEmpty()) {
        const sync::Submission &s = versions.last();
        r.sealed = true;
        r.version = s.version;
        r.uuid = s.uuid;
        r.sha256 = s.sha256;
        r.signature = s.signature;
        r.sealedAt = s.payload.value(QStringLiteral("sealed_at")).toString();
        r.correctionReason = s.payload.value(QStringLiteral("correction_reason")).toString();
        QStringList officials;
        for (const QJsonValue &o : s.payload.value(QStringLiteral("officials")).toArray())
            officials << o.toString();
        if (!officials.isEmpty())
            r.officials = officials;
        // The sealed document is authoritative for the checks it recorded.
        r.remarks = s.payload.value(QStringLiteral("remarques")).toString();
    }
    r.publicKeyBase64 = sync::stationPublicKeyBase64(store);
    return r;
}

QString qrText(const PvReport &report)
{
    return QStringLiteral("plume:pv;station=%1;v=%2;sha256=%3")
        .arg(report.election.stationCode)
        .arg(report.version)
        .arg(report.sealed ? report.sha256 : QStringLiteral("non-scelle"));
}

// ---------------------------------------------------------------------------------------
// CSV: UTF-8 with BOM, ';' separators, CRLF, every field quoted when it holds ; " or a
// line break (docs/exports.md).

namespace {

// Spreadsheet formula injection ("CSV injection"): a cell whose first character, or first
// after spaces, is = + - @ (or that starts with a tab or CR) would be read as a formula.
bool looksLikeFormula(const QString &s)
{
    if (s.startsWith(QLatin1Char('\t')) || s.startsWith(QLatin1Char('\r')))
        return true;
    for (const QChar c : s) {
        if (c != QLatin1Char(' '))
            return QStringLiteral("=+-@").contains(c);
    }
    return false;
}

QString csvField(const QString &raw)
{
    // A leading apostrophe makes spreadsheets show the cell as text; it is then quoted.
    const bool formula = looksLikeFormula(raw);
    const QString s = formula ? QLatin1Char('\'') + raw : raw;
    if (formula || s.contains(QLatin1Char(';')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n')) || s.contains(QLatin1Char('\r')) ||
        s.startsWith(QLatin1Char(' ')) || s.endsWith(QLatin1Char(' '))) {
        QString q = s;
        q.replace(QLatin1String("\""), QLatin1String("\"\""));
        return QLatin1Char('"') + q + QLatin1Char('"');
    }
    return s;
}

QString csvRow(const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields)
        out << csvField(f);
    return out.join(QLatin1Char(';')) + QStringLiteral("\r\n");
}

} // namespace

QByteArray pvCsv(const PvReport &r)
{
    QString text;
    text += csvRow({QStringLiteral("rubrique"), QStringLiteral("champ"), QStringLiteral("libellé"),
                    QStringLiteral("valeur"), QStringLiteral("origine"),
                    QStringLiteral("valeur_remplacée"), QStringLiteral("décidé_par"),
                    QStringLiteral("décidé_le")});
    const auto info = [&](const QString &key, const QString &label, const QString &value) {
        text += csvRow({QStringLiteral("bureau"), key, label, value, {}, {}, {}, {}});
    };
    info(QStringLiteral("code"), QStringLiteral("Code du bureau"), r.election.stationCode);
    info(QStringLiteral("nom"), QStringLiteral("Bureau"), r.election.stationName);
    info(QStringLiteral("commune"), QStringLiteral("Commune"), r.election.commune);
    info(QStringLiteral("election"), QStringLiteral("Élection"), r.election.electionName);
    info(QStringLiteral("election_id"), QStringLiteral("Identifiant de l'élection"),
         r.election.electionId);
    info(QStringLiteral("tour"), QStringLiteral("Tour"), QString::number(r.election.round));
    info(QStringLiteral("date"), QStringLiteral("Date"), r.election.date);
    for (const PvLine &l : r.lines) {
        const QString section = l.field.startsWith(QLatin1String("voix."))
                                    ? QStringLiteral("voix")
                                    : QStringLiteral("compte");
        text += csvRow({section, l.field, l.label, l.value, l.source, l.previousValue, l.official,
                        l.decidedAt});
    }
    for (const forms::RuleFailure &f : r.failures)
        text += csvRow({QStringLiteral("contrôle"),
                        forms::ruleId(f.rule),
                        forms::kindLabel(f.kind()),
                        f.explanation,
                        {},
                        {},
                        {},
                        {}});
    if (r.failures.isEmpty())
        text += csvRow({QStringLiteral("contrôle"),
                        QStringLiteral("tous"),
                        QStringLiteral("Vérifications arithmétiques"),
                        QStringLiteral("ok"),
                        {},
                        {},
                        {},
                        {}});
    text += csvRow({QStringLiteral("observations"),
                    QStringLiteral("remarques"),
                    QStringLiteral("Observations et réclamations"),
                    r.remarks,
                    {},
                    {},
                    {},
                    {}});
    for (int i = 0; i < r.officials.size(); ++i)
        text += csvRow({QStringLiteral("membres"),
                        QStringLiteral("membre%1").arg(i + 1),
                        QStringLiteral("Membre du bureau"),
                        r.officials[i],
                        {},
                        {},
                        {},
                        {}});
    const auto seal = [&](const QString &key, const QString &label, const QString &value) {
        text += csvRow({QStringLiteral("scellé"), key, label, value, {}, {}, {}, {}});
    };
    seal(QStringLiteral("etat"), QStringLiteral("État"),
         r.sealed ? QStringLiteral("scellé") : QStringLiteral("projet non scellé"));
    if (r.sealed) {
        seal(QStringLiteral("version"), QStringLiteral("Version"), QString::number(r.version));
        seal(QStringLiteral("uuid"), QStringLiteral("Identifiant"), r.uuid);
        seal(QStringLiteral("sha256"), QStringLiteral("Empreinte SHA-256"), r.sha256);
        seal(QStringLiteral("signature"), QStringLiteral("Signature Ed25519 (base64)"),
             r.signature);
        seal(QStringLiteral("scelle_le"), QStringLiteral("Scellé le"), r.sealedAt);
        if (!r.correctionReason.isEmpty())
            seal(QStringLiteral("motif_correction"), QStringLiteral("Motif de la nouvelle version"),
                 r.correctionReason);
    }
    seal(QStringLiteral("cle_publique"), QStringLiteral("Clé publique du bureau"),
         r.publicKeyBase64);
    return QByteArray("\xEF\xBB\xBF") + text.toUtf8();
}

// ---------------------------------------------------------------------------------------
// JSON: the signed document of the latest sealed version.

std::optional<QByteArray> pvJson(const store::Store &store, QString *error)
{
    const QVector<sync::Submission> versions = sync::sealedPvVersions(store);
    if (versions.isEmpty()) {
        failWith(error,
                 QStringLiteral("the PV is not sealed yet: close it first (plumectl close)"));
        return std::nullopt;
    }
    const auto keys = sync::stationKeys(store);
    if (!keys) {
        failWith(error, QStringLiteral("this station has no signing key"));
        return std::nullopt;
    }
    const QByteArray doc = sync::sealedDocumentJson(versions.last(), keys->publicKey);
    QString why;
    if (!sync::verifySealedDocument(doc, keys->publicKey, &why)) {
        failWith(error, QStringLiteral("the stored sealed PV does not verify: ") + why);
        return std::nullopt;
    }
    return doc;
}

bool verifyPvJson(const QByteArray &document, const QString &publicKeyBase64, QString *why)
{
    QByteArray key;
    if (!publicKeyBase64.trimmed().isEmpty()) {
        const auto k = sync::decodeBase64Strict(publicKeyBase64.trimmed().toLatin1());
        if (!k || k->size() != 32)
            return failWith(why, QStringLiteral("the public key is not base64 of 32 bytes"));
        key = *k;
        // The document names its signer: it must be the key given (so that any changed
        // byte of the document, public_key included, fails).
        const QJsonObject o = QJsonDocument::fromJson(document).object();
        if (o.value(QStringLiteral("public_key")).toString().toLatin1() != key.toBase64())
            return failWith(why, QStringLiteral("the document's public_key is not the key given"));
    }
    return sync::verifySealedDocument(document, key, why);
}

// ---------------------------------------------------------------------------------------
// PDF

namespace {

constexpr double kMarginMm = 15;

class MmPainter
{
public:
    MmPainter(QPainter &p, double dotsPerMm) : m_p(p), m_k(dotsPerMm) {}
    double k() const { return m_k; }
    QRectF r(double x, double y, double w, double h) const
    {
        return QRectF(x * m_k, y * m_k, w * m_k, h * m_k);
    }
    void text(double x, double y, double w, double h, const QString &s,
              int flags = Qt::AlignLeft | Qt::AlignVCenter)
    {
        m_p.drawText(r(x, y, w, h), flags, s);
    }
    void line(double x1, double y1, double x2, double y2)
    {
        m_p.drawLine(QPointF(x1 * m_k, y1 * m_k), QPointF(x2 * m_k, y2 * m_k));
    }
    void font(double pt, bool bold = false, bool mono = false)
    {
        QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
        f.setPointSizeF(pt);
        f.setBold(bold);
        m_p.setFont(f);
    }
    QPainter &p() { return m_p; }

private:
    QPainter &m_p;
    double m_k;
};

// Draws the handwriting of a field scaled into cell (mm), keeping its aspect ratio.
void drawInk(MmPainter &mp, const PvLine &line, const QRectF &cellMm)
{
    mp.p().save();
    mp.p().setPen(
        QPen(QColor(0x20, 0x3a, 0x8c), 0.35 * mp.k(), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    mp.p().setBrush(Qt::NoBrush);
    mp.p().drawRect(mp.r(cellMm.x(), cellMm.y(), cellMm.width(), cellMm.height()));
    if (line.ink.isEmpty()) {
        mp.p().setPen(Qt::gray);
        mp.font(6.5);
        mp.text(cellMm.x(), cellMm.y(), cellMm.width(), cellMm.height(),
                QStringLiteral("(pas d'encre)"), Qt::AlignCenter);
        mp.p().restore();
        return;
    }
    QRectF src = line.areaMm;
    for (const ink::Stroke &s : line.ink)
        src = src.united(s.bounds());
    const QRectF dst = cellMm.adjusted(0.8, 0.8, -0.8, -0.8);
    const double scale = std::min(dst.width() / src.width(), dst.height() / src.height());
    const double ox = dst.x() + (dst.width() - src.width() * scale) / 2;
    const double oy = dst.y() + (dst.height() - src.height() * scale) / 2;
    for (const ink::Stroke &s : line.ink) {
        QPainterPath path;
        for (int i = 0; i < s.dots.size(); ++i) {
            const QPointF p((ox + (s.dots[i].x - src.x()) * scale) * mp.k(),
                            (oy + (s.dots[i].y - src.y()) * scale) * mp.k());
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        if (s.dots.size() == 1)
            path.lineTo(path.currentPosition() + QPointF(0.1, 0.1));
        mp.p().drawPath(path);
    }
    mp.p().restore();
}

bool drawQr(MmPainter &mp, const QString &text, double x, double y, double sizeMm)
{
    const QByteArray data = text.toUtf8();
    QRcode *code = QRcode_encodeString(data.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return false;
    const int n = code->width;
    const double cell = sizeMm / (n + 8); // 4-module quiet zone each side
    mp.p().save();
    mp.p().setPen(Qt::NoPen);
    mp.p().setBrush(Qt::white);
    mp.p().drawRect(mp.r(x, y, sizeMm, sizeMm));
    mp.p().setBrush(Qt::black);
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col)
            if (code->data[row * n + col] & 1)
                mp.p().drawRect(
                    mp.r(x + (col + 4) * cell, y + (row + 4) * cell, cell * 1.02, cell * 1.02));
    mp.p().restore();
    QRcode_free(code);
    return true;
}

} // namespace

bool writePvPdf(const PvReport &r, const QString &path, QString *error)
{
    const QString tmp = path + QStringLiteral(".part");
    QFile::remove(tmp);
    {
        QPdfWriter writer(tmp);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setResolution(300);
        writer.setTitle(QStringLiteral("Procès-verbal - bureau %1").arg(r.election.stationCode));
        writer.setCreator(QStringLiteral("Plume " PLUME_VERSION));
        QPainter painter;
        if (!painter.begin(&writer))
            return failWith(error, QStringLiteral("cannot write the PDF %1").arg(path));
        painter.setRenderHint(QPainter::Antialiasing);
        MmPainter mp(painter, 300.0 / 25.4);
        const double W = 210 - 2 * kMarginMm;
        const double x0 = kMarginMm;
        double y = kMarginMm;

        mp.font(15, true);
        mp.text(x0, y, W, 8, QStringLiteral("Procès-verbal des opérations de vote"),
                Qt::AlignHCenter | Qt::AlignVCenter);
        y += 9;
        mp.font(10);
        mp.text(x0, y, W, 5,
                QStringLiteral("%1 - tour %2 - %3")
                    .arg(r.election.electionName)
                    .arg(r.election.round)
                    .arg(r.election.date),
                Qt::AlignHCenter | Qt::AlignVCenter);
        y += 6;
        mp.font(10, true);
        mp.text(x0, y, W, 5,
                QStringLiteral("Bureau %1 - %2 - %3")
                    .arg(r.election.stationCode, r.election.stationName, r.election.commune),
                Qt::AlignHCenter | Qt::AlignVCenter);
        y += 7;
        if (!r.sealed) {
            painter.setPen(QColor(0xb0, 0, 0));
            mp.font(11, true);
            mp.text(x0, y, W, 6,
                    QStringLiteral("PROJET - NON SCELLÉ : ce document n'a pas valeur de PV"),
                    Qt::AlignHCenter | Qt::AlignVCenter);
            painter.setPen(Qt::black);
            y += 7;
        } else if (r.version > 1) {
            painter.setPen(QColor(0xb0, 0, 0));
            mp.font(9.5, true);
            mp.text(x0, y, W, 5,
                    QStringLiteral("Version %1 (corrige la version précédente) - motif : %2")
                        .arg(r.version)
                        .arg(r.correctionReason),
                    Qt::AlignHCenter | Qt::AlignVCenter);
            painter.setPen(Qt::black);
            y += 6;
        }

        // Table header
        const double cLabel = 62, cInk = 52, cValue = 22;
        const double cSource = W - cLabel - cInk - cValue;
        const double rowH = 9.5;
        painter.setPen(QPen(Qt::black, 0.2 * mp.k()));
        mp.font(8, true);
        painter.fillRect(mp.r(x0, y, W, 6), QColor(0xe8, 0xe8, 0xe8));
        mp.text(x0 + 1, y, cLabel, 6, QStringLiteral("Rubrique"));
        mp.text(x0 + cLabel + 1, y, cInk, 6, QStringLiteral("Écriture manuscrite"));
        mp.text(x0 + cLabel + cInk, y, cValue - 1, 6, QStringLiteral("Valeur"),
                Qt::AlignRight | Qt::AlignVCenter);
        mp.text(x0 + cLabel + cInk + cValue + 2, y, cSource, 6, QStringLiteral("Décision"));
        y += 6;
        for (const PvLine &l : r.lines) {
            const bool corrected = l.source == QLatin1String("corrected");
            if (corrected)
                painter.fillRect(mp.r(x0, y, W, rowH), QColor(0xff, 0xf1, 0xc6));
            painter.setPen(QPen(Qt::black, 0.2 * mp.k()));
            mp.line(x0, y + rowH, x0 + W, y + rowH);
            mp.font(8.5);
            mp.text(x0 + 1, y, cLabel - 1, rowH, l.label, Qt::AlignLeft | Qt::AlignVCenter);
            drawInk(mp, l, QRectF(x0 + cLabel, y + 0.7, cInk - 2, rowH - 1.4));
            painter.setPen(Qt::black);
            mp.font(l.value.size() > 6 ? 7.5 : 11, true);
            mp.text(x0 + cLabel + cInk, y, cValue - 1, rowH,
                    l.value.isEmpty() ? QStringLiteral("-") : l.value,
                    Qt::AlignRight | Qt::AlignVCenter);
            mp.font(7);
            QString decision = sourceFr(l.source);
            if (corrected)
                decision =
                    QStringLiteral("CORRIGÉ (lu : %1)")
                        .arg(l.previousValue.isEmpty() ? QStringLiteral("vide") : l.previousValue);
            if (!l.official.isEmpty())
                decision += QStringLiteral("\npar ") + l.official;
            if (corrected)
                painter.setPen(QColor(0xb0, 0, 0));
            mp.text(x0 + cLabel + cInk + cValue + 2, y, cSource - 2, rowH, decision,
                    Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap);
            painter.setPen(Qt::black);
            y += rowH;
        }
        y += 3;

        // Checks
        mp.font(9.5, true);
        mp.text(x0, y, W, 5, QStringLiteral("Contrôles arithmétiques"));
        y += 5.5;
        mp.font(8);
        if (r.failures.isEmpty()) {
            painter.setPen(QColor(0, 0x70, 0));
            mp.text(
                x0 + 2, y, W, 4.5,
                QStringLiteral("✓ votants ≤ inscrits ; exprimés = enveloppes − blancs − nuls ; "
                               "Σ voix = exprimés : toutes les vérifications sont satisfaites"));
            y += 5;
        }
        for (const forms::RuleFailure &f : r.failures) {
            painter.setPen(f.isImpossible() ? QColor(0xb0, 0, 0) : QColor(0x90, 0x60, 0));
            mp.text(x0 + 2, y, W - 2, 4.5,
                    (f.isImpossible() ? QStringLiteral("✗ ") : QStringLiteral("! ")) +
                        f.explanation);
            y += 5;
        }
        painter.setPen(Qt::black);
        y += 1;
        mp.font(9.5, true);
        mp.text(x0, y, W, 5, QStringLiteral("Observations et réclamations"));
        y += 5.5;
        mp.font(8);
        const QString remarks = r.remarks.isEmpty() ? QStringLiteral("Néant") : r.remarks;
        const QRectF remRect = mp.r(x0 + 2, y, W - 4, 14);
        QRectF used;
        painter.drawText(remRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, remarks, &used);
        y += std::max(5.0, std::min(14.0, used.height() / mp.k())) + 2;

        // Officials and signatures
        mp.font(9.5, true);
        mp.text(x0, y, W, 5, QStringLiteral("Membres du bureau (nom et signature)"));
        y += 6;
        const int n = std::max<int>(1, int(r.officials.size()));
        const double cw = W / std::min(n, 3);
        mp.font(8);
        for (int i = 0; i < n; ++i) {
            const double cx = x0 + (i % 3) * cw;
            const double cy = y + (i / 3) * 16;
            mp.text(cx, cy, cw - 3, 4.5, r.officials.value(i));
            painter.setPen(QPen(Qt::gray, 0.2 * mp.k(), Qt::DashLine));
            mp.line(cx, cy + 14, cx + cw - 5, cy + 14);
            painter.setPen(Qt::black);
        }
        y += ((n + 2) / 3) * 16 + 2;

        // Seal and QR code, at the bottom of the page.
        const double qrSize = 34;
        const double sealY = std::max(y, 297 - kMarginMm - qrSize);
        if (!drawQr(mp, qrText(r), x0 + W - qrSize, sealY, qrSize))
            return failWith(error, QStringLiteral("cannot encode the QR code"));
        mp.font(9.5, true);
        mp.text(x0, sealY, W - qrSize - 3, 5,
                r.sealed ? QStringLiteral("Sceau électronique (version %1)").arg(r.version)
                         : QStringLiteral("Sceau électronique : aucun (projet)"));
        mp.font(7.5, false, true);
        double sy = sealY + 6;
        if (r.sealed) {
            mp.text(x0, sy, W - qrSize - 3, 4, QStringLiteral("SHA-256 : ") + r.sha256.left(32));
            sy += 4;
            mp.text(x0, sy, W - qrSize - 3, 4, QStringLiteral("          ") + r.sha256.mid(32));
            sy += 4.5;
            mp.text(x0, sy, W - qrSize - 3, 4, QStringLiteral("Identifiant : ") + r.uuid);
            sy += 4.5;
            mp.text(x0, sy, W - qrSize - 3, 4, QStringLiteral("Scellé le : ") + r.sealedAt);
            sy += 4.5;
        }
        mp.text(x0, sy, W - qrSize - 3, 4,
                QStringLiteral("Clé publique du bureau : ") + r.publicKeyBase64);
        sy += 5;
        mp.font(6.5);
        mp.text(x0, sy, W - qrSize - 3, 8,
                QStringLiteral("Le QR code porte le code du bureau et l'empreinte du PV scellé ; "
                               "le document JSON signé se vérifie avec « plumectl verify »."),
                Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap);
        painter.end();
    }
    QFile::remove(path);
    if (!QFile::rename(tmp, path))
        return failWith(error, QStringLiteral("cannot write %1").arg(path));
    return true;
}

bool exportPv(const store::Store &store, Format format, const QString &path, QString *error)
{
    if (path.isEmpty())
        return failWith(error, QStringLiteral("no output file given"));
    try {
        switch (format) {
        case Format::Json: {
            const auto doc = pvJson(store, error);
            return doc && writeFile(path, *doc, error);
        }
        case Format::Csv:
            return writeFile(path, pvCsv(buildPvReport(store)), error);
        case Format::Pdf:
            return writePvPdf(buildPvReport(store), path, error);
        }
    } catch (const store::StoreError &e) {
        return failWith(error, e.message());
    }
    return failWith(error, QStringLiteral("unknown export format"));
}

} // namespace plume::closing
