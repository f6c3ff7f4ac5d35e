#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// One event of the analysis stream, decoded from the envelope of DESIGN.md ("The stream
/// protocol") or made by the in-process engine.
///
/// Every input becomes an event — even one that could not be understood, which arrives as
/// ``Kind/malformed(_:)`` — so that the reducer sees the whole stream in order and a replay
/// can be sought to any position of it.
public struct AnalysisEvent: Equatable, Sendable {
    public var kind: Kind
    public var timestamp: Timestamp?
    public var sessionID: String? {
        get { text(sessionIDText) }
        set { sessionIDText = newValue.map(EventText.string) }
    }
    public var requestID: String? {
        get { text(requestIDText) }
        set { requestIDText = newValue.map(EventText.string) }
    }
    public var stage: String? {
        get { text(stageText) }
        set { stageText = newValue.map(EventText.string) }
    }
    public var competitor: String? {
        get { text(competitorText) }
        set { competitorText = newValue.map(EventText.string) }
    }
    /// The whole run's progress, 0…1.
    public var progress: Double?
    /// This competitor's own progress, 0…1, from servers that send it.
    public var competitorProgress: Double?
    public var message: String? {
        get { text(messageText) }
        set { messageText = newValue.map(EventText.string) }
    }
    /// The final report, when an event carries one.
    public var report: JSONValue?
    /// 1-based line of the input at which the event began, when it came from text.
    public var line: Int?
    /// Fields that were present but unusable (wrong type, out of range); the rest of the event
    /// is kept and these become diagnostics.
    public var problems: [String]

    /// The JSON the event was decoded from, which its deferred texts point into (the same
    /// storage as the wire's bytes, so it costs nothing to keep); empty for events made in
    /// process.
    var payload: [UInt8] = []
    var sessionIDText: EventText?
    var requestIDText: EventText?
    var stageText: EventText?
    var competitorText: EventText?
    var messageText: EventText?

    func text(_ text: EventText?) -> String? {
        text?.string(in: payload)
    }

    /// The event with its texts made Strings and its payload let go, for an event kept past
    /// its batch (a queue, a log of recent events), which would otherwise keep all its bytes.
    /// `cache` shares the texts that repeat, as the decoder's would.
    public func detached(cache: StringCache?) -> AnalysisEvent {
        guard !payload.isEmpty else { return self }
        // Made anew, not a copy changed in place: see the note on the initializers.
        return payload.withUnsafeBufferPointer { bytes in
            func keep(_ text: EventText?) -> EventText? {
                text.map { .string($0.string(in: bytes, cache: cache)) }
            }
            return AnalysisEvent(
                kind: kind, timestamp: timestamp, progress: progress, competitorProgress: competitorProgress,
                report: report, line: line, problems: problems, sessionIDText: keep(sessionIDText),
                requestIDText: keep(requestIDText), stageText: keep(stageText), competitorText: keep(competitorText),
                messageText: keep(messageText)
            )
        }
    }

    /// Events are equal when they say the same, however their texts are held.
    public static func == (lhs: AnalysisEvent, rhs: AnalysisEvent) -> Bool {
        lhs.kind == rhs.kind && lhs.timestamp == rhs.timestamp && lhs.sessionID == rhs.sessionID
            && lhs.requestID == rhs.requestID && lhs.stage == rhs.stage && lhs.competitor == rhs.competitor
            && lhs.progress == rhs.progress && lhs.competitorProgress == rhs.competitorProgress
            && lhs.message == rhs.message && lhs.report == rhs.report && lhs.line == rhs.line
            && lhs.problems == rhs.problems
    }

    public enum Kind: Equatable, Sendable {
        case stageStarted
        case stageCompleted(durationMs: Double?)
        case progressUpdate
        case searchStarted(query: String?)
        case sourcesFound(SourcesFound)
        case insightGenerated(Insight)
        case error(ErrorReport)
        case heartbeat
        case analysisCompleted(summary: String?)
        /// What a LangGraph Server says about the graph: its run, node tasks, model output,
        /// interrupts.
        case graph(GraphEvent)
        /// A well-formed event of a type this client does not know; kept and counted.
        case unknown(type: String)
        /// Input that is not an event at all: not JSON, JSON without a type, an event too
        /// large to keep, a broken log line.
        case malformed(reason: String)
    }

    /// The type as it is spelled on the wire.
    public var type: String { kind.type }
}

// The initializers are in an extension so that the memberwise one is made, which they call:
// an initializer that sets a large struct's properties one by one builds it in memory and
// then copies it out (Swift 6.3 retains and releases every reference in it), once per event.
extension AnalysisEvent {
    public init(
        _ kind: Kind, timestamp: Timestamp? = nil, sessionID: String? = nil, requestID: String? = nil,
        stage: String? = nil, competitor: String? = nil, progress: Double? = nil,
        competitorProgress: Double? = nil, message: String? = nil, report: JSONValue? = nil,
        line: Int? = nil, problems: [String] = []
    ) {
        self.init(
            kind, timestamp: timestamp, sessionIDText: sessionID.map(EventText.string),
            requestIDText: requestID.map(EventText.string), stageText: stage.map(EventText.string),
            competitorText: competitor.map(EventText.string), progress: progress, competitorProgress: competitorProgress,
            messageText: message.map(EventText.string), report: report, line: line, problems: problems, payload: []
        )
    }

    init(
        _ kind: Kind, timestamp: Timestamp?, sessionIDText: EventText?, requestIDText: EventText?, stageText: EventText?,
        competitorText: EventText?, progress: Double?, competitorProgress: Double?, messageText: EventText?,
        report: JSONValue?, line: Int?, problems: [String], payload: [UInt8]
    ) {
        self.init(
            kind: kind, timestamp: timestamp, progress: progress, competitorProgress: competitorProgress, report: report,
            line: line, problems: problems, payload: payload, sessionIDText: sessionIDText, requestIDText: requestIDText,
            stageText: stageText, competitorText: competitorText, messageText: messageText
        )
    }
}

extension AnalysisEvent.Kind {
    /// The type as it is spelled on the wire.
    public var type: String {
        switch self {
        case .unknown(let type): return type
        case .graph(let event): return event.name
        default: return knownType!.name
        }
    }

    /// Nil only for ``unknown(type:)`` and ``graph(_:)``, which are counted by name.
    var knownType: KnownType? {
        switch self {
        case .stageStarted: .stageStarted
        case .stageCompleted: .stageCompleted
        case .progressUpdate: .progressUpdate
        case .searchStarted: .searchStarted
        case .sourcesFound: .sourcesFound
        case .insightGenerated: .insightGenerated
        case .error: .error
        case .heartbeat: .heartbeat
        case .analysisCompleted: .analysisCompleted
        case .malformed: .malformed
        case .unknown, .graph: nil
        }
    }
}

/// The event types streamtop knows, numbered so that they can be recognised from bytes and
/// counted without hashing a String per event.
enum KnownType: Int, CaseIterable, Sendable {
    case stageStarted, stageCompleted, progressUpdate, searchStarted, sourcesFound, insightGenerated
    case error, heartbeat, analysisCompleted, malformed

    private static let wireNames: [[UInt8]] = allCases.map { Array($0.name.utf8) }

    var name: String {
        switch self {
        case .stageStarted: "stage_started"
        case .stageCompleted: "stage_completed"
        case .progressUpdate: "progress_update"
        case .searchStarted: "search_started"
        case .sourcesFound: "sources_found"
        case .insightGenerated: "insight_generated"
        case .error: "error"
        case .heartbeat: "heartbeat"
        case .analysisCompleted: "analysis_completed"
        case .malformed: "malformed"
        }
    }

    /// The type a server sent; `malformed` is streamtop's own and never comes from the wire.
    init?(wireName name: UnsafeBufferPointer<UInt8>) {
        guard let base = name.baseAddress else { return nil }
        for (index, candidate) in Self.wireNames.enumerated()
        where candidate.count == name.count && index != Self.malformed.rawValue {
            if memcmp(candidate, base, name.count) == 0 {
                self.init(rawValue: index)
                return
            }
        }
        return nil
    }
}

/// What a `sources_found` event says: how many sources a search found, and a preview of some.
public struct SourcesFound: Equatable, Sendable {
    /// The number found, which may exceed the preview; the preview's size when not given.
    public var count: Int
    public var previews: [SourcePreview]
    public var query: String?

    public init(count: Int, previews: [SourcePreview] = [], query: String? = nil) {
        self.count = count
        self.previews = previews
        self.query = query
    }
}

public struct SourcePreview: Equatable, Sendable {
    public var title: String
    public var url: String {
        didSet { urlHash = UniqueCounter.hash(url) }
    }
    /// The URL by ``UniqueCounter/hash(_:)``, as the state counts it: made with the preview, on
    /// the decoding thread, so that folding a source (most repeat a URL already seen) does not
    /// touch its text.
    private(set) var urlHash: UInt64
    public var snippet: String?
    public var score: Double?
    public var publishedDate: String?
    /// The competitor whose research found it (from the event carrying it).
    public var competitor: String?
    /// The search that found it (from the event carrying it).
    public var query: String?
}

extension SourcePreview {
    public init(
        title: String, url: String, snippet: String? = nil, score: Double? = nil,
        publishedDate: String? = nil, competitor: String? = nil, query: String? = nil
    ) {
        self.init(
            title: title, url: url, urlHash: UniqueCounter.hash(url), snippet: snippet, score: score,
            publishedDate: publishedDate, competitor: competitor, query: query
        )
    }
}

public struct Insight: Equatable, Sendable {
    // `sources` first: the memberwise initializer, which the public one calls, then has labels
    // of its own (see the note on AnalysisEvent's initializers).
    public var sources: [String]
    /// The insight itself: the string sent, or an object's summary (else its title).
    public var text: String
    public var title: String?
    public var category: String?
    public var confidence: Double?
    public var competitor: String?
}

extension Insight {
    public init(
        text: String, title: String? = nil, category: String? = nil, confidence: Double? = nil,
        competitor: String? = nil, sources: [String] = []
    ) {
        self.init(
            sources: sources, text: text, title: title, category: category, confidence: confidence, competitor: competitor
        )
    }
}

public struct ErrorReport: Equatable, Sendable {
    public var message: String
    /// The exception's class or an error code, when the server names one.
    public var errorType: String?

    public init(message: String, errorType: String? = nil) {
        self.message = message
        self.errorType = errorType
    }
}
