import Synchronization

/// The user's "start a new analysis" (`r`), which counts only while the feed waits for it:
/// a press while the stream is fine must not start a second, paid-for run later.
final class RestartSignal: Sendable {
    private struct State {
        var armed = false
        var requested = false
        var cancelled = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// From now on a request counts (called before the feed says that it waits).
    func arm() {
        state.withLock { $0 = State(armed: true, cancelled: $0.cancelled) }
    }

    func request() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.armed else { return nil }
            state.requested = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once a request came after ``arm()``, or the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.requested || state.cancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
        state.withLock { $0.armed = false }
    }
}
