import Analysis

/// One thread of a deployment as the list shows it: what the thread search gave, and what
/// was asked for the rows on screen (its latest run, where it is in the graph), and, when the
/// thread is followed, its live progress.
public struct ThreadRow: Equatable, Sendable {
    public var threadID: String
    /// The graph the thread runs (`metadata.graph_id`); nil before its first run.
    public var graphID: String?
    /// The assistant's id (`metadata.assistant_id`), a UUID.
    public var assistantID: String?
    /// A status the server gave that is none of the four is nil.
    public var status: ThreadStatus?
    public var createdAt: Timestamp?
    public var updatedAt: Timestamp?
    /// The interrupts the thread waits on.
    public var interrupts: [InterruptRequest] = []
    /// Its newest run, once asked for (`GET /threads/{id}/runs?limit=1`).
    public var run: LatestRun?
    /// Where it is in the graph, once asked for (its last two checkpoints).
    public var place: GraphPlace?
    /// Live progress while the thread's run is followed (`--follow`).
    public var progress: ThreadProgress?

    public init(threadID: String) {
        self.threadID = threadID
    }

    /// An interrupt waits for an answer. (A thread whose run was cancelled also reads
    /// `interrupted`, with nothing to answer; one answered keeps its interrupts while the run
    /// that resumes it goes.)
    public var waitsForAnswer: Bool { !interrupts.isEmpty && status != .busy }

    /// What the list names the assistant by: the graph's name, else the assistant's id.
    public var assistant: String? { graphID ?? assistantID }

    /// Whether the details asked for the rows on screen must be asked again: the thread moved
    /// (a new `updated_at` or status), or it runs (its node moves without either).
    public func detailsAreStale(comparedTo old: ThreadRow?) -> Bool {
        guard let old, old.run != nil || old.place != nil else { return true }
        return old.updatedAt != updatedAt || old.status != status || status == .busy
    }

    /// The details of `old` carried over to this newer copy of the thread.
    public mutating func keepDetails(of old: ThreadRow) {
        run = old.run
        place = old.place
        progress = old.progress
    }
}

/// A thread's newest run.
public struct LatestRun: Equatable, Sendable {
    public var runID: String
    /// `pending`, `running`, `error`, `success`, `timeout`, `interrupted` (sanitised as sent).
    public var status: String
    public var createdAt: Timestamp?
    public var updatedAt: Timestamp?
    /// Started with `stream_resumable`: its stream can be joined from its start while held.
    public var resumable: Bool

    public init(runID: String, status: String, createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil, resumable: Bool = false) {
        self.runID = runID
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resumable = resumable
    }

    /// Still going: its duration runs to now.
    public var isGoing: Bool { status == "pending" || status == "running" }

    /// How long it ran, or has run so far at `now`.
    public func duration(now: Double) -> Double? {
        guard let start = createdAt?.seconds else { return nil }
        let end = isGoing ? now : (updatedAt?.seconds ?? now)
        return max(0, end - start)
    }
}

/// Where a thread is in its graph.
public enum GraphPlace: Equatable, Sendable {
    /// The nodes it is in, or stopped in (running, interrupted, failed: its checkpoint's `next`).
    case inside([String])
    /// The last node that ran (the `next` of the checkpoint before its last).
    case endedIn(String)

    public var nodes: [String] {
        switch self {
        case .inside(let nodes): nodes
        case .endedIn(let node): [node]
        }
    }

    /// The nodes as they read in a row: each once, in order, with how many tasks run it
    /// ("research ×3, plan").
    public var label: String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for node in nodes {
            if counts[node] == nil { order.append(node) }
            counts[node, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }.joined(separator: ", ")
    }
}

/// A followed run as it goes: what its stream said so far.
public struct ThreadProgress: Equatable, Sendable {
    public var events: Int
    public var eventsPerSecond: Double
    /// The node (or stage) working now, when the stream names one.
    public var node: String?
    /// The whole run's progress, 0…1, when the graph writes the seed's envelopes.
    public var fraction: Double?

    public init(events: Int, eventsPerSecond: Double, node: String?, fraction: Double?) {
        self.events = events
        self.eventsPerSecond = eventsPerSecond
        self.node = node
        self.fraction = fraction
    }
}

extension ThreadProgress {
    /// A followed run's progress as the reducer built it from its stream: the node of the
    /// newest stage still going, and the run's progress once the seed's envelopes gave one.
    public init(_ state: AnalysisState, eventsPerSecond: Double) {
        let working = state.stages.last { $0.status == .active }
        let fraction: Double? = state.session.count > 0 || state.progress > 0 ? state.progress : nil
        self.init(events: state.eventCounts.total, eventsPerSecond: eventsPerSecond, node: working?.name, fraction: fraction)
    }
}
