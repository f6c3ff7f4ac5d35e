import Analysis

/// The one kind of value every feed produces, in order.
public enum FeedElement: Equatable, Sendable {
    /// Items to reduce, in order: a batch per read (a network read, a chunk of a log), so
    /// that a busy stream costs one hand-over per batch, not per event.
    case items([FeedItem])
    /// The connection's state changed; the header shows the latest.
    case connection(ConnectionStatus)
    /// Where a replay is: position, time, speed, paused, ended.
    case playback(PlaybackStatus)
    /// One line for the user (why a connection dropped, a seek that cannot be done yet):
    /// neither reduced nor recorded.
    case notice(String, isError: Bool)
    /// A replay moved to another point: the state there, and the events just before it.
    case snapshot(AnalysisState, recent: [AnalysisEvent])
    /// The graph the run follows, when the feed knows it (the demo's engine, a LangGraph
    /// assistant's graph): neither reduced nor recorded.
    case pipeline(PipelineShape)
    /// The feed has nothing more to say, and why; always its last element.
    case end(FeedEnd)
}

/// Why a feed ended.
public enum FeedEnd: Equatable, Sendable {
    /// As it should: the run completed, the log was read through, the server ended the
    /// stream, or the batch result was shown.
    case finished
    /// Broken off: the reason, for the user and the exit status.
    case failed(String)
    /// A stream that cannot be resumed broke before the run completed; only a new analysis
    /// (a new, paid-for run) would go on.
    case interrupted(String)
}

extension FeedEnd {
    /// How a feed that talks to a server ends, from the last connection state it reported.
    public init(after status: ConnectionStatus?) {
        switch status {
        case .failed(let reason): self = .failed(reason)
        case .interrupted(let reason): self = .interrupted(reason)
        case .completed, .ended, .notLive, .needsInput: self = .finished
        case .connecting, .streaming, .stalled, .reconnecting, nil: self = .failed("the feed was stopped")
        }
    }
}

/// What the user asks of a feed. Feeds that do not understand a command ignore it.
public enum FeedCommand: Hashable, Sendable {
    /// A replay's player controls.
    case playback(PlaybackCommand)
    /// Start a new analysis after the stream broke off unresumably.
    case restartAnalysis
    /// Answer the interrupt a run waits on, resuming it: the text as typed (JSON if it
    /// parses, else a string).
    case answerInterrupt(String)
    /// Cancel the run that is going.
    case cancelRun
}
