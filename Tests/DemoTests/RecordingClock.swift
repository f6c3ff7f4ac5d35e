import Synchronization

/// A clock on which every sleep returns at once, moving the clock to the deadline, and is
/// recorded: pacing is observed without any waiting.
final class RecordingClock: Clock {
    private struct Record {
        var now = TestInstant(offset: .zero)
        var deadlines: [Duration] = []
    }

    private let record = Mutex(Record())

    var now: TestInstant { record.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    /// Each sleep's deadline, as time since the clock's zero.
    var deadlines: [Duration] { record.withLock { $0.deadlines } }

    func sleep(until deadline: TestInstant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        record.withLock { record in
            record.deadlines.append(deadline.offset)
            record.now = max(record.now, deadline)
        }
    }
}
