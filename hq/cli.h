// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq's command line (docs/hq.md#commands): helpers shared by the subcommands.
#pragma once

#include "hq/keys.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace plume::hq {
class HqDatabase;
}

namespace plume::hq::cli {

QTextStream &out(); // stdout
QTextStream &err(); // stderr
// Prints "plume-hq: <message>" on stderr; returns code.
int fail(const QString &message, int code = 1);

// --db URL (default $PLUME_HQ_DB) and --key-file F (default $PLUME_HQ_KEY_FILE, else
// <sqlite path>.key).
const QCommandLineOption &dbOption();
const QCommandLineOption &keyFileOption();
QString dbUrl(const QCommandLineParser &p);

// Sets the description and --help, then parses: -1 to go on, else the exit code (0 after
// printing the help, 2 on a bad command line or a missing --db).
int parse(QCommandLineParser &p, const QStringList &args, const QString &what);

// Runs body; an HqError becomes "plume-hq: <message>" and exit code 1.
int guarded(const std::function<int()> &body);

// The key file of the database in p (--key-file, environment, default); throws HqError.
HqKeys keysFor(const QCommandLineParser &p);

// contacts erase (erasecli.cpp): its options, shown in its own help only (the other contacts
// commands take them to refuse them, as the others' options are refused by it).
struct EraseOptions
{
    QCommandLineOption station, sheet, email, batch, reason;
};
EraseOptions eraseOptions(bool used);
QString eraseDescription();
int contactsErase(const QCommandLineParser &p, const EraseOptions &o);
int contactsPending(HqDatabase &db); // erasures waiting for their batch

// The subcommands (args[0] = "plume-hq <words>").
int initCommand(const QStringList &args);
int keysCommand(const QString &word, const QStringList &args);
int electionsAdd(const QStringList &args);
int stationsCommand(const QString &word, const QStringList &args);
int resultsCommand(const QStringList &args);
int pvWithdraw(const QStringList &args);
int contactsCommand(const QString &word, const QStringList &args);
int importCommand(const QStringList &args);
int serveCommand(const QStringList &args);

} // namespace plume::hq::cli
