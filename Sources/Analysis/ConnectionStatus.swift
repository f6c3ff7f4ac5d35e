/// How the connection to a stream is doing, as a feed reports it and the header shows it.
public enum ConnectionStatus: Equatable, Sendable {
    case connecting
    case streaming
    case stalled(seconds: Int)
    case reconnecting(inSeconds: Int, attempt: Int)
    case completed
    case ended(String)
    case failed(String)
}
