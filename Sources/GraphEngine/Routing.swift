/// Everything that decides where the run goes after one node (or after `START`).
struct Routing<State: Sendable>: Sendable {
    let source: String
    /// Plain edges, as node indices; edges to `END` schedule nothing, so they are left out.
    let edges: [Int]
    let routers: [ConditionalEdge<State>]
    /// The destinations the node's commands may go to; nil for anywhere.
    let commandDestinations: Set<String>?

    /// Where the run goes after the source returned `command`, given the state of the step
    /// it ran in.
    func targets(
        after command: Command<State>,
        stepState: State,
        nodeIndex: [String: Int],
        schema: StateSchema<State>
    ) async throws -> [Target<State>] {
        var targets = edges.map(Target<State>.node)
        try resolve(command.goto, declared: commandDestinations, nodeIndex: nodeIndex, into: &targets)
        guard !routers.isEmpty else { return targets }
        // As in LangGraph, a router reads the state with its own node's writes applied but
        // not those of the nodes that ran alongside it, which are not merged yet.
        var ownView = stepState
        command.update.apply(to: &ownView, using: schema)
        for router in routers {
            let routes: [Goto<State>]
            do {
                routes = try await router.route(ownView)
            } catch {
                throw GraphRunError(node: source, error: error)
            }
            try resolve(routes, declared: router.destinations, nodeIndex: nodeIndex, into: &targets)
        }
        return targets
    }

    private func resolve(
        _ routes: [Goto<State>],
        declared: Set<String>?,
        nodeIndex: [String: Int],
        into targets: inout [Target<State>]
    ) throws(GraphRunError) {
        for route in routes {
            let name = switch route {
            case .node(let name): name
            case .send(let send): send.node
            }
            guard declared?.contains(name) ?? true else { throw .undeclaredDestination(name, from: source) }
            if case .node(END) = route { continue }
            guard let index = nodeIndex[name] else { throw .unknownDestination(name, from: source) }
            switch route {
            case .node: targets.append(.node(index))
            case .send(let send): targets.append(.send(index, input: send.input))
            }
        }
    }
}

/// A node to run next step: pulled by a route (once, on the shared state) or sent (each
/// Send on its own input).
enum Target<State: Sendable>: Sendable {
    case node(Int)
    case send(Int, input: State)
}
