/// A mistake in how a graph is wired, found by `StateGraph.compile()` before anything runs.
public enum GraphDefinitionError: Error, Equatable, CustomStringConvertible {
    /// A node was given the name of `START` or `END`.
    case reservedNodeName(String)
    /// Two nodes were given the same name.
    case duplicateNode(String)
    /// An edge or conditional edge starts at a node that does not exist.
    case unknownSource(String)
    /// An edge, or a declared destination, leads from `from` to a node that does not exist.
    case unknownTarget(String, from: String)
    /// An edge starts at `END`, which ends the run.
    case edgeFromEnd
    /// An edge leads from `from` back to `START`, which is not a node.
    case edgeToStart(from: String)
    /// Nothing leads out of `START`, so no node would ever run.
    case noEntryPoint
    /// No path from `START` reaches these nodes (in the order they were added).
    case unreachableNodes([String])

    public var description: String {
        switch self {
        case .reservedNodeName(let name):
            "'\(name)' is reserved for the graph's start and end; name the node otherwise"
        case .duplicateNode(let name):
            "a node named '\(name)' was added twice"
        case .unknownSource(let name):
            "an edge starts at unknown node '\(name)'"
        case .unknownTarget(let name, let from):
            "an edge from '\(from)' leads to unknown node '\(name)'"
        case .edgeFromEnd:
            "an edge starts at END; END ends the run and has no successors"
        case .edgeToStart(let from):
            "an edge from '\(from)' leads to START; START is where a run begins, not a node"
        case .noEntryPoint:
            "the graph has no entry point: add an edge or conditional edge from START"
        case .unreachableNodes(let names):
            "no path from START reaches \(names.map { "'\($0)'" }.joined(separator: ", "))"
        }
    }
}
