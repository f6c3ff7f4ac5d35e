import Feeds
import Live
import Testing

@Suite("Reconnect policy: exponential backoff with full jitter")
struct ReconnectPolicyTests {
    @Test("the ceiling doubles per attempt from 1 s and stops at 30 s; the draw is uniform below it")
    func schedule() {
        let ceilings = ReconnectPolicy(random: { $0 })
        #expect((1...7).map { ceilings.delay(attempt: $0) } == [1, 2, 4, 8, 16, 30, 30].map { .seconds($0) })
        #expect(ceilings.delay(attempt: 10_000) == .seconds(30))
        let halves = ReconnectPolicy(random: { $0 / 2 })
        #expect(halves.delay(attempt: 3) == .seconds(2))
        #expect(ReconnectPolicy(random: { _ in 0 }).delay(attempt: 5) == .zero)
    }

    @Test("the stream's retry: is the base, and a floor the jitter never goes below")
    func retryField() {
        let lowest = ReconnectPolicy(random: { _ in 0 })
        #expect(lowest.delay(attempt: 1, retry: .milliseconds(2500)) == .milliseconds(2500))
        let highest = ReconnectPolicy(random: { $0 })
        #expect(highest.delay(attempt: 3, retry: .milliseconds(500)) == .seconds(2))
        // A retry: above the cap is still honoured: the server's reconnection time is a minimum.
        #expect(highest.delay(attempt: 2, retry: .seconds(45)) == .seconds(45))
    }

    @Test("a random source that strays outside its range is clamped to it")
    func clamped() {
        #expect(ReconnectPolicy(random: { $0 * 3 }).delay(attempt: 1) == .seconds(1))
        #expect(ReconnectPolicy(random: { _ in -1 }).delay(attempt: 1) == .zero)
    }
}
