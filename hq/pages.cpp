// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/pages.h"

#include "hq/text.h"
#include "hq/validate.h"

#include <QJsonArray>

#include <algorithm>
#include <climits>

namespace plume::hq {
namespace {

// Invisible characters (a bidirectional override turned a reason around on the page, a
// zero-width space hides a difference) are shown as what they are: \u202E.
bool invisible(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Format:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    case QChar::Other_Control:
        return c != U'\n' && c != U'\t';
    default:
        return false;
    }
}

QString esc(const QString &s)
{
    QString shown;
    for (const char32_t c : s.toUcs4())
        shown +=
            invisible(c)
                ? QStringLiteral("\\u") +
                      QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0'))
                : QString::fromUcs4(&c, 1);
    return shown.toHtmlEscaped();
}

QString head(const QString &title, bool refresh)
{
    return QStringLiteral("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">") +
           (refresh ? QStringLiteral("<meta http-equiv=\"refresh\" content=\"30\">") : QString()) +
           QStringLiteral("<title>%1</title><style>"
                          "body{font-family:sans-serif;margin:2em;max-width:64em}"
                          "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                          "padding:.3em .6em;text-align:right}th:first-child,td:first-child"
                          "{text-align:left}.flag{color:#a00}.bar{fill:#2a6ebb}"
                          "polyline{fill:none;stroke:#123;stroke-width:25;stroke-linecap:round;"
                          "stroke-linejoin:round}polyline.late{stroke:#c00;stroke-width:40}"
                          ".late-label{color:#c00;font-weight:bold}</style></head><body>")
               .arg(esc(title));
}

QStringList countLabels()
{
    return {HqText::tr("Inscrits"), HqText::tr("Votants"), HqText::tr("Enveloppes"),
            HqText::tr("Blancs"),   HqText::tr("Nuls"),    HqText::tr("Exprimés")};
}

QString totalsTable(const Results &r)
{
    QString html = QStringLiteral("<h2>%1</h2><table>").arg(HqText::tr("Totaux"));
    const QStringList labels = countLabels();
    for (qsizetype i = 0; i < labels.size(); ++i)
        html += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>")
                    .arg(labels[i])
                    .arg(r.totals[size_t(i)]);
    return html + QStringLiteral("</table>");
}

QString barChart(const Results &r)
{
    const qint64 exprimes = std::max<qint64>(1, r.totals[5]);
    qint64 maxVoix = 1;
    for (qint64 v : r.voix)
        maxVoix = std::max(maxVoix, v);
    const int barH = 28;
    QString html = QStringLiteral("<h2>%1</h2><svg xmlns=\"http://www.w3.org/2000/svg\" "
                                  "width=\"640\" height=\"%2\" role=\"img\" aria-label=\"%1\">")
                       .arg(HqText::tr("Voix par candidat"))
                       .arg(int(r.voix.size()) * barH + 10);
    for (qsizetype i = 0; i < r.voix.size(); ++i) {
        const int y = 5 + int(i) * barH;
        const qint64 v = r.voix[i];
        const int w = int(380.0 * double(v) / double(maxVoix));
        html += QStringLiteral("<text x=\"0\" y=\"%1\" font-size=\"13\">%2</text>"
                               "<rect class=\"bar\" x=\"170\" y=\"%3\" width=\"%4\" height=\"%5\"/>"
                               "<text x=\"%6\" y=\"%1\" font-size=\"13\">%7 (%8 %)</text>")
                    // One pass: a "%3" in a candidate's name stays as written.
                    .arg(QString::number(y + 17), esc(r.election->candidates[i].name),
                         QString::number(y + 3), QString::number(w), QString::number(barH - 8),
                         QString::number(176 + w), QString::number(v),
                         QString::number(100.0 * double(v) / double(exprimes), 'f', 1));
    }
    return html + QStringLiteral("</svg>");
}

QString flaggedTable(const Results &r, bool operatorView)
{
    QString rows;
    int n = 0;
    for (const StationResult &s : r.flagged) {
        ++n;
        QString why = esc(s.explained.join(QStringLiteral(", ")));
        if (s.lateInk)
            why += QStringLiteral(" <span class=\"late-label\">%1</span>")
                       .arg(HqText::tr("encre tardive"));
        rows += QStringLiteral("<tr class=\"flag\"><td>%1</td><td>%2</td><td>%3</td>%4</tr>")
                    .arg(esc(s.code))
                    .arg(s.version)
                    .arg(why, operatorView ? QStringLiteral("<td>%1</td>").arg(esc(s.remarques))
                                           : QString());
    }
    QString html = QStringLiteral("<h2>%1 (%2)</h2>").arg(HqText::tr("Bureaux signalés")).arg(n);
    if (n == 0)
        return html;
    return html + QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th>%4</tr>%5</table>")
                      .arg(HqText::tr("Bureau"), HqText::tr("Version"), HqText::tr("Règles"),
                           operatorView
                               ? QStringLiteral("<th>%1</th>").arg(HqText::tr("Observations"))
                               : QString(),
                           rows);
}

QString correctionsTable(const Results &r, bool operatorView)
{
    QString html = QStringLiteral("<h2>%1 (%2)</h2>")
                       .arg(HqText::tr("Corrections tardives"))
                       .arg(r.corrections.size());
    if (r.corrections.isEmpty())
        return html;
    html +=
        QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th>%4</tr>")
            .arg(HqText::tr("Bureau"), HqText::tr("Version"), HqText::tr("Reçue"),
                 operatorView ? QStringLiteral("<th>%1</th>").arg(HqText::tr("Motif")) : QString());
    for (const Correction &c : r.corrections)
        html +=
            QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td>%4</tr>")
                .arg(esc(c.station))
                .arg(c.version)
                .arg(esc(c.receivedAt),
                     operatorView ? QStringLiteral("<td>%1</td>").arg(esc(c.reason)) : QString());
    return html + QStringLiteral("</table>");
}

// The PVs the operator withdrew: all, or one station's (its page).
QString withdrawalsTable(const Results &r, bool operatorView, const QString &station = {})
{
    QVector<const Withdrawal *> shown;
    for (const Withdrawal &w : r.withdrawals)
        if (station.isEmpty() || w.station == station)
            shown << &w;
    QString html = QStringLiteral("<h2>%1 (%2)</h2>")
                       .arg(HqText::tr("PV retirés des résultats par le siège"))
                       .arg(shown.size());
    if (shown.isEmpty())
        return html;
    html +=
        QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th>%4</tr>")
            .arg(HqText::tr("Bureau"), HqText::tr("Versions"), HqText::tr("Retiré"),
                 operatorView ? QStringLiteral("<th>%1</th>").arg(HqText::tr("Motif")) : QString());
    for (const Withdrawal *w : std::as_const(shown))
        html +=
            QStringLiteral("<tr class=\"flag\"><td>%1</td><td>%2</td><td>%3</td>%4</tr>")
                .arg(esc(w->station))
                .arg(w->versions)
                .arg(esc(w->at),
                     operatorView ? QStringLiteral("<td>%1</td>").arg(esc(w->reason)) : QString());
    return html + QStringLiteral("</table>");
}

QString keyEventsTable(const Results &r)
{
    QString html = QStringLiteral("<h2>%1 (%2)</h2>")
                       .arg(HqText::tr("Clés de bureau remplacées ou révoquées"))
                       .arg(r.keyEvents.size());
    if (r.keyEvents.isEmpty())
        return html;
    html += QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th></tr>")
                .arg(HqText::tr("Bureau"), HqText::tr("Changement"), HqText::tr("Date"));
    for (const StationEvent &e : r.keyEvents)
        html += QStringLiteral("<tr class=\"flag\"><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(esc(e.station),
                         e.action == QLatin1String("revoked") ? HqText::tr("révoquée")
                                                              : HqText::tr("remplacée"),
                         esc(e.at));
    return html + QStringLiteral("</table>");
}

// One row of the station page: the field, its number, who decided, and its ink.
QString fieldRow(const QString &name, const QJsonObject &field)
{
    const QJsonObject ink = field.value(QStringLiteral("ink")).toObject();
    const bool late = ink.value(QStringLiteral("late_ink")).toBool();
    return QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
        .arg(late ? QStringLiteral(" class=\"flag\"") : QString(), esc(name),
             esc(field.value(QStringLiteral("value")).toString()),
             esc(field.value(QStringLiteral("source")).toString() + QStringLiteral(" — ") +
                 field.value(QStringLiteral("official")).toString()),
             ink.isEmpty() ? HqText::tr("(sans encre)") : inkSvg(ink),
             late ? QStringLiteral("<span class=\"late-label\">%1</span>")
                        .arg(HqText::tr("encre tardive"))
                  : QString());
}

QString versionsList(const QVector<QJsonObject> &versions)
{
    QString html = QStringLiteral("<h2>%1</h2><ul>").arg(HqText::tr("Versions"));
    for (const QJsonObject &v : versions)
        html += QStringLiteral("<li>%1 %2 — %3 %4</li>")
                    .arg(HqText::tr("version"))
                    .arg(v.value(QStringLiteral("version")).toInteger())
                    .arg(esc(v.value(QStringLiteral("sealed_at")).toString()),
                         esc(v.value(QStringLiteral("correction_reason")).toString()));
    return html + QStringLiteral("</ul>");
}

} // namespace

QString inkSvg(const QJsonObject &ink)
{
    const QJsonArray strokes = ink.value(QStringLiteral("strokes")).toArray();
    qint64 x0 = LLONG_MAX, y0 = LLONG_MAX, x1 = LLONG_MIN, y1 = LLONG_MIN;
    QString lines;
    for (const QJsonValue &sv : strokes) {
        const QJsonObject s = sv.toObject();
        const QJsonArray p = s.value(QStringLiteral("p")).toArray();
        QStringList points;
        for (qsizetype i = 0; i + 2 < p.size(); i += 3) {
            const qint64 x = p[i].toInteger(), y = p[i + 1].toInteger();
            x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            points << QStringLiteral("%1,%2").arg(x).arg(y);
        }
        lines +=
            QStringLiteral("<polyline%1 points=\"%2\"/>")
                .arg(s.value(QStringLiteral("late")).toBool() ? QStringLiteral(" class=\"late\"")
                                                              : QString(),
                     points.join(QLatin1Char(' ')));
    }
    if (x0 > x1)
        return QString();
    const qint64 w = x1 - x0 + 100, h = y1 - y0 + 100;
    return QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"%1 %2 %3 %4\" "
                          "width=\"%5\" height=\"%6\">%7</svg>")
        .arg(x0 - 50)
        .arg(y0 - 50)
        .arg(w)
        .arg(h)
        .arg(std::clamp<qint64>(w / 10, 40, 320))
        .arg(std::clamp<qint64>(h / 10, 20, 120))
        .arg(lines);
}

QByteArray resultsPage(const Results &r, bool operatorView)
{
    const int expected = int(r.election->stations.size());
    const qint64 base = expected > 0 ? expected : r.stationsEnrolled;
    const qint64 reporting = r.stationsReporting;
    QString html = head(HqText::tr("Plume — résultats"), true);
    html += QStringLiteral("<h1>%1 — %2</h1>")
                .arg(HqText::tr("Résultats consolidés"), esc(r.election->name));
    html += HqText::tr("<p>Bureaux ayant remonté leur PV : <b>%1</b> sur %2 (%3 %)</p>")
                .arg(reporting)
                .arg(base)
                .arg(base > 0 ? 100.0 * double(reporting) / double(base) : 0.0, 0, 'f', 1);
    html += QStringLiteral("<progress max=\"%1\" value=\"%2\" style=\"width:30em\"></progress>")
                .arg(std::max<qint64>(base, 1))
                .arg(reporting);
    html += totalsTable(r) + barChart(r) + flaggedTable(r, operatorView) +
            correctionsTable(r, operatorView) + withdrawalsTable(r, operatorView) +
            keyEventsTable(r);
    html += HqText::tr("<p><small>Mis à jour %1 — <a href=\"/api/v1/results\">JSON</a>, <a "
                       "href=\"/api/v1/results/stations\">résultats par bureau</a></small></p>")
                .arg(esc(r.generatedAt));
    return (html + QStringLiteral("</body></html>")).toUtf8();
}

QByteArray stationPage(const Results &r, const QString &station,
                       const QVector<QJsonObject> &versions)
{
    QString html = head(HqText::tr("Plume — bureau %1").arg(station), false);
    html += QStringLiteral("<h1>%1</h1>").arg(HqText::tr("Bureau %1").arg(esc(station)));
    // A withdrawn PV is said on its station's page too (a review: "no PV received").
    const bool withdrawn = r.hasWithdrawal(station);
    const QString withdrawals = withdrawn ? withdrawalsTable(r, true, station) : QString();
    if (versions.isEmpty())
        return (html +
                (withdrawn ? HqText::tr("<p>Aucun PV de ce bureau ne compte.</p>")
                           : HqText::tr("<p>Aucun PV reçu de ce bureau.</p>")) +
                withdrawals + QStringLiteral("</body></html>"))
            .toUtf8();
    const QJsonObject latest = versions.constLast();
    const QJsonObject fields = latest.value(QStringLiteral("fields")).toObject();
    html += QStringLiteral("<h2>%1 %2</h2><table><tr><th>%3</th><th>%4</th><th>%5</th>"
                           "<th>%6</th><th></th></tr>")
                .arg(HqText::tr("PV manuscrit, version"))
                .arg(latest.value(QStringLiteral("version")).toInteger())
                .arg(HqText::tr("Champ"), HqText::tr("Valeur"), HqText::tr("Décision"),
                     HqText::tr("Écriture"));
    for (auto it = fields.begin(); it != fields.end(); ++it)
        html += fieldRow(it.key(), it.value().toObject());
    html += QStringLiteral("</table><h2>%1</h2><p>%2</p>")
                .arg(HqText::tr("Observations"),
                     esc(latest.value(QStringLiteral("remarques")).toString()));
    html += versionsList(versions) + withdrawals;
    if (const StationResult *s = r.flaggedStation(station))
        html += QStringLiteral("<p class=\"flag\">%1</p>")
                    .arg(HqText::tr("Bureau signalé : %1")
                             .arg(esc(s->explained.join(QStringLiteral(", ")))));
    return (html + QStringLiteral("</body></html>")).toUtf8();
}

QByteArray noElectionPage()
{
    return (head(HqText::tr("Plume — résultats"), true) +
            HqText::tr("<h1>Aucune élection</h1><p>Ajoutez-la avec plume-hq elections add.</p>") +
            QStringLiteral("</body></html>"))
        .toUtf8();
}

} // namespace plume::hq
