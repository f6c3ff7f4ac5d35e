import Foundation
@testable import Live
import Testing

@Suite("Which responses open a stream, which end it, which retry")
struct ResponseVerdictTests {
    func verdict(_ status: Int, _ type: String? = nil, retryAfter: String? = nil, body: String = "") -> ResponseVerdict {
        ResponseVerdict(status: status, reason: "R", contentType: type, retryAfter: retryAfter, body: Array(body.utf8), now: 0)
    }

    @Test("200 opens only for text/event-stream, parameters and case ignored")
    func contentType() {
        #expect(verdict(200, "text/event-stream") == .open)
        #expect(verdict(200, "Text/Event-Stream; charset=windows-1252") == .open)
        #expect(verdict(200, "text/event-stream;") == .open)
        if case .fallback = verdict(200, "text/x-bogus") {} else { Issue.record("a bogus type must not be parsed") }
        if case .fallback = verdict(200, nil) {} else { Issue.record("no type must not be parsed") }
    }

    @Test("statuses")
    func statuses() {
        #expect(verdict(204) == .stop)
        #expect(verdict(429, retryAfter: "7") == .retry(reason: "HTTP 429 R", after: .seconds(7)))
        #expect(verdict(503) == .retry(reason: "HTTP 503 R", after: nil))
        #expect(verdict(502) == .retry(reason: "HTTP 502 R", after: nil))
        #expect(verdict(401, body: "no\n token ") == .fail("HTTP 401 R: no token"))
        #expect(verdict(206) == .fail("HTTP 206 R"))
        for status in [404, 405, 501] {
            #expect(verdict(status) == .fallback(reason: "HTTP \(status) R on the stream path", batchURL: nil))
        }
        #expect(verdict(503, body: #"{"fallback_url":"/batch"}"#) == .fallback(reason: "HTTP 503 R: streaming is unavailable", batchURL: "/batch"))
    }

    @Test("the batch URL: given, named (keeping the stream's query), or the stream path without /stream")
    func batchURL() {
        let stream = URL(string: "http://h:1/api/analysis/stream?competitors=A")!
        #expect(BatchFallback.url(given: nil, named: nil, stream: stream)?.absoluteString == "http://h:1/api/analysis?competitors=A")
        #expect(BatchFallback.url(given: nil, named: "/v2/run", stream: stream)?.absoluteString == "http://h:1/v2/run?competitors=A")
        #expect(BatchFallback.url(given: nil, named: "http://o/b?x=1", stream: stream)?.absoluteString == "http://o/b?x=1")
        #expect(BatchFallback.url(given: "http://g/", named: "/v2", stream: stream)?.absoluteString == "http://g/")
        #expect(BatchFallback.url(given: nil, named: nil, stream: URL(string: "http://h/events")!) == nil)
    }
}
