import Deployment
import Foundation

/// How a ``DeploymentWatch`` reaches a LangGraph Server and what it lists.
public struct DeploymentOptions: Sendable {
    /// The server's base URL, with the user's headers.
    public var server: StreamRequest
    public var query: DeploymentQuery
    /// Between refreshes (`--refresh`, default 2 s).
    public var refresh: Duration = .seconds(2)
    /// Ask for the latest run and place of every row of the page, not only the rows shown
    /// (the headless faces show them all).
    public var detailsForAll = false
    /// Follow the streams of busy threads on the page, at most this many at once (`--follow`,
    /// `--max-follow`); 0 follows none.
    public var maxFollow = 0
    public var apiKey: String?
    public var insecure = false
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    public var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    public init(server: StreamRequest, query: DeploymentQuery) {
        self.server = server
        self.query = query
    }

    /// The options of a ``LangGraphFeed`` for a run of this deployment.
    public func langGraph(_ target: LangGraphOptions.Target) -> LangGraphOptions {
        var options = LangGraphOptions(server: server, target: target)
        options.apiKey = apiKey
        options.insecure = insecure
        options.environment = environment
        options.now = now
        options.sleep = sleep
        return options
    }
}
