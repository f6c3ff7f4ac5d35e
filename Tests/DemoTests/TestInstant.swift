/// A moment on a test clock: how long after the clock's zero.
struct TestInstant: InstantProtocol {
    var offset: Duration

    func advanced(by duration: Duration) -> TestInstant {
        TestInstant(offset: offset + duration)
    }

    func duration(to other: TestInstant) -> Duration {
        other.offset - offset
    }

    static func < (lhs: TestInstant, rhs: TestInstant) -> Bool {
        lhs.offset < rhs.offset
    }
}
