/// A node as added to a `StateGraph`.
struct NodeDefinition<State: Sendable, Custom: Sendable>: Sendable {
    typealias Action = @Sendable (State, RunContext<Custom>) async throws -> Command<State>

    let name: String
    let action: Action
    /// Where the node's commands may go; nil when it did not say, so anywhere.
    let destinations: Set<String>?
}
