// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/ble.h"

#include <QBluetoothAddress>
#include <QBluetoothLocalDevice>
#include <QCoreApplication>
#include <QLowEnergyDescriptor>
#include <QRegularExpression>

namespace plume::pen {
namespace {

// Human messages, in French (source language).
struct PenText
{
    Q_DECLARE_TR_FUNCTIONS(Pen)
};

} // namespace

QVector<PenUuids> penUuidSets()
{
    return {
        {QBluetoothUuid(QStringLiteral("4f99f138-9d53-5bfa-9e50-b147491afe68")),
         QBluetoothUuid(QStringLiteral("8bc8cc7d-88ca-56b0-af9a-9bf514d0d61a")),
         QBluetoothUuid(QStringLiteral("64cd86b1-2256-5aeb-9f04-2caf6c60ae57"))},
        {QBluetoothUuid(quint16(0x19F1)), QBluetoothUuid(quint16(0x2BA0)),
         QBluetoothUuid(quint16(0x2BA1))},
    };
}

// ---- PenScanner ----------------------------------------------------------------------------

QString PenScanner::noAdapterMessage()
{
    return PenText::tr("Aucun adaptateur Bluetooth n'a été trouvé sur cet ordinateur. Vous pouvez "
                       "continuer à saisir à la souris ou à la tablette.");
}

QString PenScanner::poweredOffMessage()
{
    return PenText::tr("Le Bluetooth est désactivé. Activez-le pour connecter le stylo, ou "
                       "continuez à saisir à la souris ou à la tablette.");
}

bool PenScanner::bluetoothAvailable(QString *whyNot)
{
    const auto adapters = QBluetoothLocalDevice::allDevices();
    if (adapters.isEmpty()) {
        if (whyNot)
            *whyNot = noAdapterMessage();
        return false;
    }
    QBluetoothLocalDevice local;
    if (!local.isValid()) {
        if (whyNot)
            *whyNot = noAdapterMessage();
        return false;
    }
    if (local.hostMode() == QBluetoothLocalDevice::HostPoweredOff) {
        if (whyNot)
            *whyNot = poweredOffMessage();
        return false;
    }
    return true;
}

bool PenScanner::isPen(const QBluetoothDeviceInfo &info)
{
    const QList<QBluetoothUuid> uuids = info.serviceUuids();
    for (const PenUuids &set : penUuidSets())
        if (uuids.contains(set.service))
            return true;
    return false;
}

PenScanner::PenScanner(QObject *parent) : QObject(parent) {}

PenScanner::~PenScanner()
{
    stop();
}

bool PenScanner::isActive() const
{
    return m_agent && m_agent->isActive();
}

void PenScanner::start(int timeoutMs)
{
    stop();
    m_pens.clear();
    QString why;
    if (!bluetoothAvailable(&why)) {
        emit error(why);
        emit finished();
        return;
    }
    m_agent = new QBluetoothDeviceDiscoveryAgent(this);
    m_agent->setLowEnergyDiscoveryTimeout(timeoutMs);
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::deviceDiscovered, this,
            &PenScanner::onDevice);
    connect(
        m_agent, &QBluetoothDeviceDiscoveryAgent::deviceUpdated, this,
        [this](const QBluetoothDeviceInfo &info, QBluetoothDeviceInfo::Fields) { onDevice(info); });
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::finished, this, &PenScanner::finished);
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::canceled, this, &PenScanner::finished);
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::errorOccurred, this,
            [this](QBluetoothDeviceDiscoveryAgent::Error e) {
                switch (e) {
                case QBluetoothDeviceDiscoveryAgent::PoweredOffError:
                    emit error(poweredOffMessage());
                    break;
                case QBluetoothDeviceDiscoveryAgent::InvalidBluetoothAdapterError:
                case QBluetoothDeviceDiscoveryAgent::UnsupportedPlatformError:
                    emit error(noAdapterMessage());
                    break;
                case QBluetoothDeviceDiscoveryAgent::MissingPermissionsError:
                    emit error(
                        PenText::tr("Plume n'a pas l'autorisation d'utiliser le Bluetooth. Vous "
                                    "pouvez continuer à saisir à la souris ou à la tablette."));
                    break;
                default:
                    emit error(PenText::tr("La recherche des stylos a échoué : %1")
                                   .arg(m_agent->errorString()));
                }
                emit finished();
            });
    m_agent->start(QBluetoothDeviceDiscoveryAgent::LowEnergyMethod);
}

void PenScanner::stop()
{
    if (m_agent) {
        m_agent->disconnect(this);
        m_agent->stop();
        m_agent->deleteLater();
        m_agent = nullptr;
    }
}

void PenScanner::onDevice(const QBluetoothDeviceInfo &info)
{
    if (!(info.coreConfigurations() & QBluetoothDeviceInfo::LowEnergyCoreConfiguration) ||
        !isPen(info))
        return;
    DiscoveredPen pen;
    pen.name = info.name();
    pen.address =
        info.address().isNull() ? info.deviceUuid().toString() : info.address().toString();
    pen.rssi = info.rssi();
    pen.info = info;
    // Battery, when the pen advertises the standard Battery Service data (0x180F).
    const QByteArray battery = info.serviceData(QBluetoothUuid(quint16(0x180F)));
    if (battery.size() == 1)
        pen.battery = quint8(battery[0]);
    for (DiscoveredPen &known : m_pens) {
        if (known.address == pen.address) {
            known = pen;
            emit penUpdated(pen);
            return;
        }
    }
    m_pens.append(pen);
    emit penFound(pen);
}

// ---- BlePenTransport -----------------------------------------------------------------------

bool BlePenTransport::isValidAddress(const QString &address)
{
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}|\\{?[0-9A-Fa-f-]{36}\\}?")));
    return re.match(address).hasMatch();
}

BlePenTransport::BlePenTransport(QString address, QObject *parent) : PenTransport(parent)
{
    if (address.contains(QLatin1Char('-')))
        m_info = QBluetoothDeviceInfo(QBluetoothUuid(address), QString(), 0);
    else
        m_info = QBluetoothDeviceInfo(QBluetoothAddress(address), QString(), 0);
    m_info.setCoreConfigurations(QBluetoothDeviceInfo::LowEnergyCoreConfiguration);
}

BlePenTransport::BlePenTransport(const QBluetoothDeviceInfo &info, QObject *parent)
    : PenTransport(parent), m_info(info)
{}

BlePenTransport::~BlePenTransport()
{
    if (m_controller) {
        m_controller->disconnect(this);
        m_controller->disconnectFromDevice();
    }
}

QString BlePenTransport::describe() const
{
    return QStringLiteral("ble:") + (m_info.address().isNull() ? m_info.deviceUuid().toString()
                                                               : m_info.address().toString());
}

void BlePenTransport::fail(const QString &message)
{
    emit errorOccurred(describe() + QStringLiteral(": ") + message);
    close();
}

void BlePenTransport::open()
{
    close();
    QString why;
    if (!PenScanner::bluetoothAvailable(&why)) {
        emit errorOccurred(why);
        setState(State::Closed);
        return;
    }
    m_controller = QLowEnergyController::createCentral(m_info, this);
    connect(m_controller, &QLowEnergyController::connected, m_controller,
            &QLowEnergyController::discoverServices);
    connect(m_controller, &QLowEnergyController::discoveryFinished, this,
            &BlePenTransport::onServicesDiscovered);
    connect(m_controller, &QLowEnergyController::errorOccurred, this,
            [this](QLowEnergyController::Error) { fail(m_controller->errorString()); });
    connect(m_controller, &QLowEnergyController::disconnected, this, [this] {
        if (state() != State::Closed)
            fail(PenText::tr("liaison perdue"));
    });
    setState(State::Opening);
    m_controller->connectToDevice();
}

void BlePenTransport::onServicesDiscovered()
{
    const QList<QBluetoothUuid> services = m_controller->services();
    for (const PenUuids &set : penUuidSets()) {
        if (services.contains(set.service)) {
            m_uuids = set;
            m_service = m_controller->createServiceObject(set.service, this);
            break;
        }
    }
    if (!m_service) {
        fail(PenText::tr("cet appareil n'a pas de service NeoSmartpen"));
        return;
    }
    connect(m_service, &QLowEnergyService::stateChanged, this, &BlePenTransport::onServiceDetails);
    connect(m_service, &QLowEnergyService::characteristicChanged, this,
            [this](const QLowEnergyCharacteristic &c, const QByteArray &value) {
                if (c.uuid() == m_uuids.notify && !value.isEmpty())
                    emit dataReceived(value);
            });
    connect(m_service, &QLowEnergyService::characteristicWritten, this,
            [this](const QLowEnergyCharacteristic &, const QByteArray &) {
                m_writing = false;
                pump();
            });
    connect(m_service, &QLowEnergyService::descriptorWritten, this,
            [this](const QLowEnergyDescriptor &d, const QByteArray &) {
                if (d.type() == QBluetoothUuid::DescriptorType::ClientCharacteristicConfiguration &&
                    state() == State::Opening)
                    setState(State::Open); // subscribed: the pipe is up
            });
    connect(m_service, &QLowEnergyService::errorOccurred, this,
            [this](QLowEnergyService::ServiceError e) {
                fail(PenText::tr("erreur GATT %1").arg(int(e)));
            });
    m_service->discoverDetails(QLowEnergyService::SkipValueDiscovery);
}

void BlePenTransport::onServiceDetails(QLowEnergyService::ServiceState s)
{
    if (s != QLowEnergyService::RemoteServiceDiscovered)
        return;
    m_write = m_service->characteristic(m_uuids.write);
    m_notify = m_service->characteristic(m_uuids.notify);
    if (!m_write.isValid() || !m_notify.isValid()) {
        fail(PenText::tr("il manque au service du stylo ses caractéristiques"));
        return;
    }
    const QLowEnergyDescriptor cccd =
        m_notify.descriptor(QBluetoothUuid::DescriptorType::ClientCharacteristicConfiguration);
    if (!cccd.isValid()) {
        fail(PenText::tr("la caractéristique du stylo n'a pas de CCCD"));
        return;
    }
    // Indications when offered, otherwise notifications (protocol doc §1).
    const bool indicate = m_notify.properties() & QLowEnergyCharacteristic::Indicate;
    m_service->writeDescriptor(cccd, indicate ? QLowEnergyCharacteristic::CCCDEnableIndication
                                              : QLowEnergyCharacteristic::CCCDEnableNotification);
}

int BlePenTransport::writeChunkSize() const
{
    const int mtu = m_controller ? m_controller->mtu() : -1;
    return mtu > 23 ? mtu - 3 : 20;
}

bool BlePenTransport::write(const QByteArray &bytes)
{
    if (state() != State::Open)
        return false;
    const int chunk = writeChunkSize();
    for (qsizetype i = 0; i < bytes.size(); i += chunk)
        m_pending.enqueue(bytes.mid(i, chunk));
    pump();
    return true;
}

void BlePenTransport::pump()
{
    // With response, one at a time: the next piece goes when the previous is acknowledged.
    if (m_writing || m_pending.isEmpty() || !m_service)
        return;
    m_writing = true;
    m_service->writeCharacteristic(m_write, m_pending.dequeue(),
                                   QLowEnergyService::WriteWithResponse);
}

void BlePenTransport::close()
{
    m_pending.clear();
    m_writing = false;
    if (m_service) {
        m_service->disconnect(this);
        m_service->deleteLater();
        m_service = nullptr;
    }
    if (m_controller) {
        m_controller->disconnect(this);
        m_controller->disconnectFromDevice();
        m_controller->deleteLater();
        m_controller = nullptr;
    }
    setState(State::Closed);
}

} // namespace plume::pen
