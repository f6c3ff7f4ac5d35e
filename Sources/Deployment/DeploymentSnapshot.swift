import Analysis

/// One refresh of the list: a page of threads as the server gave it, with the details of the
/// rows asked for, and the counts around it.
public struct DeploymentSnapshot: Equatable, Sendable {
    /// What was asked.
    public var query: DeploymentQuery
    public var rows: [ThreadRow]
    /// The whole deployment's threads by status (`POST /threads/count`).
    public var deployment: [ThreadStatus: Int]
    /// How many threads the query matches, over all pages.
    public var matching: Int
    /// When it was fetched (wall clock, seconds since 1970).
    public var fetchedAt: Double
    /// The HTTP requests this refresh took.
    public var requests: Int

    public init(query: DeploymentQuery, rows: [ThreadRow], deployment: [ThreadStatus: Int], matching: Int, fetchedAt: Double, requests: Int) {
        self.query = query
        self.rows = rows
        self.deployment = deployment
        self.matching = matching
        self.fetchedAt = fetchedAt
        self.requests = requests
    }

    /// The deployment's thread total: the sum of its statuses.
    public var total: Int {
        deployment.values.reduce(0) { $0.saturatingSum($1) }
    }
}

/// What a watched deployment hands out, in order.
public enum DeploymentEvent: Equatable, Sendable {
    /// A refresh came back whole.
    case refreshed(DeploymentSnapshot)
    /// A refresh failed (unreachable, a 5xx, an answer that is not a list): the rows shown stay,
    /// marked stale.
    case refreshFailed(reason: String, at: Double)
    /// A followed thread's run moved.
    case progressed(threadID: String, ThreadProgress)
    /// A followed thread's run ended, or its stream did: it is followed no longer.
    case unfollowed(threadID: String)
    /// An action asked of the server (answer, cancel, start) and how it went.
    case acted(String, isError: Bool)
}
