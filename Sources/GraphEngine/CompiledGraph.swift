/// A checked graph, ready to run any number of times, concurrently if need be.
///
/// A run proceeds in supersteps, as LangGraph's Pregel loop: the nodes scheduled for a step
/// run concurrently on the state as it was when the step began; when all have returned,
/// their updates are folded into the state through the reducers in schedule order (routed
/// nodes by name, then Sends in the order they were made), never in completion order; then
/// edges, routers, commands and Sends choose the next step's nodes. A node reached by several
/// routes in one step runs once; each Send runs separately. The run ends when no node is left.
public struct CompiledGraph<State: Sendable, Custom: Sendable>: Sendable {
    /// The number of supersteps a run may take unless told otherwise, as in LangGraph.
    public static var defaultRecursionLimit: Int { 25 }

    let schema: StateSchema<State>
    /// Sorted by name, so that sorting node indices sorts by name.
    let nodes: [CompiledNode<State, Custom>]
    let nodeIndex: [String: Int]
    let start: Routing<State>
    /// The nodes and edges, for showing.
    public let shape: GraphShape

    init(_ definition: StateGraph<State, Custom>) {
        shape = GraphShape(definition)
        let sorted = definition.nodes.sorted { $0.name < $1.name }
        let nodeIndex = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.name, $0) })
        let edgesBySource = Dictionary(grouping: definition.edges, by: \.from)
        let routersBySource = Dictionary(grouping: definition.conditionalEdges, by: \.source)
        func routing(from source: String, commandDestinations: Set<String>?) -> Routing<State> {
            Routing(
                source: source,
                edges: edgesBySource[source, default: []].compactMap { nodeIndex[$0.to] },
                routers: routersBySource[source, default: []],
                commandDestinations: commandDestinations)
        }
        schema = definition.schema
        self.nodeIndex = nodeIndex
        nodes = sorted.map { node in
            CompiledNode(
                name: node.name, action: node.action,
                routing: routing(from: node.name, commandDestinations: node.destinations))
        }
        start = routing(from: START, commandDestinations: [])
    }

    /// Runs the graph from `input`, streaming the parts `modes` ask for.
    ///
    /// The run starts at once and ends when the stream ends: after the last step, or after
    /// an `.error` part. Cancel it with `GraphRun.cancel()`, by cancelling the task that
    /// iterates, or by no longer iterating; nothing is streamed after that.
    public func stream(
        _ input: State,
        modes: Set<StreamMode> = [.values],
        recursionLimit: Int = defaultRecursionLimit
    ) -> GraphRun<State, Custom> {
        GraphRun(graph: self, input: input, modes: modes, recursionLimit: recursionLimit)
    }

    /// Runs the graph from `input` to its end and returns the final state.
    ///
    /// - Throws: `GraphRunError` if a node fails or the recursion limit is reached;
    ///   `CancellationError` if the calling task is cancelled.
    public func invoke(_ input: State, recursionLimit: Int = defaultRecursionLimit) async throws -> State {
        let loop = SuperstepLoop(graph: self, modes: [], recursionLimit: recursionLimit, emit: { _ in })
        return try await loop.run(from: input)
    }
}
