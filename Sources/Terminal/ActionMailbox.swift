import Dashboard
import Synchronization

/// Where feeds and other threads leave actions for the dashboard. `post` is thread-safe and
/// cheap; the dashboard's loop takes everything pending in one go, in posting order, so a burst
/// of posts costs it one lock and one wake-up, and nothing posted is ever dropped.
public final class ActionMailbox: Sendable {
    /// What the loop finds when it looks.
    struct Delivery {
        var actions: [Action] = []
        /// A termination signal (SIGTERM, SIGINT, SIGHUP) that asked the loop to end.
        var stopSignal: Int32?
    }

    private struct Pending {
        var delivery = Delivery()
        /// A byte is already in the pipe, or about to be: later posts need not write another.
        var wakeSent = false
    }

    private let pending = Mutex(Pending())
    let wakePipe: WakePipe

    /// Fails only when the process has no file descriptors left for the wake-up pipe.
    public init() throws {
        wakePipe = try WakePipe()
    }

    /// Queues an action for the dashboard and wakes its loop; callable from any thread or task.
    public func post(_ action: Action) {
        deliver { $0.actions.append(action) }
    }

    func requestStop(signal: Int32) {
        deliver { $0.stopSignal = signal }
    }

    /// Everything delivered since the last take.
    func take() -> Delivery {
        // Drain before taking: a post that lands after the take then finds `wakeSent` false and
        // writes a fresh byte, which this drain can no longer swallow.
        wakePipe.drain()
        return pending.withLock { pending in
            pending.wakeSent = false
            let delivery = pending.delivery
            pending.delivery = Delivery()
            return delivery
        }
    }

    private func deliver(_ change: (inout Delivery) -> Void) {
        let mustWake = pending.withLock { pending in
            change(&pending.delivery)
            defer { pending.wakeSent = true }
            return !pending.wakeSent
        }
        if mustWake { wakePipe.wake() }
    }
}
