// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plumectl: the command line over the same core as the GUI.
// Each module registers its subcommands in its own commands_<module>.cpp.
#pragma once

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <vector>

namespace plume::store {
class Store;
}

namespace plume::cli {

enum ExitCode { Ok = 0, Failure = 1, Usage = 2, Untrusted = 3 };

// plumectl's human sentences (help, errors, reports), in French, the source language;
// translation context "plumectl". Machine lines (valid, INVALID:, strokes=…, accuracy=…,
// key: value lines, JSON) are never translated.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(plumectl)
};

QTextStream &out(); // stdout, UTF-8
QTextStream &err(); // stderr, UTF-8

// args[0] is "plumectl <words>" (for --help), the rest are the options after the words.
using Handler = std::function<int(const QStringList &args)>;

struct Command
{
    QStringList words; // e.g. {"station", "init"}
    QString summary;   // one line for `plumectl --help`
    Handler run;
};

class Registry
{
public:
    void add(Command command) { m_commands.push_back(std::move(command)); }
    const std::vector<Command> &commands() const { return m_commands; }

private:
    std::vector<Command> m_commands;
};

// What a command takes beyond its options: positional arguments (at most), and the
// options that may be given more than once (`close --official A --official B`).
struct ArgRules
{
    qsizetype positionals = 0;
    QStringList repeatable;
};

// Parses args with parser (adds --help). Returns -1 to continue, or an exit code
// (Ok after printing help, Usage after printing the error) to return at once. A word no
// option takes, or an option given twice that `rules` does not allow, is a usage error:
// `confirm --value 3 AV FOCH` recorded "3" (a review, 2026-12-01).
int parseArgs(QCommandLineParser &parser, const QStringList &args, const QString &description,
              const ArgRules &rules = {});
// Prints "plumectl: message" on stderr and returns code.
int fail(const QString &message, int code = Failure);
// "plumectl: message" on stderr, at once (a warning: the command goes on).
void warn(const QString &message);
// A correction typed in the window and not confirmed holds its contact sheet back (never
// queued for HQ): one warning per such sheet (`contacts queue`, `close`), not silent.
void warnHeldSheets(const store::Store &s);
// Writes JSON (indented) to stdout.
void printJson(const class QJsonDocument &doc);

// Options shared by the subcommands that work on a station file.
const QCommandLineOption &dbOption();         // --db FILE
const QCommandLineOption &jsonOption();       // --json
const QCommandLineOption &passphraseOption(); // --passphrase-file FILE
// --skip-fragments of `eval` and `eval-sheets`: the data's segmentation fragments left out.
const QCommandLineOption &skipFragmentsOption();
// Returns -1 when --db is given and, with mustExist, names a file that exists; else prints
// the error and returns Usage (no --db) or Failure (no such file, with what to do).
int requireDb(const QCommandLineParser &parser, bool mustExist = true);
// "The station file PATH does not exist", with what to check and how a station is created.
QString missingStationMessage(const QString &path);
// Opens --db and, when --passphrase-file is given, unlocks the personal data with it
// ($PLUME_PASSPHRASE_FILE is applied by Store::open itself). Throws store::StoreError.
std::unique_ptr<store::Store> openStation(const QCommandLineParser &parser);
// The same for a command that only reads (fields, drafts list, outbox list and show,
// export): a station on a medium it cannot write to is read from a copy, as db check does.
std::unique_ptr<store::Store> openStationToRead(const QCommandLineParser &parser);
// "No sheet ID", with the sheets the station has: returns Failure.
int noSuchSheet(const store::Store &s, const QString &id);
// Unlocks the station with --passphrase-file when it is given (the parser must know it).
void unlockIfGiven(store::Store &store, const QCommandLineParser &parser);
// The passphrase of a new station or a new passphrase: --passphrase-file (or the option
// given), else $PLUME_PASSPHRASE_FILE, else asked twice on a terminal without echo.
// Throws store::StoreError when none can be had.
QString newPassphrase(const QCommandLineParser &parser, const QCommandLineOption &file);

void registerStoreCommands(Registry &);       // commands_store.cpp
void registerDraftCommands(Registry &);       // commands_drafts.cpp
void registerPenCommands(Registry &);         // commands_pen.cpp
void registerRecognitionCommands(Registry &); // commands_recognition.cpp
void registerFormsCommands(Registry &);       // commands_forms.cpp
void registerSyncCommands(Registry &);        // commands_sync.cpp
void registerClosingCommands(Registry &);     // commands_closing.cpp

} // namespace plume::cli
