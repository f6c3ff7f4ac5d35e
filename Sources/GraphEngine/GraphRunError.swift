/// Why a run stopped before reaching its end; streamed as the run's last part.
public enum GraphRunError: Error, Equatable, CustomStringConvertible {
    /// A node (or one of its routers) threw. `errorType` is the thrown type's name and
    /// `message` its description.
    case nodeFailed(node: String, errorType: String, message: String)
    /// The run still had nodes to run after `limit` supersteps.
    case recursionLimitReached(limit: Int)
    /// A route or Send from `from` names a node the graph does not have.
    case unknownDestination(String, from: String)
    /// A route or Send from `from` names a node missing from the destinations it declared.
    case undeclaredDestination(String, from: String)

    init(node: String, error: any Error) {
        self = .nodeFailed(
            node: node, errorType: String(describing: type(of: error)), message: String(describing: error))
    }

    /// The node the failure belongs to, if it belongs to one.
    public var node: String? {
        switch self {
        case .nodeFailed(let node, _, _), .unknownDestination(_, let node), .undeclaredDestination(_, let node):
            node
        case .recursionLimitReached:
            nil
        }
    }

    public var description: String {
        switch self {
        case .nodeFailed(let node, let errorType, let message):
            "node '\(node)' failed with \(errorType): \(message)"
        case .recursionLimitReached(let limit):
            "recursion limit of \(limit) steps reached without reaching END; "
                + "raise recursionLimit if the graph is meant to run longer"
        case .unknownDestination(let name, let from):
            "'\(from)' routed to unknown node '\(name)'"
        case .undeclaredDestination(let name, let from):
            "'\(from)' routed to '\(name)', which is not among its declared destinations"
        }
    }
}
