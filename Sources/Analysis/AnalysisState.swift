import JSON

/// Everything the dashboard knows about the run, built only by ``reduce(_:)`` from the events
/// in order. Every part that grows with the stream is bounded, so an endless stream keeps a
/// state of a few megabytes.
public struct AnalysisState: Equatable, Sendable {
    public struct Limits: Equatable, Sendable {
        public var sourcePreviews = 200
        public var insights = 500
        public var errors = 500
        public var diagnostics = 500
        public var notices = 50
        /// Distinct event types counted by name; the rest are counted together.
        public var eventTypes = 64

        public init() {}
    }

    public let limits: Limits
    public var session = Session()
    /// Things the reducer wants the user to know that are not errors (a new session began).
    public var notices: BoundedLog<String>
    /// The whole run's progress, 0…1, as last reported (it may go backwards).
    public var progress = 0.0
    public var completion: Completion?
    public var summary: String?
    public var report: JSONValue?
    /// Stage runs in order of first appearance, the runs of one stage kept together.
    public var stages: [StageRun] = []
    public var competitors: [Competitor] = []
    public var sources: SourceTally
    public var insights: BoundedLog<Insight>
    public var errors: BoundedLog<ErrorEntry>
    public var diagnostics: BoundedLog<Diagnostic>
    public var eventCounts = EventCounts()
    public var lastHeartbeat: Timestamp?
    public var firstEventAt: Timestamp?
    public var lastEventAt: Timestamp?
    /// Set once the server has sent any `competitor_progress`; from then on a competitor's
    /// bar follows only that field.
    public var serverSendsCompetitorProgress = false

    var stageIndex: [StageRun.Key: Int] = [:]
    var competitorIndex: [String: Int] = [:]

    public init(limits: Limits = Limits()) {
        self.limits = limits
        notices = BoundedLog(limit: limits.notices)
        sources = SourceTally(previewLimit: limits.sourcePreviews)
        insights = BoundedLog(limit: limits.insights)
        errors = BoundedLog(limit: limits.errors)
        diagnostics = BoundedLog(limit: limits.diagnostics)
    }

    public var isCompleted: Bool { completion != nil }

    public func competitor(named name: String) -> Competitor? {
        competitorIndex[name].map { competitors[$0] }
    }
}

public struct Session: Equatable, Sendable {
    public var id: String?
    public var requestID: String?
    /// How many sessions the stream has carried; a new `session_id` starts a fresh run.
    public var count = 0
}

public struct Completion: Equatable, Sendable {
    public enum Reason: String, Equatable, Sendable {
        /// An `analysis_completed` event.
        case analysisCompleted = "analysis_completed"
        /// The seed servers' last event: a whole-run `progress_update` at 1.0.
        case finalProgress = "final_progress"
    }

    public var reason: Reason
    public var at: Timestamp?
}

public struct StageRun: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable {
        case pending, active, done, failed
    }

    struct Key: Hashable, Sendable {
        var name: String
        var competitor: String?
    }

    public var name: String
    /// Nil for a stage of the whole run.
    public var competitor: String?
    public var status: Status
    public var startedAt: Timestamp?
    public var endedAt: Timestamp?
    public var durationMs: Double?

    var key: Key { Key(name: name, competitor: competitor) }
}

public struct Competitor: Equatable, Sendable {
    public var name: String
    public var progress = 0.0
    public var stage: String?
    public var message: String?
    public var sources = 0
    public var insights = 0
    public var errors = 0
    /// The stage run this competitor's events last belonged to, to find it again cheaply.
    var lastStageRun: Int?

    public init(name: String) {
        self.name = name
    }
}

/// Sources found so far: the total that searches reported, and the newest previews, each
/// URL shown once.
public struct SourceTally: Equatable, Sendable {
    public var total = 0
    public var previews: BoundedLog<SourcePreview>
    /// Every URL seen: exact for any realistic run, an estimate in bounded memory beyond.
    var urls = UniqueCounter()
    /// The URLs of the previews kept, to keep them unique once `urls` only estimates.
    var previewURLs: Set<String> = []

    init(previewLimit: Int) {
        previews = BoundedLog(limit: previewLimit)
    }

    public var uniqueURLs: Int { urls.count }
    public var uniqueURLsIsEstimate: Bool { urls.isEstimate }
}

public struct ErrorEntry: Equatable, Sendable {
    /// The event count when it arrived, to merge errors and diagnostics in arrival order.
    public var sequence = 0
    public var message: String
    public var errorType: String?
    public var stage: String?
    public var competitor: String?
    public var at: Timestamp?
    public var line: Int?
}

/// Input that could not be used as sent, with where it was.
public struct Diagnostic: Equatable, Sendable {
    public var line: Int?
    public var message: String
    /// The event count when it arrived, to merge errors and diagnostics in arrival order.
    public var sequence: Int

    public init(line: Int?, message: String, sequence: Int = 0) {
        self.line = line
        self.message = message
        self.sequence = sequence
    }
}

public struct EventCounts: Equatable, Sendable {
    public static let otherTypes = "(other)"

    public private(set) var total = 0
    /// Known types are counted by number, so that counting costs no hashing.
    private var known = [Int](repeating: 0, count: KnownType.allCases.count)
    private var others: [String: Int] = [:]

    mutating func count(_ kind: AnalysisEvent.Kind, distinctLimit: Int) {
        total += 1
        if let type = kind.knownType {
            known[type.rawValue] += 1
        } else if others[kind.type] != nil || others.count < distinctLimit {
            others[kind.type, default: 0] += 1
        } else {
            others[Self.otherTypes, default: 0] += 1
        }
    }

    /// Every type seen, with its count.
    public var byType: [String: Int] {
        var all = others
        for type in KnownType.allCases where known[type.rawValue] > 0 { all[type.name] = known[type.rawValue] }
        return all
    }

    public subscript(type: String) -> Int { byType[type] ?? 0 }
}
