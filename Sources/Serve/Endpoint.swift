/// What the server answers at, by path: the routes and the latency histogram's label.
enum Endpoint: String, CaseIterable {
    case stream, batch, health, metrics, runs, graph
    /// Any other path (a 404): one label, whatever the path, so that clients cannot grow the metrics.
    case other

    var path: String {
        switch self {
        case .stream: "/api/analysis/stream"
        case .batch: "/api/analysis"
        case .health: "/api/health"
        case .metrics: "/metrics"
        case .runs: "/api/runs"
        case .graph: "/api/graph"
        case .other: "*"
        }
    }

    init(path: String) {
        self = Self.allCases.first { $0.path == path } ?? .other
    }
}
