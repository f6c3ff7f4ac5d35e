/// The pipeline's graph as streamtop shows it: its nodes and the edges between them. It comes
/// from the engine's own definition (the demo, `serve`), from a LangGraph Server's
/// `GET /assistants/{id}/graph`, or, for a stream that names no graph, from the stages it
/// showed so far (``seen(in:)``). A node is named as the stages and tasks of its runs are.
public struct PipelineShape: Equatable, Sendable {
    public struct Edge: Equatable, Sendable {
        public var source: String
        public var target: String
        /// A router's or a command's edge, taken only when the node chooses it.
        public var conditional: Bool

        public init(source: String, target: String, conditional: Bool = false) {
            self.source = source
            self.target = target
            self.conditional = conditional
        }
    }

    /// Where a shape came from, which says how much of the graph it knows.
    public enum Source: Equatable, Sendable {
        /// The in-process engine's own definition (the demo, `serve`): the whole graph.
        case engine
        /// A LangGraph Server's `GET /assistants/{id}/graph`: the whole graph, as the server draws it.
        case server
        /// The stages a stream showed so far: a chain, in order of first appearance.
        case seen
    }

    /// LangGraph's names for the graph's entry and exit.
    public static let start = "__start__"
    public static let end = "__end__"

    /// In the order the graph lists them (the start first, the end last, when it has them).
    public var nodes: [String]
    public var edges: [Edge]
    public var source: Source

    public init(nodes: [String], edges: [Edge], source: Source = .engine) {
        self.nodes = nodes
        self.edges = edges
        self.source = source
    }

    /// The stages a stream showed so far, in order of first appearance, as a chain from the
    /// start to the end: all a stream without a graph says of its shape.
    public static func seen(in state: AnalysisState) -> PipelineShape {
        var names: [String] = []
        var known = Set<String>()
        for stage in state.stages where known.insert(stage.name).inserted { names.append(stage.name) }
        let chain = [start] + names + [end]
        return PipelineShape(nodes: chain, edges: zip(chain, chain.dropFirst()).map { Edge(source: $0, target: $1) }, source: .seen)
    }

    /// Whether a node is the graph's entry or exit rather than a stage of it.
    public static func isTerminal(_ node: String) -> Bool {
        node == start || node == end
    }
}
