import Synchronization
import Testing

@testable import Serve

/// A clock the test moves by hand.
private final class HandClock: Sendable {
    private let now = Mutex(ContinuousClock.now)
    var instant: ContinuousClock.Instant { now.withLock { $0 } }
    func advance(_ duration: Duration) { now.withLock { $0 += duration } }
}

@Suite("The stream endpoint's rate limit")
struct RateLimiterTests {
    @Test("the request past the limit is refused until the oldest one leaves the window, and says how long")
    func slidingWindow() throws {
        let clock = HandClock()
        let limiter = RateLimiter(try #require(RateLimit("3/minute")), clock: { clock.instant })
        #expect(limiter.check("10.0.0.1") == .admitted)
        clock.advance(.seconds(10))
        #expect(limiter.check("10.0.0.1") == .admitted)
        #expect(limiter.check("10.0.0.1") == .admitted)
        #expect(limiter.check("10.0.0.1") == .refused(retryAfter: .seconds(50)))
        // Another client has its own window.
        #expect(limiter.check("10.0.0.2") == .admitted)
        clock.advance(.seconds(50))
        #expect(limiter.check("10.0.0.1") == .admitted)
        #expect(limiter.check("10.0.0.1") == .refused(retryAfter: .seconds(10)))
    }

    @Test("refused requests do not count: a client that keeps asking gets in when the window has room")
    func refusalsDoNotCount() throws {
        let clock = HandClock()
        let limiter = RateLimiter(try #require(RateLimit("1/second")), clock: { clock.instant })
        #expect(limiter.check("a") == .admitted)
        for _ in 0..<100 { #expect(limiter.check("a") != .admitted) }
        clock.advance(.seconds(1))
        #expect(limiter.check("a") == .admitted)
    }

    @Test("hostile cardinality: beyond the address limit the stalest address goes, and the newest is still limited")
    func manyAddresses() throws {
        let clock = HandClock()
        let limiter = RateLimiter(try #require(RateLimit("1/hour")), clock: { clock.instant })
        for n in 0..<RateLimiter.maxAddresses {
            #expect(limiter.check("client-\(n)") == .admitted)
            clock.advance(.milliseconds(1))
        }
        #expect(limiter.check("newcomer") == .admitted)
        #expect(limiter.check("newcomer") != .admitted)
        // The stalest was forgotten to make room; the most recent were not.
        #expect(limiter.check("client-0") == .admitted)
        #expect(limiter.check("client-\(RateLimiter.maxAddresses - 1)") != .admitted)
    }
}
