import Dashboard
import Synchronization

/// Where feeds and other threads leave actions for the dashboard. `post` is thread-safe and
/// cheap; the dashboard's loop takes everything pending in one go, in posting order, so a burst
/// of posts costs it one lock and one wake-up, and nothing posted is ever dropped.
///
/// A feed hands its elements in with `send`, which waits while `eventCapacity` events are
/// pending: a dashboard that reduces and draws slower than the feed produces then holds the
/// feed back (and a live feed the socket), instead of the queue growing without bound.
public final class ActionMailbox: Sendable {
    /// What the loop finds when it looks.
    struct Delivery {
        var actions: [Action] = []
        /// A termination signal (SIGTERM, SIGINT, SIGHUP) that asked the loop to end.
        var stopSignal: Int32?
    }

    private struct Pending {
        var delivery = Delivery()
        /// Events in `delivery`'s actions (an action with none counts as one).
        var events = 0
        /// A byte is already in the pipe, or about to be: later posts need not write another.
        var wakeSent = false
        /// Senders waiting for room, resumed by the next take.
        var waitingForRoom: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0

        mutating func append(_ action: Action) {
            delivery.actions.append(action)
            events += action.eventCount
        }
    }

    /// About three frames of the dashboard's work at full speed: enough that the loop always
    /// finds a batch waiting, few enough that a slow terminal or a loaded machine does not
    /// park tens of megabytes of events here, and that a key waits behind one batch's
    /// reducing at most (50,000 held 16 MB of events at the peak of a loaded replay).
    public static let defaultEventCapacity = 10_000

    /// Pending events beyond which `send` waits.
    public let eventCapacity: Int
    private let pending = Mutex(Pending())
    let wakePipe: WakePipe

    /// Fails only when the process has no file descriptors left for the wake-up pipe.
    public init(eventCapacity: Int = ActionMailbox.defaultEventCapacity) throws {
        self.eventCapacity = max(1, eventCapacity)
        wakePipe = try WakePipe()
    }

    /// Queues an action for the dashboard and wakes its loop, at once; callable from any thread
    /// or task. For the few actions that are not a feed's (an effect's outcome).
    public func post(_ action: Action) {
        deliver { $0.append(action) }
    }

    /// Queues an action once fewer than `eventCapacity` events are pending (so the pending
    /// events stay below the capacity plus one action's); returns at once when cancelled.
    public func send(_ action: Action) async {
        while !Task.isCancelled, !hasRoom() {
            await waitForRoom()
        }
        deliver { $0.append(action) }
    }

    /// Events pending, for tests.
    var pendingEvents: Int { pending.withLock(\.events) }

    /// Senders waiting for room, for tests.
    var waitingSenders: Int { pending.withLock(\.waitingForRoom.count) }

    private func hasRoom() -> Bool {
        pending.withLock { $0.events < eventCapacity }
    }

    private func waitForRoom() async {
        let id = pending.withLock { pending in
            defer { pending.nextWaiter += 1 }
            return pending.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Under the lock with take and with cancellation: room made, or a cancel, between
                // the check in `send` and here resumes at once instead of being missed.
                let resumeNow = pending.withLock { pending in
                    guard pending.events >= eventCapacity, !Task.isCancelled else { return true }
                    pending.waitingForRoom[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            pending.withLock { $0.waitingForRoom.removeValue(forKey: id) }?.resume()
        }
    }

    func requestStop(signal: Int32) {
        deliver { $0.delivery.stopSignal = signal }
    }

    /// Everything delivered since the last take.
    func take() -> Delivery {
        // Drain before taking: a post that lands after the take then finds `wakeSent` false and
        // writes a fresh byte, which this drain can no longer swallow.
        wakePipe.drain()
        let (delivery, waiting) = pending.withLock { pending in
            pending.wakeSent = false
            let delivery = pending.delivery
            pending.delivery = Delivery()
            pending.events = 0
            defer { pending.waitingForRoom = [:] }
            return (delivery, pending.waitingForRoom.values)
        }
        for sender in waiting { sender.resume() }
        return delivery
    }

    private func deliver(_ change: (inout Pending) -> Void) {
        let mustWake = pending.withLock { pending in
            change(&pending)
            defer { pending.wakeSent = true }
            return !pending.wakeSent
        }
        if mustWake { wakePipe.wake() }
    }
}

extension Action {
    /// What an action weighs in the mailbox: its events, at least one.
    fileprivate var eventCount: Int {
        switch self {
        case .events(let events): max(1, events.count)
        case .restarted(_, let recent): max(1, recent.count)
        case .thread(_, let action): action.eventCount
        default: 1
        }
    }
}
