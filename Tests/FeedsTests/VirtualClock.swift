import Synchronization

/// A clock for driving a player without waiting: a sleep with a deadline returns at once and
/// moves the clock there (and is recorded), while an open-ended wait — the player idle,
/// paused or at the end — holds until its task is cancelled, and counts as the player going
/// idle, which tests wait for.
final class VirtualClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Record {
        var now = Instant(offset: .zero)
        var deadlines: [Duration] = []
        var idles = 0
        var idleWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// Longer than any pace a test uses: such a sleep is the player waiting for a command.
    private static let openEnded = Duration.seconds(86_400)
    private let record = Mutex(Record())

    var now: Instant { record.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    /// Every timed sleep's deadline, as time since the clock's zero.
    var deadlines: [Duration] { record.withLock { $0.deadlines } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let openEnded = record.withLock { record in
            guard deadline.offset - record.now.offset < Self.openEnded else { return true }
            record.deadlines.append(deadline.offset)
            record.now = max(record.now, deadline)
            return false
        }
        guard openEnded else { return }
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

    /// How many times the player has gone idle.
    var idles: Int { record.withLock(\.idles) }

    /// Returns once the player has gone idle `count` times in all.
    func waitUntilIdle(_ count: Int) async {
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
