import Prometheus
import Synchronization

/// The server's metrics, in Prometheus's text format at `/metrics`: one registry per server.
final class ServeMetrics: Sendable {
    /// Why a stream ended; `rejected` counts requests refused before they streamed.
    enum EndReason: String, CaseIterable {
        case completed, clientGone = "client_gone", error, rejected, shutdown
    }

    /// Which limit refused a stream.
    enum Limit: String, CaseIterable {
        case rateLimit = "rate_limit", maxStreams = "max_streams"
    }

    let registry = PrometheusCollectorRegistry()
    let activeStreams: Gauge
    let streamsStarted: Counter
    let heartbeats: Counter
    private let ended: [EndReason: Counter]
    private let rejections: [Limit: Counter]
    private let latency: [Endpoint: DurationHistogram]
    private let sentByType = Mutex<[String: Counter]>([:])

    init() {
        let registry = registry
        func name(_ metric: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(metricName: metric, unitName: "", helpText: help)
        }
        activeStreams = registry.makeGauge(descriptor: name("streamtop_active_streams", "Streams open now."))
        streamsStarted = registry.makeCounter(descriptor: name("streamtop_streams_started_total", "Streams started."))
        heartbeats = registry.makeCounter(descriptor: name("streamtop_heartbeats_sent_total", "Heartbeat events sent."))
        let endedName = name("streamtop_streams_ended_total", "Streams ended, by why.")
        ended = Dictionary(uniqueKeysWithValues: EndReason.allCases.map {
            ($0, registry.makeCounter(descriptor: endedName, labels: [("reason", $0.rawValue)]))
        })
        let rejectedName = name("streamtop_stream_rejections_total", "Stream requests refused by a limit.")
        rejections = Dictionary(uniqueKeysWithValues: Limit.allCases.map {
            ($0, registry.makeCounter(descriptor: rejectedName, labels: [("limit", $0.rawValue)]))
        })
        let latencyName = MetricNameDescriptor(
            metricName: "streamtop_request_duration", unitName: "seconds",
            helpText: "Time from a request to its response's head.")
        let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
                                   .milliseconds(500), .seconds(2), .seconds(10), .seconds(60)]
        latency = Dictionary(uniqueKeysWithValues: Endpoint.allCases.map {
            ($0, registry.makeDurationHistogram(descriptor: latencyName, labels: [("endpoint", $0.rawValue)], buckets: buckets))
        })
    }

    func streamEnded(_ reason: EndReason) {
        ended[reason]?.increment()
    }

    func rejected(by limit: Limit) {
        rejections[limit]?.increment()
        streamEnded(.rejected)
    }

    func answered(_ endpoint: Endpoint, after duration: Duration) {
        latency[endpoint]?.record(duration)
    }

    /// Counted by the event's type: a served run's types are the pipeline's few.
    func sent(type: String) {
        let counter = sentByType.withLock { counters in
            if let counter = counters[type] { return counter }
            let counter = registry.makeCounter(
                descriptor: MetricNameDescriptor(metricName: "streamtop_events_sent", unitName: "total", helpText: "Events sent to clients, by type."),
                labels: [("type", type)])
            counters[type] = counter
            return counter
        }
        counter.increment()
    }

    var text: [UInt8] { registry.emitToBuffer() }
}
