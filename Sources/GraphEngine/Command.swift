/// A node's update together with where to go next, as LangGraph's `Command(update:goto:)`.
///
/// The destinations add to the node's edges; they do not replace them.
public struct Command<State: Sendable>: Sendable {
    /// The writes to fold into the state at the end of the step.
    public var update: Update<State>
    /// The nodes (or Sends) to run next step.
    public var goto: [Goto<State>]

    /// A command that applies `update` and continues to `goto`.
    public init(update: Update<State> = Update(), goto: [Goto<State>] = []) {
        self.update = update
        self.goto = goto
    }
}
