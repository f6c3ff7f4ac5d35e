import Analysis
import Feeds
import Live
import Testing

@Suite("Retry-After, both forms")
struct RetryAfterTests {
    let now = Timestamp(iso8601: "1994-11-06T08:49:37Z")!.seconds

    @Test("delay-seconds")
    func seconds() {
        #expect(RetryAfter.delay("120", now: now) == .seconds(120))
        #expect(RetryAfter.delay(" 0 ", now: now) == .zero)
        #expect(RetryAfter.delay("-5", now: now) == nil)
        #expect(RetryAfter.delay("1.5", now: now) == nil)
    }

    @Test("HTTP-date in all three formats; a date in the past means now")
    func dates() {
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Sunday, 06-Nov-94 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.delay("Sun Nov  6 08:49:39 1994", now: now) == .seconds(2))
        #expect(RetryAfter.delay("Sat, 05 Nov 1994 08:49:37 GMT", now: now) == .zero)
    }

    @Test("anything else is not a Retry-After")
    func invalid() {
        for value in ["", "soon", "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"] {
            #expect(RetryAfter.delay(value, now: now) == nil, "\(value)")
        }
    }
}
