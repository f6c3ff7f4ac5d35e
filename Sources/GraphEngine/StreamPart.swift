/// One item of a streamed run.
public enum StreamPart<State: Sendable, Custom: Sendable>: Sendable {
    /// The state before the first step, then after each step (`StreamMode.values`).
    case values(State)
    /// The update one task returned, in the step's schedule order (`StreamMode.updates`).
    case updates(node: String, update: Update<State>)
    /// An event a node emitted through its writer (`StreamMode.custom`).
    case custom(node: String, event: Custom)
    /// The run failed; always the last part. Streamed whatever the modes.
    case error(GraphRunError)
}
