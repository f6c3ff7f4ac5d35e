import DequeModule
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
        /// A LangGraph model's messages, the newest kept, and how much of each one's text.
        public var messages = 50
        public var messageTextBytes = 65_536
        /// Stage rows made by LangGraph tasks (one per task, so a graph that loops makes them
        /// without end); past this, the oldest finished one goes.
        public var taskStages = 200
        /// Competitors with a row, the first by appearance; the rest are only counted. A run
        /// compares a handful, so a stream naming thousands is broken or hostile.
        public var competitors = 200
        /// Stage rows made by the envelopes' stages (a stage, or a stage of one competitor),
        /// the first by appearance; the rest are only counted.
        public var stages = 400

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
    /// The LangGraph Server run, once any graph event (``AnalysisEvent/Kind/graph(_:)``) was seen.
    public var run: ServerRun?
    /// A LangGraph model's output messages, by id, in order of their first chunk.
    public var messages: ModelMessageLog
    /// Task stage rows let go to stay within ``Limits/taskStages``.
    public var taskStagesDropped = 0
    /// Competitors named after ``Limits/competitors`` were reached, which have no row.
    public var untrackedCompetitors = UniqueCounter()
    /// Stage runs (stage and competitor) begun after ``Limits/stages`` were reached, which have no row.
    public var untrackedStages = UniqueCounter()

    /// The row each stage key names: the first row with that key.
    var stageIndex: [StageRun.Key: Int] = [:]
    /// The row of each LangGraph task.
    var taskIndex: [String: Int] = [:]
    /// The competitors' names, numbered as their rows.
    var competitorNames = NameTable()
    /// The stages' names, each kept once for all the rows and competitors that show it.
    var stageNames = NameTable()
    /// Rows made by the envelopes' stages (task rows are bounded on their own).
    var envelopeStageRows = 0
    /// For each stage begun for one competitor, how many of the competitors (the first ones,
    /// in order) already have its row: each pair's pending row is made once.
    var pendingRowsMade: [String: Int] = [:]

    public init(limits: Limits = Limits()) {
        self.limits = limits
        notices = BoundedLog(limit: limits.notices)
        sources = SourceTally(previewLimit: limits.sourcePreviews)
        insights = BoundedLog(limit: limits.insights)
        errors = BoundedLog(limit: limits.errors)
        diagnostics = BoundedLog(limit: limits.diagnostics)
        messages = ModelMessageLog(limit: limits.messages, textLimit: limits.messageTextBytes)
    }

    public var isCompleted: Bool { completion != nil }

    public func competitor(named name: String) -> Competitor? {
        competitorNames.number(of: name).map { competitors[$0] }
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
        /// A LangGraph Server run that ended with status `success` (a `streamtop_run` event).
        case runSucceeded = "run_succeeded"
    }

    public var reason: Reason
    public var at: Timestamp?
}

/// A stage of the pipeline, run once, or for one competitor; or one LangGraph task (a node's
/// run, with its ``taskID``).
public struct StageRun: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable {
        /// `interrupted`: a LangGraph task that stopped at an `interrupt()`.
        case pending, active, done, failed, interrupted
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
    /// The LangGraph task this row is; nil for a stage of the envelopes.
    public var taskID: String?
    /// Why a task failed: "Class: message".
    public var error: String?
    /// For a task row, when it was made (the event count), to let the oldest task rows go first.
    var sequence = 0

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
    /// The numbers (in `stageNames`) of the stages that have a row this competitor's events
    /// belong to, until the rows move.
    var stagesWithRows = SmallNumberSet()

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
    /// The URLs of the previews kept (by `UniqueCounter.hash`, as `urls` counts them), to
    /// keep them unique once `urls` only estimates.
    var previewURLs: Set<UInt64> = []

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
            return
        }
        // A graph event counts by its mode, not its name: subgraph names carry task ids.
        let name = if case .graph(let event) = kind { event.mode } else { kind.type }
        if others[name] != nil || others.count < distinctLimit {
            others[name, default: 0] += 1
        } else {
            others[Self.otherTypes, default: 0] += 1
        }
    }

    /// Every type seen, with its count.
    public var byType: [String: Int] {
        var all = others
        // A server may name an unknown type like a known one (`malformed`): the counts add.
        for type in KnownType.allCases where known[type.rawValue] > 0 { all[type.name, default: 0] += known[type.rawValue] }
        return all
    }

    public subscript(type: String) -> Int { byType[type] ?? 0 }
}

/// A LangGraph model's output messages, accumulated from their chunks by id: the newest `limit`
/// kept in order of their first chunk, each text within `textLimit` UTF-8 bytes. Finding a
/// message by id is a dictionary lookup, so a token costs the same however long the run.
public struct ModelMessageLog: Equatable, Sendable {
    public let limit: Int
    public let textLimit: Int
    public private(set) var items: Deque<ModelMessage> = []
    /// Messages ever begun, kept or not.
    public private(set) var total = 0
    /// Each kept message's ordinal (its place among all messages ever begun).
    private var ordinals: [String: Int] = [:]

    public init(limit: Int, textLimit: Int) {
        self.limit = max(1, limit)
        self.textLimit = max(0, textLimit)
    }

    public var dropped: Int { total - items.count }
    public var isEmpty: Bool { items.isEmpty }

    public subscript(id: String) -> ModelMessage? {
        ordinals[id].map { items[$0 - dropped] }
    }

    /// A delta is appended to its message's text, a whole-so-far text replaces it; the first
    /// chunk of an id begins a message (letting the oldest go when the log is full).
    mutating func add(_ chunk: ModelMessageChunk) {
        if let ordinal = ordinals[chunk.messageID] {
            items[ordinal - dropped].merge(chunk, textLimit: textLimit)
            return
        }
        if items.count == limit {
            let oldest = items.removeFirst()
            ordinals[oldest.id] = nil
        }
        var message = ModelMessage(id: chunk.messageID, node: chunk.node, text: "")
        message.merge(chunk, textLimit: textLimit)
        ordinals[chunk.messageID] = total
        total += 1
        items.append(message)
    }
}

extension ModelMessage {
    /// The text stays a prefix of the message: once something was cut, later deltas are not
    /// added (a whole-so-far text, being a prefix itself, still replaces it).
    mutating func merge(_ chunk: ModelMessageChunk, textLimit: Int) {
        if let node = chunk.node { self.node = node }
        if chunk.isWholeSoFar {
            if let cut = TextLimit.prefix(chunk.text, maxBytes: textLimit) {
                text = cut
                isTruncated = true
            } else {
                text = chunk.text
                isTruncated = chunk.isTruncated
            }
            return
        }
        guard !isTruncated else { return }
        // Only the delta is ever cut, so a token costs the same however long the text.
        let room = textLimit - text.utf8.count
        if chunk.text.utf8.count <= room {
            text += chunk.text
            isTruncated = chunk.isTruncated
        } else {
            if room > 0, let cut = TextLimit.prefix(chunk.text, maxBytes: room) { text += cut }
            isTruncated = true
        }
    }
}
