import Foundation
import JSON

/// How a ``LangGraphFeed`` reaches a LangGraph Server and what it asks of it.
public struct LangGraphOptions: Sendable {
    /// The variables an API key is read from, in order, as the LangGraph SDK reads them; it is
    /// sent as `x-api-key` and never shown, logged or recorded.
    public static let apiKeyVariables = ["LANGGRAPH_API_KEY", "LANGSMITH_API_KEY"]
    /// What a run streams unless told otherwise: the seed's envelopes, node updates, node
    /// tasks and the model's tokens.
    public static let defaultStreamModes = ["custom", "updates", "tasks", "messages-tuple"]

    /// Which run to follow.
    public enum Target: Equatable, Sendable {
        /// Start a run of `assistant` on a new thread (`POST /threads`), or on `thread`.
        case start(assistant: String, thread: String?)
        /// Start a stateless run (`POST /runs/stream`): nothing can be asked afterwards.
        case stateless(assistant: String)
        /// Follow a run that is already going, from its start unless `live`.
        case join(thread: String, run: String, live: Bool)
        /// Show a thread's run as far as the server still holds it: joined from its start when
        /// its stream is held (it was started resumable), joined from now while it goes when not,
        /// else the thread's end state (`streamtop runs`, Enter).
        case inspect(thread: String, run: String)
    }

    /// The server's base URL, with the user's headers; its path is the API's root.
    public var server: StreamRequest
    public var target: Target
    /// The run's `input`; ignored when `resume` is given.
    public var input: JSONValue = .object(JSONObject())
    /// Answers the interrupt the thread waits on (`command: {"resume": …}`) instead of `input`.
    public var resume: JSONValue?
    public var config: JSONValue?
    public var streamModes = LangGraphOptions.defaultStreamModes
    public var apiKey: String?
    public var idleTimeout: Duration = .seconds(45)
    /// Never rejoin a dropped stream.
    public var once = false
    /// After the run stops at an interrupt, wait for ``FeedCommand/answerInterrupt(_:)`` (the
    /// dashboard's `a`); otherwise the feed ends there.
    public var waitsForAnswers = false
    public var insecure = false
    public var policy = ReconnectPolicy()
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    public init(server: StreamRequest, target: Target) {
        self.server = server
        self.target = target
    }

    /// The key from the environment, as the SDK finds it.
    public static func apiKey(in environment: [String: String]) -> String? {
        apiKeyVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }

    var assistant: String? {
        switch target {
        case .start(let assistant, _), .stateless(let assistant): assistant
        case .join, .inspect: nil
        }
    }
}
