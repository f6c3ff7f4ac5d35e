import Synchronization

/// Commands for a running producer (a replay's player), kept in the order they were sent:
/// ``send(_:)`` is synchronous, so presses sent one after another from one thread are taken
/// in that order, and a producer waiting for work wakes at once.
public final class CommandInbox<Command: Sendable>: Sendable {
    private struct State {
        var commands: [Command] = []
        /// A wake-up with no command (the player's index is done, say).
        var woken = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func send(_ command: Command) {
        notify { $0.commands.append(command) }
    }

    /// Wakes a waiting producer without a command.
    public func wake() {
        notify { $0.woken = true }
    }

    /// Every command sent since the last take, oldest first.
    public func takeAll() -> [Command] {
        state.withLock { state in
            defer { state.commands = [] }
            return state.commands
        }
    }

    /// Returns once there is a command or a wake-up (at once if there is one already), or the
    /// task is cancelled.
    public func waitForMail() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter in
                let ready = state.withLock { state -> Bool in
                    if !state.commands.isEmpty || state.woken || Task.isCancelled {
                        state.woken = false
                        return true
                    }
                    state.waiter = waiter
                    return false
                }
                if ready { waiter.resume() }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume()
        }
    }

    /// Returns once there is a command or a wake-up, or once `sleep` returns (a timed wait),
    /// whichever comes first; the other is cancelled and awaited. The sleep wakes nothing: a
    /// timer that woke the inbox even when cancelled would leave a wake-up behind, make the
    /// next wait return at once, and a loop of waits spin.
    public func waitForMail(orAfter sleep: @escaping @Sendable () async throws -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForMail() }
            group.addTask { _ = try? await sleep() }
            await group.next()
            group.cancelAll()
        }
    }

    /// A command or a wake-up waits to be taken.
    public var hasMail: Bool {
        state.withLock { !$0.commands.isEmpty || $0.woken }
    }

    private func notify(_ change: (inout State) -> Void) {
        let waiter = state.withLock { state in
            change(&state)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
