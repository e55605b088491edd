// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Bluetooth LE: pen discovery (PenScanner) and the GATT byte pipe (BlePenTransport).
// Service/characteristic UUIDs: protocol doc §1.
#pragma once

#include "pen/transport.h"

#include <QBluetoothDeviceDiscoveryAgent>
#include <QBluetoothDeviceInfo>
#include <QBluetoothUuid>
#include <QLowEnergyCharacteristic>
#include <QLowEnergyController>
#include <QLowEnergyService>
#include <QQueue>
#include <QVector>

namespace plume::pen {

struct PenUuids
{
    QBluetoothUuid service, write, notify;
};
// The 128-bit set first (tried first), then the 16-bit set.
QVector<PenUuids> penUuidSets();

struct DiscoveredPen
{
    QString name;
    QString address; // "AA:BB:CC:DD:EE:FF" (or a platform UUID on macOS)
    int rssi = 0;
    int battery = -1; // percent when advertised, else -1
    QBluetoothDeviceInfo info;
};

class PenScanner : public QObject
{
    Q_OBJECT
public:
    explicit PenScanner(QObject *parent = nullptr);
    ~PenScanner() override;

    // False (with a French message for the user) when there is no adapter or it is off.
    static bool bluetoothAvailable(QString *whyNot);
    static QString noAdapterMessage();
    static QString poweredOffMessage();
    static bool isPen(const QBluetoothDeviceInfo &info);

    void start(int timeoutMs = 15000);
    void stop();
    bool isActive() const;
    QVector<DiscoveredPen> pens() const { return m_pens; }

signals:
    void penFound(const plume::pen::DiscoveredPen &pen);
    void penUpdated(const plume::pen::DiscoveredPen &pen);
    void finished();
    void error(const QString &message); // French, for the user

private:
    void onDevice(const QBluetoothDeviceInfo &info);
    QBluetoothDeviceDiscoveryAgent *m_agent = nullptr;
    QVector<DiscoveredPen> m_pens;
};

class BlePenTransport : public PenTransport
{
    Q_OBJECT
public:
    explicit BlePenTransport(QString address, QObject *parent = nullptr);
    explicit BlePenTransport(const QBluetoothDeviceInfo &info, QObject *parent = nullptr);
    ~BlePenTransport() override;

    static bool isValidAddress(const QString &address);

    void open() override;
    void close() override;
    bool write(const QByteArray &bytes) override;
    QString describe() const override;

private:
    void fail(const QString &message);
    void onServicesDiscovered();
    void onServiceDetails(QLowEnergyService::ServiceState s);
    void pump();
    int writeChunkSize() const;

    QBluetoothDeviceInfo m_info;
    QLowEnergyController *m_controller = nullptr;
    QLowEnergyService *m_service = nullptr;
    PenUuids m_uuids;
    QLowEnergyCharacteristic m_write, m_notify;
    QQueue<QByteArray> m_pending;
    bool m_writing = false;
};

} // namespace plume::pen

Q_DECLARE_METATYPE(plume::pen::DiscoveredPen)
