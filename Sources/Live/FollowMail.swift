import DequeModule
import Deployment
import Synchronization

/// What followers report to their ``DeploymentSession``, from their own tasks: the newest
/// progress of each thread (a report not yet taken is replaced by a newer one, so the mail
/// holds at most one per followed thread) and the threads whose stream ended, each after its
/// last progress.
final class FollowMail: Sendable {
    private struct State {
        var progress: [String: ThreadProgress] = [:]
        var order: Deque<String> = []
        var ended: Deque<String> = []
    }

    private let state = Mutex(State())

    func post(_ thread: String, _ progress: ThreadProgress) {
        state.withLock { state in
            if state.progress.updateValue(progress, forKey: thread) == nil { state.order.append(thread) }
        }
    }

    func ended(_ thread: String) {
        state.withLock { $0.ended.append(thread) }
    }

    /// The oldest report: progress first, so a thread's end comes after its last progress.
    func take() -> DeploymentEvent? {
        state.withLock { state in
            if let thread = state.order.popFirst(), let progress = state.progress.removeValue(forKey: thread) {
                return .progressed(threadID: thread, progress)
            }
            return state.ended.popFirst().map { .unfollowed(threadID: $0) }
        }
    }
}
