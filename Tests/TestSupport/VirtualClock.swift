import Synchronization

/// A clock for driving timed code without waiting.
///
/// A timed sleep returns at once and moves the clock to its deadline (and is recorded). A held
/// sleep waits until its task is cancelled, and counts as the code going idle, which tests wait
/// for (`waitUntilIdle`): a sleep is held when it is open-ended — longer than any pace a test
/// uses, as a replay player idle, paused or at its end waits for a command — and, on a clock
/// made with `passing:`, every sleep after the first `passing`, so that a test can stop a
/// paced run at a point of its choosing and see what cancelling it there does.
public final class VirtualClock: Clock {
    public struct Instant: InstantProtocol {
        /// How long after the clock's zero.
        public var offset: Duration

        public init(offset: Duration) {
            self.offset = offset
        }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Record {
        var now = Instant(offset: .zero)
        var sleeps = 0
        var deadlines: [Duration] = []
        var idles = 0
        var idleWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// Longer than any pace a test uses: such a sleep is the code waiting for a command.
    private static let openEnded = Duration.seconds(86_400)
    private let passing: Int
    private let record = Mutex(Record())

    /// A clock whose first `passing` sleeps (all of them by default) return at once unless
    /// they are open-ended; any later sleep is held.
    public init(passing: Int = .max) {
        self.passing = passing
    }

    public var now: Instant { record.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }
    /// Every timed sleep's deadline, as time since the clock's zero.
    public var deadlines: [Duration] { record.withLock { $0.deadlines } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let held = record.withLock { record in
            record.sleeps += 1
            guard record.sleeps <= passing, deadline.offset - record.now.offset < Self.openEnded else { return true }
            record.deadlines.append(deadline.offset)
            record.now = max(record.now, deadline)
            return false
        }
        guard held else { return }
        let resumed = record.withLock { record in
            record.idles += 1
            let ready = record.idleWaiters.filter { $0.count <= record.idles }
            record.idleWaiters.removeAll { $0.count <= record.idles }
            return ready.map(\.continuation)
        }
        for continuation in resumed { continuation.resume() }
        // Nothing is ever yielded: the loop ends only when the task is cancelled.
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        for await _ in stream {}
        continuation.finish()
        throw CancellationError()
    }

    /// How many sleeps have been held: how many times the code has gone idle.
    public var idles: Int { record.withLock(\.idles) }

    /// Returns once the code has gone idle `count` times in all.
    public func waitUntilIdle(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = record.withLock { record in
                if record.idles >= count { return true }
                record.idleWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
