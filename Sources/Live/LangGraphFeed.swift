import Analysis
import Feeds
import JSON
import Synchronization

/// A run on a LangGraph Server as a feed: started (on a new or given thread, or stateless),
/// resumed with an answer to its interrupt, or joined while it goes; its stream decoded —
/// the seed's envelopes from `custom` events, node tasks as stages, the model's tokens — and
/// its end asked of the server. See ``LangGraphOptions``.
///
/// Commands: ``FeedCommand/answerInterrupt(_:)`` resumes a run that waits on an interrupt (when
/// ``LangGraphOptions/waitsForAnswers``), ``FeedCommand/cancelRun`` cancels the run that is going.
public final class LangGraphFeed: Feed {
    public let options: LangGraphOptions
    private let clock: SessionClock
    private let answers = CommandInbox<String>()
    private let current = CurrentRun()

    public init(_ options: LangGraphOptions) {
        self.options = options
        clock = SessionClock(now: options.now())
    }

    public var source: String { options.server.displayURL }
    public var startedAt: Timestamp { clock.startedAt }

    public func elements() -> FeedElements {
        FeedElements { [options, clock, answers, current] buffer in
            await LangGraphSession(options: options, clock: clock, answers: answers, current: current, out: buffer).run()
        }
    }

    public func send(_ command: FeedCommand) {
        switch command {
        case .answerInterrupt(let text):
            answers.send(text)
        case .cancelRun:
            guard let thread = current.run.threadID, let runID = current.run.runID else { return }
            let options = options
            Task {
                let client = HTTPClientSetup.client(
                    for: options.server.url, insecure: options.insecure, idleTimeout: .seconds(30), environment: options.environment
                )
                _ = try? await LangGraphAPI(client: client, options: options)
                    .call(.POST, "/threads/\(thread)/runs/\(runID)/cancel", body: .object(JSONObject()))
                try? await client.shutdown()
            }
        case .playback, .restartAnalysis:
            break
        }
    }
}

/// The run a session follows, for commands that reach it from other threads.
final class CurrentRun: Sendable {
    private let state = Mutex(ServerRun())

    var run: ServerRun { state.withLock { $0 } }

    func set(_ run: ServerRun) {
        state.withLock { $0 = run }
    }
}
