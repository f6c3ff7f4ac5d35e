/// A node with its routing resolved to node indices.
struct CompiledNode<State: Sendable, Custom: Sendable>: Sendable {
    let name: String
    let action: NodeDefinition<State, Custom>.Action
    let routing: Routing<State>
}
