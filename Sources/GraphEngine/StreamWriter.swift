/// Lets a node emit custom events while it works, as LangGraph's `get_stream_writer()`.
///
/// ```swift
/// context.writer(.searchStarted(query))
/// ```
public struct StreamWriter<Custom: Sendable>: Sendable {
    let node: String
    /// Nil when the stream was not asked for `StreamMode.custom`, so emitting costs nothing.
    let deliver: (@Sendable (_ node: String, _ event: Custom) -> Void)?

    /// Emits `event`. Dropped once the node's task is cancelled: a cancelled or failed run
    /// streams nothing more.
    public func callAsFunction(_ event: Custom) {
        guard let deliver, !Task.isCancelled else { return }
        deliver(node, event)
    }
}
