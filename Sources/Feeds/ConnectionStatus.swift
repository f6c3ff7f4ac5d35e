/// How the connection to a stream is doing, as a feed reports it and the header shows it.
public enum ConnectionStatus: Equatable, Sendable {
    case connecting
    case streaming
    /// No bytes arrived for `seconds` (the idle timeout): the connection is dropped and remade.
    case stalled(seconds: Int)
    case reconnecting(inSeconds: Int, attempt: Int)
    case completed
    /// The server ended the stream for good (HTTP 204); there is nothing more to wait for.
    case ended(String)
    case failed(String)
    /// The stream ended before the run completed and the server cannot resume it (it sent no
    /// event ids): reconnecting would start, and pay for, a whole new analysis, so the feed
    /// waits until the user asks for one (in the dashboard: `r`).
    case interrupted(String)
    /// The run stopped at an interrupt and waits for an answer (a LangGraph `interrupt()`):
    /// the reason says what it asks.
    case needsInput(String)
    /// Streaming is unavailable, so the view shows the batch endpoint's final result once:
    /// it is not live and will not change.
    case notLive(String)
}
