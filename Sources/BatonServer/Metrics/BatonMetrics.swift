import BatonCore
import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// Baton's own metrics in the Prometheus text format (`GET /metrics`): what an operator graphs
/// and alerts on, as Patroni's and etcd's metrics. Labels stay bounded — reasons and outcomes,
/// never a group or a member. HTTP metrics (`RequestMetricsMiddleware`) go through
/// swift-metrics into a process-wide registry (`httpRegistry`); the domain metrics live in this
/// application's registry, so several applications in one test process do not mix.
public final class BatonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// Every role change by its reason (`PrimaryChanged` events).
    private let roleChanges: Mutex<[String: Prometheus.Counter]> = Mutex([:])
    let leaseExpirations: Prometheus.Counter
    private let heartbeats: Mutex<[String: Prometheus.Counter]> = Mutex([:])
    let heartbeatSeconds: DurationHistogram
    /// Time without a Primary after an unplanned loss (its lease ran out, it was removed).
    let primarylessSeconds: DurationHistogram
    private let tasks: Mutex<[String: Prometheus.Counter]> = Mutex([:])
    let commitSeconds: DurationHistogram
    let storeAvailable: Prometheus.Gauge
    let groups: Prometheus.Gauge
    let groupsWithoutPrimary: Prometheus.Gauge
    let groupsPaused: Prometheus.Gauge
    let openStreams: Prometheus.Gauge

    /// When each group lost its Primary unplanned (bounded: the oldest are forgotten).
    private let lostAt = Mutex<[GroupKey: Date]>([:])
    private static let lostAtLimit = 10_000

    public init() {
        leaseExpirations = registry.makeCounter(
            name: "baton_lease_expirations_total", help: "Primaries whose lease ran out without a successor's handover.")
        heartbeatSeconds = registry.makeDurationHistogram(
            name: "baton_heartbeat_seconds", buckets: Self.latencyBuckets,
            help: "Time to answer a heartbeat, from its arrival to its answer (both APIs).")
        primarylessSeconds = registry.makeDurationHistogram(
            name: "baton_primaryless_seconds", buckets: Self.gapBuckets,
            help: "Time a group had no Primary after an unplanned loss, until the next promotion.")
        commitSeconds = registry.makeDurationHistogram(
            name: "baton_store_commit_seconds", buckets: Self.latencyBuckets,
            help: "Time to make a change durable (one store transaction or commit).")
        storeAvailable = registry.makeGauge(name: "baton_store_available", help: "1 while the store answers, 0 during an outage.")
        groups = registry.makeGauge(name: "baton_groups", help: "Groups of every tenant and namespace, HA groups included.")
        groupsWithoutPrimary = registry.makeGauge(name: "baton_groups_without_primary", help: "Groups that have no Primary now.")
        groupsPaused = registry.makeGauge(name: "baton_groups_paused", help: "Groups whose automatic role moves are paused.")
        openStreams = registry.makeGauge(name: "baton_open_streams", help: "Server-Sent Events streams and long polls open on this instance.")
        storeAvailable.set(to: 1.0)
    }

    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(5),
    ]
    static let gapBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    // MARK: Recording

    /// Committed history: role changes, lease expirations, tasks, the gaps without a Primary
    /// (measured between the events' own times: the coordinator's clock, or in shared mode the
    /// database's, the same on every instance; an instance sees the gaps whose loss and
    /// promotion it committed itself).
    func observe(_ events: [GroupEvent]) {
        for event in events {
            switch event.kind {
            case .primaryChanged:
                counter(in: roleChanges, "baton_role_changes_total", ("reason", event.reason),
                        help: "Primary changes by reason (elected, lease-expired, score, override, drain, removed, forced, …).")
                    .increment()
                if event.reason == ChangeReason.leaseExpired.rawValue { leaseExpirations.increment() }
                trackGap(event)
            case .taskSucceeded, .taskFailed, .taskCanceled:
                counter(in: tasks, "baton_failover_tasks_total", ("outcome", event.kind.rawValue),
                        help: "Failover tasks finished, by outcome.")
                    .increment()
            default:
                break
            }
        }
    }

    /// One answered or refused heartbeat: `outcome` is the role answered, or why it was not.
    func heartbeat(_ outcome: String, took: Duration) {
        counter(in: heartbeats, "baton_heartbeats_total", ("outcome", outcome), help: "Heartbeats by outcome.").increment()
        heartbeatSeconds.record(took)
    }

    private func trackGap(_ event: GroupEvent) {
        let unplanned = [ChangeReason.leaseExpired.rawValue, ChangeReason.removed.rawValue]
        if event.to == nil {
            guard event.from != nil, unplanned.contains(event.reason) else { return }
            lostAt.withLock { lost in
                if lost.count >= Self.lostAtLimit, let oldest = lost.min(by: { $0.value < $1.value }) {
                    lost[oldest.key] = nil
                }
                lost[event.group] = event.time
            }
        } else if let since = lostAt.withLock({ $0.removeValue(forKey: event.group) }) {
            primarylessSeconds.record(.nanoseconds(saturating: max(0, event.time.timeIntervalSince(since))))
        }
    }

    private func counter(in cache: borrowing Mutex<[String: Prometheus.Counter]>, _ name: String, _ label: (String, String), help: String) -> Prometheus.Counter {
        if let counter = cache.withLock({ $0[label.1] }) { return counter }
        let counter = registry.makeCounter(name: name, labels: [label], help: help)
        cache.withLock { $0[label.1] = counter }
        return counter
    }

    /// The Prometheus text of this application's metrics and the process's HTTP metrics.
    func emit() -> String {
        var text = registry.emitToString()
        text += Self.httpRegistry.emitToString()
        return text
    }

    // MARK: HTTP metrics

    /// The registry swift-metrics (and so `RequestMetricsMiddleware`) writes to. The
    /// metrics system can be bootstrapped once per process; the first application does it.
    static let httpRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
