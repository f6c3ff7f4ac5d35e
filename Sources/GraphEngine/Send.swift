/// Runs `node` in the next superstep with `input` as its state, as LangGraph's `Send`.
///
/// Each Send is its own task, even when several target the same node, which is how a router
/// fans out one branch per item (map); the branches' updates are then folded into the shared
/// state by the reducers (reduce).
public struct Send<State: Sendable>: Sendable {
    /// The node to run.
    public let node: String
    /// The state that node receives instead of the shared state.
    public let input: State

    /// A task for `node` that receives `input` as its state.
    public init(_ node: String, _ input: State) {
        self.node = node
        self.input = input
    }
}
