/// What the list asks of a ``DeploymentWatch``, in the order asked.
public enum DeploymentCommand: Equatable, Sendable {
    /// Show another page, status filter or assistant: refreshes at once.
    case query(DeploymentQuery)
    /// The rows on screen, whose latest run and place are asked for.
    case showing([String])
    /// Refresh now.
    case refresh
    /// Resume `thread`'s interrupt with the answer (JSON if it parses, else the text as a
    /// string), as a new run of its assistant.
    case answer(thread: String, text: String)
    /// Cancel the run.
    case cancel(thread: String, run: String)
    /// Start a run of `assistant` on a new thread with `input` (JSON text).
    case start(assistant: String, input: String)
}
