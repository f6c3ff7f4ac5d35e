/// What a LangGraph Server stream says about the graph itself, beside the analysis envelopes
/// its nodes may write (`custom` events, decoded as the seed's): the run, its node tasks, the
/// model's tokens, interrupts. Decoded from the SSE `event:` name (`metadata`, `tasks`,
/// `updates`, `messages`, `messages/partial`, …; with subgraphs `<mode>|<namespace>|…`) and
/// from streamtop's own `streamtop_run` event, which a LangGraph feed writes after asking the
/// server how the run ended (so that a recording replays to the same state).
public struct GraphEvent: Equatable, Sendable {
    /// The event's name as sent, e.g. "tasks" or "updates|research:3f2a".
    public var name: String
    /// The subgraph path, from a name `<mode>|<ns>|<ns>`; empty for the root graph.
    public var namespace: [String]
    public var part: Part

    public init(name: String, namespace: [String] = [], part: Part) {
        self.name = name
        self.namespace = namespace
        self.part = part
    }

    /// The stream mode: the name without its namespace ("updates" for "updates|research:3f2a").
    /// Graph events are counted by it, so that subgraph task ids do not each make a type.
    public var mode: String {
        namespace.isEmpty ? name : String(name.prefix { $0 != "|" })
    }

    public enum Part: Equatable, Sendable {
        /// `metadata`: the run's id (and attempt).
        case runStarted(runID: String)
        /// `tasks`, a task's start: one row per task (a `Send` fan-out gives several of one node).
        /// When the task's input names a `competitor` (a `Send` per competitor), the event's
        /// ``AnalysisEvent/competitor`` carries it, and the row belongs to that competitor.
        case taskStarted(taskID: String, node: String)
        /// `tasks`, a task's result; `error` when it raised; `interrupted` when it stopped at
        /// an `interrupt()`.
        case taskFinished(taskID: String, node: String, error: ErrorReport?, interrupted: Bool)
        /// `updates` from nodes (`{node: update}`): those nodes have run (for streams without
        /// `tasks`).
        case nodesUpdated([String])
        /// `updates` with `__interrupt__`: the run waits for an answer.
        case interrupted([InterruptRequest])
        /// `messages` (messages-tuple: a delta) or `messages/partial` (the text so far) of one
        /// model message, with the node that produced it.
        case message(ModelMessageChunk)
        /// `streamtop_run`: how the server says the run stands (after its stream closed).
        case runStatus(ServerRun)
    }
}

/// An `interrupt()` the run waits on: its id and value (JSON text, sanitised).
public struct InterruptRequest: Equatable, Sendable {
    /// The longest value kept, in UTF-8 bytes; a longer one is cut, with a note.
    public static let maxValueBytes = 16_384

    public var id: String
    public var value: String

    public init(id: String, value: String) {
        self.id = id
        self.value = value
    }
}

/// A piece of a model's output message.
public struct ModelMessageChunk: Equatable, Sendable {
    /// The longest delta kept, in UTF-8 bytes; a longer one is cut, with a note.
    public static let maxDeltaBytes = 16_384
    /// The longest whole-so-far text kept (as much as the state keeps of a message); a longer
    /// one is cut without a note, since every later `messages/partial` would repeat it.
    public static let maxWholeBytes = 65_536

    public var messageID: String
    public var node: String?
    public var text: String
    /// True for `messages/partial`, whose text is the whole message so far; false for a delta.
    public var isWholeSoFar: Bool
    /// The text was cut to one of the bounds above.
    public var isTruncated: Bool

    public init(messageID: String, node: String?, text: String, isWholeSoFar: Bool, isTruncated: Bool = false) {
        self.messageID = messageID
        self.node = node
        self.text = text
        self.isWholeSoFar = isWholeSoFar
        self.isTruncated = isTruncated
    }
}

/// A model's output message, accumulated from its chunks.
public struct ModelMessage: Equatable, Sendable {
    public var id: String
    public var node: String?
    public var text: String
    /// Some of the text was let go: a chunk was cut, or the message outgrew
    /// ``AnalysisState/Limits/messageTextBytes``.
    public var isTruncated: Bool

    public init(id: String, node: String?, text: String, isTruncated: Bool = false) {
        self.id = id
        self.node = node
        self.text = text
        self.isTruncated = isTruncated
    }
}

/// A run on a LangGraph Server, as far as the stream and the server told.
public struct ServerRun: Equatable, Sendable {
    /// How runs end on a LangGraph Server (and `interrupted`, which the thread, not the run,
    /// reports on the version tested against).
    public enum Status: String, Equatable, Sendable {
        case pending, running, success, error, interrupted, timeout, cancelled
    }

    public var threadID: String?
    public var runID: String?
    /// As the user named it (a graph name or an assistant's UUID).
    public var assistantID: String?
    public var graphID: String?
    public var status: Status?
    public var interrupts: [InterruptRequest]

    public init(
        threadID: String? = nil, runID: String? = nil, assistantID: String? = nil, graphID: String? = nil,
        status: Status? = nil, interrupts: [InterruptRequest] = []
    ) {
        self.threadID = threadID
        self.runID = runID
        self.assistantID = assistantID
        self.graphID = graphID
        self.status = status
        self.interrupts = interrupts
    }
}
