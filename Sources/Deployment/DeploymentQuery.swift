/// Which of a deployment's threads the list shows: a page of them, newest activity first.
public struct DeploymentQuery: Equatable, Sendable {
    /// The most rows a page holds (`--limit`), and the bounds it is kept in.
    public static let defaultLimit = 100
    public static let limitRange = 1...1_000

    /// Only threads of this graph (`metadata.graph_id`), or of this assistant when it is a
    /// UUID (`metadata.assistant_id`).
    public var assistant: String?
    /// Only threads in these statuses; empty for all. The server filters one status per
    /// search, so several are searched one by one and merged.
    public var statuses: [ThreadStatus]
    public var limit: Int
    /// Where the page starts in the whole list.
    public var offset = 0

    public init(assistant: String? = nil, statuses: [ThreadStatus] = [], limit: Int = DeploymentQuery.defaultLimit) {
        self.assistant = assistant
        self.statuses = statuses
        self.limit = min(max(limit, Self.limitRange.lowerBound), Self.limitRange.upperBound)
    }

    /// The next status filter `s` gives: all, then each status alone, then all again.
    public func cyclingStatus() -> DeploymentQuery {
        var next = self
        next.offset = 0
        if statuses.count == 1, let index = ThreadStatus.allCases.firstIndex(of: statuses[0]) {
            next.statuses = index + 1 < ThreadStatus.allCases.count ? [ThreadStatus.allCases[index + 1]] : []
        } else {
            next.statuses = statuses.isEmpty ? [ThreadStatus.allCases[0]] : []
        }
        return next
    }

    /// How the header names the filter: "all", "busy", "idle+error".
    public var statusLabel: String {
        statuses.isEmpty ? "all" : statuses.map(\.rawValue).joined(separator: "+")
    }
}
