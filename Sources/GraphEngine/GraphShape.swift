/// A graph's nodes and edges as LangGraph's `get_graph()` describes them, for showing: plain
/// edges, and conditional ones (routers, commands) to every destination they declare (to every
/// node when they declare none).
public struct GraphShape: Equatable, Sendable {
    public struct Edge: Equatable, Sendable {
        public let source: String
        public let target: String
        public let conditional: Bool
    }

    /// `START`, the nodes in the order added, then `END`.
    public let nodes: [String]
    public let edges: [Edge]

    init<State, Custom>(_ definition: StateGraph<State, Custom>) {
        let named = definition.nodes.map(\.name)
        nodes = [START] + named + [END]
        var edges = definition.edges.map { Edge(source: $0.from, target: $0.to, conditional: false) }
        for router in definition.conditionalEdges {
            for target in Self.order(router.destinations, among: named + [END]) {
                edges.append(Edge(source: router.source, target: target, conditional: true))
            }
        }
        for node in definition.nodes where node.destinations?.isEmpty != true {
            for target in Self.order(node.destinations, among: named + [END]) {
                edges.append(Edge(source: node.name, target: target, conditional: true))
            }
        }
        self.edges = edges
    }

    /// Declared destinations in the graph's own order; all of `candidates` when none are declared.
    private static func order(_ destinations: Set<String>?, among candidates: [String]) -> [String] {
        guard let destinations else { return candidates }
        return candidates.filter(destinations.contains)
    }
}
