import Analysis
import EventStream
import Feeds
import Foundation
import Live
import NIOHTTP1
import Testing

/// The live client against a real HTTP server on loopback, one behaviour per test. Each
/// asserts the final state, and that every event was reduced exactly once.
@Suite("Live feed against a loopback server")
struct LiveFeedTests {
    static let path = "/api/analysis/stream"

    @Test("the seed's wire format: data lines only, heartbeat comments, a final progress of 1.0 and a clean end")
    func seedFormat() async throws {
        let run = TestRun(count: 30)
        let server = try await TestServer { _, _ in
            .init(steps: [.send(": keep-alive\n\n"), .send(run.sse(run.all, ids: false)), .send(": bye\n\n")])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.delivered == run.envelopes)
        #expect(record.state == run.expectedState([run.all]))
        #expect(record.state.isCompleted)
        #expect(record.statuses == [.connecting, .streaming, .completed])
        #expect(server.log.value.requests.count == 1)
    }

    @Test("CRLF line ends, comments, multi-line data, event:, id: and retry: fields")
    func wireVariety() async throws {
        let run = TestRun(count: 6)
        var body = "retry: 5\r\n: comment\r\n\r\n"
        for (index, envelope) in run.envelopes.enumerated() {
            // A pretty-printed envelope spreads over several data lines, joined with LF again.
            let multiLine = envelope.replacingOccurrences(of: ",\"", with: ",\n\"")
            body += "event: analysis\r\nid: \(index + 1)\r\n"
            body += multiLine.split(separator: "\n").map { "data: \($0)\r\n" }.joined() + "\r\n"
        }
        let wire = body
        let server = try await TestServer { _, _ in .init(steps: [.send(wire)]) }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.items.map(\.wire?.type) == Array(repeating: "analysis", count: 6))
        #expect(record.items.map(\.wire?.lastEventID) == (1...6).map(String.init))
        #expect(record.delivered == run.envelopes.map { $0.replacingOccurrences(of: ",\"", with: ",\n\"") })
        #expect(record.state.eventCounts.total == 6)
        #expect(record.state.isCompleted)
    }

    @Test("a drop after N events resumes with Last-Event-ID; events sent again are not reduced twice")
    func resumeAfterDrop() async throws {
        let run = TestRun(count: 40)
        let handedOut = Watched(0)
        let server = try await TestServer { request, index in
            switch index {
            case 0: return .init(steps: [.send("retry: 10\n"), .send(run.sse(1...15)), .waitUntil { await handedOut.wait(until: { $0 >= 15 }) }, .drop])
            // Resumes from an earlier id than asked, as a server with a coarse log might.
            default:
                return .init(steps: [.send(run.sse(max(1, request.resumingFrom - 4)...40))])
            }
        }
        defer { server.stop() }
        let waits = Waits()
        let record = try await LiveTests.run(
            LiveFeed(try testOptions(server.baseURL + Self.path, sleeps: waits)), onItems: { count in handedOut.update { $0 = count } }
        )
        let requests = server.log.value.requests
        #expect(requests.count == 2)
        #expect(requests[0].headers.first(name: "Last-Event-ID") == nil)
        #expect(requests[1].headers.first(name: "Last-Event-ID") == "15")
        #expect(requests.allSatisfy { $0.headers.first(name: "Accept") == "text/event-stream" })
        #expect(record.delivered == run.envelopes)
        #expect(record.state == run.expectedState([run.all]))
        #expect(record.statuses.contains(.reconnecting(inSeconds: 1, attempt: 1)))
        // retry: 10 is the base, so the first wait is at least 10 ms and at most its ceiling.
        #expect(waits.total == .milliseconds(10))
        #expect(record.last == .completed)
        #expect(record.end == .finished)
    }

    @Test("a drop in the middle of an event loses nothing: the partial event is not dispatched, and is sent again")
    func dropMidEvent() async throws {
        let run = TestRun(count: 12)
        let partial = String(run.sse(8...8).prefix(40))
        let handedOut = Watched(0)
        let server = try await TestServer { request, index in
            index == 0
                ? .init(steps: [.send(run.sse(1...7) + partial), .waitUntil { await handedOut.wait(until: { $0 >= 7 }) }, .drop])
                : .init(steps: [.send(run.sse(request.resumingFrom + 1...12))])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(
            LiveFeed(try testOptions(server.baseURL + Self.path)), onItems: { count in handedOut.update { $0 = count } }
        )
        #expect(server.log.value.requests.last?.headers.first(name: "Last-Event-ID") == "7")
        #expect(record.delivered == run.envelopes)
        #expect(record.state == run.expectedState([run.all]))
    }

    @Test("no bytes within the idle timeout: stalled, dropped and resumed")
    func idleTimeout() async throws {
        let run = TestRun(count: 10)
        // Keyed on Last-Event-ID, not on the request's number: on a loaded machine a stall may
        // also come before the first bytes, and the script must still hold.
        let server = try await TestServer { request, _ in
            request.resumingFrom == 0
                ? .init(steps: [.send(run.sse(1...4)), .hang])
                : .init(steps: [.send(run.sse(request.resumingFrom + 1...10))])
        }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + Self.path)
        // Long enough that a loaded machine does not stall every connection before its first
        // bytes are read: with 1 s, a full suite on two cores once stalled the first two, and a
        // stream that has given no id cannot be resumed (the feed then waits for a restart).
        options.idleTimeout = .seconds(3)
        // A hang guard, not a speed: on a loaded machine (a CI run's first minutes) the stalls
        // and resumes of this test have taken longer than the usual 120 s twice.
        let record = try await LiveTests.run(LiveFeed(options), giveUpAfter: .seconds(600))
        #expect(record.statuses.contains(.stalled(seconds: 3)))
        #expect(record.notices.contains { $0.contains("idle timeout") })
        #expect(await server.log.wait(until: { $0.closedConnections >= 1 }))
        #expect(record.delivered == run.envelopes)
        #expect(record.state == run.expectedState([run.all]))
    }

    @Test("a complete run closes the connection and never reconnects")
    func completeNeverReconnects() async throws {
        let run = TestRun(count: 8, final: "analysis_completed")
        // The server keeps the response open after analysis_completed: streamtop must close it.
        let server = try await TestServer { _, _ in .init(steps: [.send(run.sse(run.all)), .hang]) }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.last == .completed)
        #expect(record.delivered == run.envelopes)
        #expect(await server.log.wait(until: { $0.closedConnections == 1 }))
        #expect(server.log.value.requests.count == 1)
    }

    @Test("a stream without ids that ends early is not restarted silently; r starts a new analysis")
    func noIDsWaitsForRestart() async throws {
        let first = TestRun(count: 20, session: "run-1")
        let second = TestRun(count: 20, session: "run-2")
        let server = try await TestServer { _, index in
            index == 0
                ? .init(steps: [.send(first.sse(1...9, ids: false))])
                : .init(steps: [.send(second.sse(second.all, ids: false))])
        }
        defer { server.stop() }
        let feed = LiveFeed(try testOptions(server.baseURL + Self.path))
        let record = try await LiveTests.run(feed, onStatus: { status in
            if case .interrupted = status { feed.send(.restartAnalysis) }
        })
        #expect(record.statuses.contains(.interrupted("stream ended before completion; the server cannot resume")))
        #expect(server.log.value.requests.count == 2)
        #expect(server.log.value.requests[1].headers.first(name: "Last-Event-ID") == nil)
        #expect(record.delivered == Array(first.envelopes[0..<9]) + second.envelopes)
        #expect(record.state.session.id == "run-2")
        #expect(record.state.isCompleted)
    }

    @Test("without anyone to ask, a stream without ids that ends early ends the feed as interrupted")
    func noIDsEndsWhenNobodyCanAsk() async throws {
        let run = TestRun(count: 10)
        let server = try await TestServer { _, _ in .init(steps: [.send(run.sse(1...3, ids: false))]) }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + Self.path)
        options.onInterruption = .end
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(server.log.value.requests.count == 1)
        #expect(record.end == .interrupted("stream ended before completion; the server cannot resume"))
        #expect(record.delivered == Array(run.envelopes[0..<3]))
    }

    @Test("onInterruption .restart (--restart) starts the new analysis without being asked")
    func restartAutomatically() async throws {
        let run = TestRun(count: 10)
        let server = try await TestServer { _, index in
            .init(steps: [.send(index == 0 ? run.sse(1...3, ids: false) : run.sse(run.all, ids: false))])
        }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + Self.path)
        options.onInterruption = .restart
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(server.log.value.requests.count == 2)
        #expect(record.last == .completed)
        #expect(record.delivered == Array(run.envelopes[0..<3]) + run.envelopes)
    }

    @Test("HTTP 204: the server says stop, and is not asked again")
    func noContentStops() async throws {
        let server = try await TestServer { _, _ in .init(status: .noContent, headers: []) }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.last == .ended("the server ended the stream (HTTP 204)"))
        #expect(record.end == .finished)
        #expect(server.log.value.requests.count == 1)
    }

    @Test("429 and 503 wait as Retry-After says, in seconds or as an HTTP-date")
    func retryAfter() async throws {
        let run = TestRun(count: 5)
        let server = try await TestServer { _, index in
            switch index {
            case 0: .init(status: .tooManyRequests, headers: [("Retry-After", "3")], steps: [.send("slow down")])
            case 1: .init(status: .serviceUnavailable, headers: [("Retry-After", "Sun, 06 Nov 1994 08:49:39 GMT")])
            default: .init(steps: [.send(run.sse(run.all))])
            }
        }
        defer { server.stop() }
        let waits = Waits()
        var options = try testOptions(server.baseURL + Self.path, sleeps: waits)
        options.now = { Timestamp(iso8601: "1994-11-06T08:49:37Z")!.seconds }
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(waits.all == [.seconds(1), .seconds(1), .seconds(1), .seconds(1), .seconds(1)])
        #expect(record.statuses.contains(.reconnecting(inSeconds: 3, attempt: 1)))
        #expect(record.statuses.contains(.reconnecting(inSeconds: 2, attempt: 2)))
        #expect(record.notices.contains("HTTP 429 Too Many Requests"))
        #expect(record.delivered == run.envelopes)
    }

    @Test("the backoff starts again after a connection that stayed healthy")
    func backoffResets() async throws {
        let run = TestRun(count: 9)
        let handedOut = Watched(0)
        let server = try await TestServer { request, index in
            let from = request.resumingFrom + 1
            guard index < 2 else { return .init(steps: [.send(run.sse(from...9))]) }
            return .init(steps: [.send(run.sse(from...from + 2)), .waitUntil { await handedOut.wait(until: { $0 >= from + 2 }) }, .drop])
        }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + Self.path)
        options.policy.healthyAfter = .zero
        let record = try await LiveTests.run(LiveFeed(options), onItems: { count in handedOut.update { $0 = count } })
        #expect(record.statuses.filter { $0 == .reconnecting(inSeconds: 1, attempt: 1) }.count == 2)
        #expect(!record.statuses.contains { if case .reconnecting(_, 2) = $0 { true } else { false } })
        #expect(record.delivered == run.envelopes)
    }

    @Test("5xx backs off exponentially and retries")
    func serverErrorsBackOff() async throws {
        let run = TestRun(count: 5)
        let server = try await TestServer { _, index in
            index < 3 ? .init(status: .internalServerError, steps: [.send("oops")]) : .init(steps: [.send(run.sse(run.all))])
        }
        defer { server.stop() }
        let waits = Waits()
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path, sleeps: waits)))
        // Jitter draws its ceiling here: 1 s, 2 s, 4 s, counted down a second at a time.
        #expect(waits.total == .seconds(7))
        #expect(record.statuses.filter { if case .reconnecting = $0 { true } else { false } }.count == 7)
        #expect(record.statuses.contains(.reconnecting(inSeconds: 4, attempt: 3)))
        #expect(record.delivered == run.envelopes)
        #expect(record.last == .completed)
    }

    @Test("another 4xx fails with the status and the start of the body")
    func clientErrorFails() async throws {
        let server = try await TestServer { _, _ in
            .init(status: .forbidden, headers: [("Content-Type", "application/json")], steps: [.send(#"{"detail":"bad token"}"#)])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.last == .failed(#"HTTP 403 Forbidden: {"detail":"bad token"}"#))
        #expect(record.end == .failed(#"HTTP 403 Forbidden: {"detail":"bad token"}"#))
        #expect(server.log.value.requests.count == 1)
    }

    @Test("a response that is not an event stream is never parsed as one: the batch endpoint's result is shown, not live")
    func wrongContentTypeFallsBack() async throws {
        let run = TestRun(count: 6)
        let server = try await TestServer { request, _ in
            request.path.hasPrefix(Self.path)
                ? .init(headers: [("Content-Type", "text/html")], steps: [.send(run.sse(run.all))])
                : .init(headers: [("Content-Type", "application/json")], steps: [.send("[" + run.envelopes.joined(separator: ",") + "]")])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path + "?competitors=A&focus_area=B")))
        #expect(server.log.value.requests.map(\.path) == [Self.path + "?competitors=A&focus_area=B", "/api/analysis?competitors=A&focus_area=B"])
        #expect(record.delivered.count == 6)
        #expect(record.state.eventCounts.total == 6)
        #expect(record.state.isCompleted)
        guard case .notLive(let reason) = record.last else {
            Issue.record("expected a not-live status, got \(String(describing: record.last))")
            return
        }
        #expect(reason.contains("text/html"))
    }

    @Test("a 503 whose JSON names a fallback: the final result comes from there")
    func namedFallback() async throws {
        let server = try await TestServer { request, _ in
            request.path.hasPrefix(Self.path)
                ? .init(status: .serviceUnavailable, headers: [("Content-Type", "application/json")],
                        steps: [.send(#"{"detail":{"error":"streaming disabled","fallback":"/v2/batch"}}"#)])
                : .init(headers: [("Content-Type", "application/json")], steps: [.send(#"{"summary":"all done","competitors":["A"]}"#)])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path + "?competitors=A")))
        #expect(server.log.value.requests.map(\.path).last == "/v2/batch?competitors=A")
        #expect(record.state.summary == "all done")
        #expect(record.state.report?["competitors"] == .array([.string("A")]))
        if case .notLive = record.last {} else { Issue.record("expected not live, got \(String(describing: record.last))") }
    }

    @Test("404 on the stream path and no batch result: a clear failure")
    func noFallbackFails() async throws {
        let server = try await TestServer { _, _ in .init(status: .notFound, headers: [("Content-Type", "text/plain")], steps: [.send("no such path")]) }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.last == .failed(
            "streaming is unavailable (HTTP 404 Not Found on the stream path), and the batch endpoint "
                + "\(server.baseURL)/api/analysis has no result: HTTP 404 Not Found: no such path"
        ))
    }

    @Test("a 1 MB event arrives whole")
    func largeEvent() async throws {
        let big = String(repeating: "x", count: 1 << 20)
        let envelope = #"{"type":"insight_generated","timestamp":"2024-01-01T12:00:00Z","data":{"insight":"\#(big)"}}"#
        let final = TestRun(count: 1)
        let server = try await TestServer { _, _ in
            .init(steps: [.send("id: 1\ndata: \(envelope)\n\n"), .send(final.sse(1...1).replacingOccurrences(of: "id: 1", with: "id: 2"))])
        }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.delivered == [envelope] + final.envelopes)
        #expect(record.state.insights.items.first?.text.count == 1 << 20)
        #expect(record.last == .completed)
    }

    @Test("a slow trickle, one byte per write, gives the same events")
    func trickle() async throws {
        let run = TestRun(count: 5)
        let server = try await TestServer { _, _ in .init(steps: [.trickle("\u{FEFF}" + run.sse(run.all).replacingOccurrences(of: "\n", with: "\r\n"))]) }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)))
        #expect(record.delivered == run.envelopes)
        #expect(record.state == run.expectedState([run.all]))
    }

    @Test("--once never reconnects")
    func once() async throws {
        let run = TestRun(count: 10)
        let handedOut = Watched(0)
        let server = try await TestServer { _, _ in
            .init(steps: [.send(run.sse(1...4)), .waitUntil { await handedOut.wait(until: { $0 >= 4 }) }, .drop])
        }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + Self.path)
        options.once = true
        let record = try await LiveTests.run(LiveFeed(options), onItems: { count in handedOut.update { $0 = count } })
        #expect(server.log.value.requests.count == 1)
        #expect(record.delivered == Array(run.envelopes[0..<4]))
        guard case .failed(let reason) = record.last else {
            Issue.record("expected failure, got \(String(describing: record.last))")
            return
        }
        #expect(reason.hasSuffix("not reconnecting (--once)"))
    }

    @Test("quitting closes the connection at once: the server sees the disconnect")
    func cancelCloses() async throws {
        let run = TestRun(count: 10)
        let server = try await TestServer { _, _ in .init(steps: [.send(run.sse(1...3)), .hang]) }
        defer { server.stop() }
        let record = try await LiveTests.run(LiveFeed(try testOptions(server.baseURL + Self.path)), stopWhen: { $0.items.count == 3 })
        #expect(record.delivered == Array(run.envelopes[0..<3]))
        #expect(await server.log.wait(until: { $0.closedConnections == 1 }))
        #expect(server.log.value.requests.count == 1)
    }

    @Test("connection refused: a one-line reason, then the backoff")
    func refused() async throws {
        // A port that was just free: nothing listens there.
        let server = try await TestServer { _, _ in .init() }
        let url = server.baseURL + Self.path
        server.stop()
        _ = await server.log.wait(until: { _ in true })
        let record = try await LiveTests.run(LiveFeed(try testOptions(url)), stopWhen: { record in
            record.statuses.contains(.reconnecting(inSeconds: 2, attempt: 2))
        })
        #expect(record.notices.first?.hasPrefix("connection refused by 127.0.0.1:") == true, "\(record.notices)")
        #expect(record.statuses.prefix(2) == [.connecting, .reconnecting(inSeconds: 1, attempt: 1)])
    }

    @Test("DNS failure: a one-line reason")
    func unresolvable() async throws {
        var options = try testOptions("http://streamtop-test.invalid/api/analysis/stream")
        options.once = true
        let record = try await LiveTests.run(LiveFeed(options))
        #expect(record.notices.first?.hasPrefix("cannot resolve host streamtop-test.invalid") == true)
    }

    @Test("user headers and the bearer token reach the server")
    func headers() async throws {
        let run = TestRun(count: 2)
        let server = try await TestServer { _, _ in .init(steps: [.send(run.sse(run.all))]) }
        defer { server.stop() }
        var options = try testOptions(server.baseURL + Self.path)
        options.request.headers = [try StreamRequest.Header(parsing: "X-Team:  analysts ")]
        options.request.bearerToken = "s3cret"
        _ = try await LiveTests.run(LiveFeed(options))
        let headers = try #require(server.log.value.requests.first?.headers)
        #expect(headers.first(name: "X-Team") == "analysts")
        #expect(headers.first(name: "Authorization") == "Bearer s3cret")
        #expect(headers.first(name: "Cache-Control") == "no-cache")
    }
}
