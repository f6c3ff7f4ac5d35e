/// Where a router or a `Command` sends the run next.
///
/// A string literal names a node: `[done ? .end : "search"]`.
public enum Goto<State: Sendable>: Sendable, ExpressibleByStringLiteral {
    /// Run this node next step on the shared state (once, however many routes lead to it).
    case node(String)
    /// Run a node next step on its own input (once per Send).
    case send(Send<State>)

    /// Ends this branch of the run: `.node(END)`.
    public static var end: Goto { .node(END) }

    public init(stringLiteral name: String) {
        self = .node(name)
    }
}
