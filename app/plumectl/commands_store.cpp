// Station store subcommands: station init, db check/info, sheet new, fields, confirm.
#include "forms/fieldstate.h"
#include "forms/formspec.h"
#include "plumectl/command.h"
#include "store/store.h"
#include "sync/crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace plume::cli {
namespace {

const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Station file."),
                                  QStringLiteral("FILE"));
const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Machine output."));

int requireDb(const QCommandLineParser &p)
{
    if (p.value(dbOption).isEmpty())
        return fail(QStringLiteral("--db FILE is required"), Usage);
    return -1;
}

int stationInit(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption election(QStringLiteral("election"),
                                      QStringLiteral("Election configuration (JSON)."),
                                      QStringLiteral("FILE.json"));
    p.addOptions({dbOption, election});
    if (int r = parseArgs(p, args, QStringLiteral("Create a new station file (never overwrites)."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(election).isEmpty())
        return fail(QStringLiteral("--election FILE.json is required"), Usage);
    QString error;
    const auto config = store::ElectionConfig::fromFile(p.value(election), &error);
    if (!config)
        return fail(QStringLiteral("invalid election file: ") + error);
    try {
        auto s = store::Store::create(p.value(dbOption), *config);
        const sync::KeyPair keys = sync::createStationKeys(*s);
        out() << "created " << p.value(dbOption) << " for station " << config->stationCode << " ("
              << config->electionName << ")\n"
              << "public key: " << QString::fromLatin1(keys.publicKey.toBase64()) << "\n";
        out().flush();
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
    return Ok;
}

int dbCheck(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption, jsonOption});
    if (int r = parseArgs(p, args, QStringLiteral("Check integrity and the audit chain.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    try {
        auto s = store::Store::open(p.value(dbOption));
        const auto result = s->check();
        if (p.isSet(jsonOption))
            printJson(QJsonDocument(QJsonObject{{QStringLiteral("ok"), result.ok},
                                                {QStringLiteral("message"), result.message}}));
        else
            out() << result.message << "\n";
        out().flush();
        return result.ok ? Ok : Failure;
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
}

int dbInfo(const QStringList &args)
{
    QCommandLineParser p;
    p.addOptions({dbOption, jsonOption});
    if (int r = parseArgs(p, args, QStringLiteral("Describe a station file.")); r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    try {
        auto s = store::Store::open(p.value(dbOption));
        const QJsonObject info = s->info();
        if (p.isSet(jsonOption)) {
            printJson(QJsonDocument(info));
        } else {
            for (auto it = info.begin(); it != info.end(); ++it)
                out() << it.key() << ": " << it.value().toVariant().toString() << "\n";
            out().flush();
        }
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
    return Ok;
}

int sheetNew(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption form(QStringLiteral("form"), QStringLiteral("Form: contact."),
                                  QStringLiteral("FORM"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QStringLiteral("Pen page address S.O.N.P (optional)."),
                                  QStringLiteral("ADDRESS"));
    p.addOptions({dbOption, form, page});
    if (int r = parseArgs(p, args, QStringLiteral("Add a sheet; prints its id (the PV is 'pv')."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    if (p.value(form) != QLatin1String("contact"))
        return fail(
            QStringLiteral("--form contact is required (the PV sheet already exists: 'pv')"),
            Usage);
    ink::PageAddress address;
    if (p.isSet(page)) {
        const auto parsed = ink::PageAddress::parse(p.value(page));
        if (!parsed)
            return fail(QStringLiteral("--page must look like 3.27.603.1"), Usage);
        address = *parsed;
    }
    try {
        auto s = store::Store::open(p.value(dbOption));
        out() << s->newSheet(QStringLiteral("contact"), address) << "\n";
        out().flush();
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
    return Ok;
}

int fields(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption sheet(
        QStringLiteral("sheet"), QStringLiteral("Sheet id (default: all)."), QStringLiteral("ID"));
    p.addOptions({dbOption, sheet, jsonOption});
    if (int r = parseArgs(p, args,
                          QStringLiteral("List fields: reading, confidence, decision, state."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    try {
        auto s = store::Store::open(p.value(dbOption));
        const auto election = s->election();
        QVector<store::Sheet> sheets;
        if (p.isSet(sheet)) {
            auto one = s->sheet(p.value(sheet));
            if (!one)
                return fail(QStringLiteral("no sheet '%1'").arg(p.value(sheet)));
            sheets.append(*one);
        } else {
            sheets = s->sheets();
        }
        QJsonArray all;
        for (const store::Sheet &sh : sheets) {
            QString error;
            const auto form = forms::loadForm(sh.form, election, &error);
            if (!form)
                return fail(error);
            const auto statuses = forms::fieldStatuses(*s, *form, sh.id);
            if (p.isSet(jsonOption)) {
                QJsonArray fieldsJson;
                for (const auto &st : statuses)
                    fieldsJson.append(st.toJson());
                all.append(QJsonObject{{QStringLiteral("sheet"), sh.id},
                                       {QStringLiteral("form"), sh.form},
                                       {QStringLiteral("state"), sh.state},
                                       {QStringLiteral("fields"), fieldsJson}});
                continue;
            }
            out() << "# sheet " << sh.id << " (" << sh.form << ", " << sh.state << ")\n";
            for (const auto &st : statuses) {
                QString reading =
                    st.reading
                        ? QStringLiteral("%1 (%2%3)")
                              .arg(st.reading->value)
                              .arg(st.reading->confidence, 0, 'f', 2)
                              .arg(st.reading->flagged ? QStringLiteral(", doubtful") : QString())
                        : QStringLiteral("-");
                QString decision =
                    st.decision
                        ? QStringLiteral("%1 by %2").arg(st.decision->value, st.decision->official)
                        : QStringLiteral("-");
                out() << st.field.leftJustified(16) << " "
                      << forms::toString(st.state).leftJustified(10) << " reading=" << reading
                      << " decision=" << decision << "\n";
            }
        }
        if (p.isSet(jsonOption))
            printJson(QJsonDocument(all));
        out().flush();
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
    return Ok;
}

int confirm(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption sheet(QStringLiteral("sheet"), QStringLiteral("Sheet id."),
                                   QStringLiteral("ID"));
    const QCommandLineOption field(QStringLiteral("field"), QStringLiteral("Field name."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption value(QStringLiteral("value"),
                                   QStringLiteral("Typed value (default: confirm the reading)."),
                                   QStringLiteral("V"));
    const QCommandLineOption official(QStringLiteral("official"),
                                      QStringLiteral("Name of the official deciding."),
                                      QStringLiteral("NAME"));
    p.addOptions({dbOption, sheet, field, value, official, jsonOption});
    if (int r = parseArgs(p, args, QStringLiteral("Record an official's decision for a field."));
        r >= 0)
        return r;
    if (int r = requireDb(p); r >= 0)
        return r;
    for (const auto *o : {&sheet, &field, &official})
        if (p.value(*o).trimmed().isEmpty())
            return fail(QStringLiteral("--%1 is required").arg(o->names().constFirst()), Usage);
    try {
        auto s = store::Store::open(p.value(dbOption));
        const auto sh = s->sheet(p.value(sheet));
        if (!sh)
            return fail(QStringLiteral("no sheet '%1'").arg(p.value(sheet)));
        QString error;
        const auto form = forms::loadForm(sh->form, s->election(), &error);
        if (!form)
            return fail(error);
        const std::optional<QString> typed =
            p.isSet(value) ? std::optional<QString>(p.value(value)) : std::nullopt;
        const qint64 id =
            forms::decideField(*s, *form, sh->id, p.value(field), typed, p.value(official));
        const store::Decision d = *s->latestDecision(sh->id, p.value(field));
        if (p.isSet(jsonOption))
            printJson(
                QJsonDocument(QJsonObject{{QStringLiteral("decision"), id},
                                          {QStringLiteral("sheet"), d.sheetId},
                                          {QStringLiteral("field"), d.field},
                                          {QStringLiteral("value"), d.value},
                                          {QStringLiteral("source"), store::toString(d.source)}}));
        else
            out() << d.sheetId << "/" << d.field << " = " << d.value << " ("
                  << store::toString(d.source) << " by " << d.official << ")\n";
        out().flush();
    } catch (const store::StoreError &e) {
        return fail(e.message());
    }
    return Ok;
}

} // namespace

void registerStoreCommands(Registry &r)
{
    r.add({{QStringLiteral("station"), QStringLiteral("init")},
           QStringLiteral("create a station file from an election file"),
           stationInit});
    r.add({{QStringLiteral("db"), QStringLiteral("check")},
           QStringLiteral("integrity and audit chain: prints ok or the first bad row"),
           dbCheck});
    r.add({{QStringLiteral("db"), QStringLiteral("info")},
           QStringLiteral("describe a station file"),
           dbInfo});
    r.add({{QStringLiteral("sheet"), QStringLiteral("new")},
           QStringLiteral("add a contact sheet, print its id"),
           sheetNew});
    r.add({{QStringLiteral("fields")},
           QStringLiteral("fields with reading, decision and state"),
           fields});
    r.add({{QStringLiteral("confirm")}, QStringLiteral("record an official's decision"), confirm});
}

} // namespace plume::cli
