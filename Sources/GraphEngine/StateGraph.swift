/// Describes a graph of nodes over a shared `State`, as LangGraph's `StateGraph`; `compile()`
/// checks the wiring and returns the runnable `CompiledGraph`.
///
/// `Custom` is the type of the events nodes emit through `RunContext.writer` (use `Never` if
/// they emit none).
///
/// ```swift
/// var graph = StateGraph<Research, Progress>(schema: StateSchema().reducing(\.findings, with: .append))
/// graph.addNode("plan") { state, _ in .write(\.queries, queries(about: state.topic)) }
/// graph.addNode("search") { input, context in
///     context.writer(.searching(input.query))
///     return .write(\.findings, [await search(input.query)])
/// }
/// graph.addNode("summarise") { state, _ in .write(\.report, state.findings.joined(separator: "\n")) }
/// graph.addEdge(from: START, to: "plan")
/// graph.addConditionalEdges(from: "plan", destinations: ["search"]) { state in
///     state.queries.map { .send(Send("search", Research(query: $0))) }
/// }
/// graph.addEdge(from: "search", to: "summarise")
/// graph.addEdge(from: "summarise", to: END)
/// for await part in try graph.compile().stream(Research(topic: "spine"), modes: [.custom, .values]) { … }
/// ```
public struct StateGraph<State: Sendable, Custom: Sendable>: Sendable {
    /// The node's function: it reads the state (or its Send's input) and returns writes.
    public typealias UpdateAction = @Sendable (State, RunContext<Custom>) async throws -> Update<State>
    /// The node's function when it also chooses where to go next.
    public typealias CommandAction = @Sendable (State, RunContext<Custom>) async throws -> Command<State>
    /// A conditional edge's function: node names and/or Sends to run next.
    public typealias Router = @Sendable (State) async throws -> [Goto<State>]

    let schema: StateSchema<State>
    private(set) var nodes: [NodeDefinition<State, Custom>] = []
    private(set) var edges: [Edge] = []
    private(set) var conditionalEdges: [ConditionalEdge<State>] = []

    /// An empty graph whose state keys combine writes as `schema` says.
    public init(schema: StateSchema<State> = StateSchema()) {
        self.schema = schema
    }

    /// Adds a node that returns an update; where it goes next is up to its edges.
    public mutating func addNode(_ name: String, _ action: @escaping UpdateAction) {
        let asCommand: CommandAction = { Command(update: try await action($0, $1)) }
        nodes.append(NodeDefinition(name: name, action: asCommand, destinations: []))
    }

    /// Adds a node that returns a `Command`: an update plus where to go next.
    ///
    /// - Parameter destinations: every node its commands may go to, if known. Declaring them
    ///   lets `compile()` find unreachable nodes, and a command going elsewhere fails the run.
    public mutating func addNode(_ name: String, destinations: [String]? = nil, _ action: @escaping CommandAction) {
        nodes.append(NodeDefinition(name: name, action: action, destinations: destinations.map(Set.init)))
    }

    /// Adds an edge: whenever `from` (or `START`) runs, `to` (or `END`) runs in the next step.
    public mutating func addEdge(from: String, to: String) {
        edges.append(Edge(from: from, to: to))
    }

    /// Adds a router run after `from` (or at `START`, on the input): it returns the node names
    /// and/or `Send`s to run next. It sees the state as `from` left it: the step's state plus
    /// `from`'s own update, not those of nodes running alongside it.
    ///
    /// - Parameter destinations: every node it may route to, if known (as LangGraph's
    ///   `path_map`). Declaring them lets `compile()` find unreachable nodes, and a route
    ///   going elsewhere fails the run.
    public mutating func addConditionalEdges(from: String, destinations: [String]? = nil, _ router: @escaping Router) {
        conditionalEdges.append(ConditionalEdge(source: from, route: router, destinations: destinations.map(Set.init)))
    }

    /// Checks the wiring and returns the runnable graph.
    ///
    /// Unreachable nodes are an error, not a warning: they are almost always a missing edge.
    /// A router or command node that does not declare its destinations may go anywhere, so
    /// everything after it counts as reachable.
    public func compile() throws(GraphDefinitionError) -> CompiledGraph<State, Custom> {
        try validate()
        return CompiledGraph(self)
    }
}
