import Synchronization

/// A value that tests wait on: `wait(until:)` returns as soon as the value satisfies the
/// condition, however slow the machine, and fails only after a generous timeout. (LiveTests
/// has the same; test targets cannot share it but through TestSupport.)
final class Watched<Value: Sendable>: Sendable {
    private struct Waiter {
        var id: Int
        var condition: @Sendable (Value) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var value: Value
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    init(_ value: Value) {
        state = Mutex(State(value: value))
    }

    var value: Value { state.withLock { $0.value } }

    func update(_ change: (inout Value) -> Void) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state.value)
            let value = state.value
            let (met, unmet) = (state.waiters.filter { $0.condition(value) }, state.waiters.filter { !$0.condition(value) })
            state.waiters = unmet
            return met.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Waits until `condition` holds; returns false if it did not within `timeout`.
    @discardableResult
    func wait(until condition: @escaping @Sendable (Value) -> Bool, timeout: Duration = .seconds(60)) async -> Bool {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let metAlready = self.state.withLock { state -> Bool in
                        if condition(state.value) { return true }
                        state.waiters.append(Waiter(id: id, condition: condition, continuation: continuation))
                        return false
                    }
                    if metAlready { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                // Give up: release the waiter so that the group can end.
                let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index).continuation
                }
                waiter?.resume()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if first { return true }
            // The timeout finished first, or released the waiter: the condition decides.
            return condition(value)
        }
    }
}
