import TestSupport
import Synchronization

/// A clock that lets its first `passing` sleeps return at once, then holds the next one
/// until its task is cancelled, opening `blocked` as it starts to wait.
final class BlockingClock: Clock {
    let blocked = Gate()
    private let passing: Int
    private let sleeps = Mutex(0)
    private let never = Gate()

    init(passing: Int) {
        self.passing = passing
    }

    var now: TestInstant { TestInstant(offset: .zero) }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: TestInstant, tolerance: Duration?) async throws {
        let count = sleeps.withLock { count in
            count += 1
            return count
        }
        guard count > passing else { return }
        blocked.open()
        await never.wait()
        throw CancellationError()
    }
}
