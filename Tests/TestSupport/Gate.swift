/// A one-shot signal between tasks, so tests order events without sleeping.
/// One task waits; any task opens it, before or after the wait begins.
public struct Gate: Sendable {
    private let signal: AsyncStream<Never>
    private let continuation: AsyncStream<Never>.Continuation

    public init() {
        (signal, continuation) = AsyncStream.makeStream(of: Never.self)
    }

    public func open() {
        continuation.finish()
    }

    /// Returns once the gate is open, or once the waiting task is cancelled.
    public func wait() async {
        for await _ in signal {}
    }
}
