import Analysis
import EventStream
import Feeds
import Foundation
import JSON
import Live
import Testing
import TestSupport

/// A run's stream dropped mid-run, on the real LangGraph Server: a proxy cuts the run's stream
/// after a given number of body bytes, the feed rejoins at the run's `Location`, and what it
/// delivered must be exactly what joining the finished run from its start replays — every event
/// once, in order — however the cut falls against the server's shared ids (`<ms>-0`).
@Suite("LangGraph Server: a stream dropped mid-run", .serialized)
struct LangGraphDropTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var graph: String
        var input: JSONValue
        var cut: CuttingProxy.Cut
        /// Whether the cut falls inside an event (else right after one).
        var insideEvent: Bool
        var testDescription: String { "\(graph), cut \(cut)" }

        static func chat(_ cut: CuttingProxy.Cut) -> Case {
            Case(graph: "chat", input: .object(JSONObject([("topic", .string("spine"))])), cut: cut, insideEvent: !cut.atEventEnd)
        }

        static func analysis(_ cut: CuttingProxy.Cut) -> Case {
            let input = JSONValue.object(JSONObject([
                ("competitors", .array([.string("Acme"), .string("Globex")])), ("focus_area", .string("spinal implants")),
            ]))
            return Case(graph: "analysis", input: input, cut: cut, insideEvent: !cut.atEventEnd)
        }
    }

    /// The chat run's body is about 10.5 kB (21 events, one chunk each: the `metadata` event
    /// takes bytes 0–115, the three worker tasks about 517 bytes each, the five model tokens
    /// about 1.1 kB each from byte ~3075); the analysis run's about 30 kB (39 events).
    static let cases: [Case] = [
        .chat(.init(bodyBytes: 60)),  // inside the first event: nothing complete, so it rejoins from -1
        .chat(.init(bodyBytes: 900)),  // inside the second worker task's start
        .chat(.init(bodyBytes: 3500, atEventEnd: true)),  // right after the first model token
        .chat(.init(bodyBytes: 8000)),  // inside the last model token
        .analysis(.init(bodyBytes: 6500)),  // inside a research branch's events
        .analysis(.init(bodyBytes: 14_500, atEventEnd: true)),  // right after an event, mid-run
    ]

    /// One delivered event as the wire carried it.
    struct Wire: Equatable, CustomStringConvertible {
        var type: String
        var id: String
        var data: String
        var description: String { "\(type) \(id) \(data.prefix(60))" }
    }

    private static func options(_ url: String, _ target: LangGraphOptions.Target) throws -> LangGraphOptions {
        var options = LangGraphOptions(server: try StreamRequest(url: url), target: target)
        options.environment = [:]
        options.sleep = { _ in }
        return options
    }

    /// The run's own events (not streamtop's `streamtop_run`).
    private static func wire(_ record: FeedRecord) -> [Wire] {
        record.items.compactMap(\.wire).filter { $0.type != "streamtop_run" }.map { Wire(type: $0.type, id: $0.lastEventID, data: $0.data) }
    }

    @Test("the feed rejoins the dropped stream: every event delivered once, in order, as the full replay has them", arguments: cases)
    func rejoined(_ testCase: Case) async throws {
        let server = try await LangGraphServer.shared.value
        let proxy = try await CuttingProxy(upstreamPort: server.port, cut: testCase.cut)
        defer { proxy.stop() }
        var options = try Self.options(proxy.baseURL, .start(assistant: testCase.graph, thread: nil))
        options.input = testCase.input
        let record = try await run(LangGraphFeed(options))
        let log = proxy.log.value

        // The proxy cut the stream, once, and the feed saw it go and rejoined.
        #expect(log.cuts == 1)
        #expect(record.statuses.contains { if case .reconnecting = $0 { true } else { false } })
        #expect(record.statuses.filter { if case .reconnecting = $0 { true } else { false } }.count == 1)

        let thread = try #require(record.state.run?.threadID)
        let runID = try #require(record.state.run?.runID)
        let location = "/threads/\(thread)/runs/\(runID)/stream"

        // Where the cut fell: exactly there, the events that reached the client whole, and
        // whether it split one.
        if testCase.cut.atEventEnd {
            #expect(log.forwardedBody.count >= testCase.cut.bodyBytes && log.forwardedBody.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)))
        } else {
            #expect(log.forwardedBody.count == testCase.cut.bodyBytes)
        }
        let before = Self.eventsBefore(cut: log.forwardedBody)
        #expect(before.splitEvent == testCase.insideEvent, "the cut should fall \(testCase.insideEvent ? "inside" : "right after") an event")
        // The rejoin asks from the id before the last group the client saw whole ("-1" when it
        // saw no group before it), as the server keeps only what is greater.
        // The client may not have been handed the last parts the proxy forwarded (the HTTP
        // client drops body parts still queued when the connection fails), so the rejoin may ask
        // from an earlier group than the last one forwarded, never a later one; what it then
        // delivers is checked in full below.
        let expectedFrom = Self.idBeforeLastGroup(before.ids)
        let rejoins = Self.requests(log.sent).filter { $0.line == "GET \(location) HTTP/1.1" }
        #expect(rejoins.count == 1)
        let sentFrom = rejoins.first?.header("Last-Event-ID") ?? "nothing"
        let allowed = ["-1"] + before.ids.prefix { $0 != expectedFrom } + [expectedFrom]
        #expect(allowed.contains(sentFrom), "sent \(sentFrom), expected \(expectedFrom) or an earlier group")

        // The reference: the finished run replayed from its start, straight from the server.
        let reference = try await run(LangGraphFeed(try Self.options(server.url, .join(thread: thread, run: runID, live: false))))
        let expected = Self.wire(reference)
        let delivered = Self.wire(record)
        #expect(expected.first?.type == "metadata")
        #expect(expected.count >= (testCase.graph == "chat" ? 20 : 35))
        // The cut fell mid-run: some events came whole before it, and more after it.
        #expect(before.ids.count < expected.count)
        if testCase.cut.bodyBytes > 200 { #expect(!before.ids.isEmpty) }
        let exact = delivered == expected
        let same = exact || Self.lacksOnlyGroupRepeats(delivered, of: expected)
        #expect(
            same,
            """
            the rejoined stream differs from the replay (cut \(testCase.cut); \(before.ids.count) events whole before it, \
            ids \(before.ids.suffix(4)); Last-Event-ID sent \(sentFrom), expected \(expectedFrom)):
            \(Self.difference(delivered, expected))
            \(Self.rejoinStream(log, location: location))
            """
        )
        // Each event once: no id group delivered more or less often than the replay has it.
        let counts = (Dictionary(grouping: delivered, by: \.id).mapValues(\.count), Dictionary(grouping: expected, by: \.id).mapValues(\.count))
        let doubled = counts.0.filter { $0.value > counts.1[$0.key] ?? 0 }.keys.sorted()
        let lost = counts.1.filter { $0.value > counts.0[$0.key] ?? 0 }.keys.sorted()
        #expect(doubled.isEmpty && (lost.isEmpty || same), "ids delivered more often than the replay has them: \(doubled); less often: \(lost)")

        // streamtop's own end-of-run event, once and last.
        #expect(record.items.compactMap(\.wire).filter { $0.type == "streamtop_run" }.count == 1)
        #expect(record.items.last?.wire?.type == "streamtop_run")

        // How the run ended, as the feed says and as the server says.
        let (runStatus, runBody) = try await server.request("GET", "/threads/\(thread)/runs/\(runID)")
        #expect(runStatus == 200)
        #expect(runBody.contains("\"status\":\"success\""))
        let (_, threadBody) = try await server.request("GET", "/threads/\(thread)")
        #expect(record.end == .finished)
        if testCase.graph == "chat" {
            #expect(record.state.run?.status == .interrupted)
            #expect(threadBody.contains("\"status\":\"interrupted\""))
            guard case .needsInput(let asks) = record.last else {
                Issue.record("the last state should be needsInput, not \(String(describing: record.last))")
                return
            }
            #expect(asks.contains("Publish the summary?"))
            // A token that repeats its group's (a space) may be the one let go; the words never are.
            let texts = record.state.messages.items.map(\.text)
            #expect(exact ? texts == ["Three tasks done."] : texts.map { $0.filter { !$0.isWhitespace } } == ["Threetasksdone."], "\(texts)")
        } else {
            #expect(record.state.run?.status == .success)
            #expect(threadBody.contains("\"status\":\"idle\""))
            #expect(record.last == .completed)
            #expect(record.state.isCompleted)
            #expect(record.state.competitors.map(\.name) == ["Acme", "Globex"])
        }
        // The same stages, in the same order and states, as the replay gives.
        #expect(record.state.stages.map { "\($0.name) \($0.status)" } == reference.state.stages.map { "\($0.name) \($0.status)" })
    }

    /// Whether `delivered` is `expected` less only events that repeat one of their own id group
    /// byte for byte. On a rejoined stream those cannot be told from the copies the server sends
    /// while a rejoin overlaps the run, and `LangGraphResumePoint` lets them go rather than double
    /// anything (its documented price); any other difference is a loss or a double.
    static func lacksOnlyGroupRepeats(_ delivered: [Wire], of expected: [Wire]) -> Bool {
        var next = 0
        var seen = Set<String>()
        for event in expected {
            let repeatsItsGroup = !seen.insert(event.id + "\n" + event.type + "\n" + event.data).inserted
            if next < delivered.count, delivered[next] == event {
                next += 1
            } else if !repeatsItsGroup || event.id.isEmpty {
                return false
            }
        }
        return next == delivered.count
    }

    // MARK: - Reading what went through the proxy

    /// The events of a (chunked) body cut short that had arrived whole, their ids, and whether
    /// the cut split an event (some bytes of one had arrived, not all).
    static func eventsBefore(cut body: [UInt8]) -> (ids: [String], splitEvent: Bool) {
        let (events, tail) = events(inChunked: body)
        return (events.map(\.id), !tail.isEmpty)
    }

    /// The whole events of a chunked SSE body (as far as it goes), and what followed the last.
    static func events(inChunked body: [UInt8]) -> (events: [Wire], tail: String) {
        var blocks = String(decoding: dechunk(body), as: UTF8.self).components(separatedBy: "\r\n\r\n")
        let tail = blocks.removeLast()
        let events = blocks.map { block in
            let lines = block.components(separatedBy: "\r\n")
            func field(_ name: String) -> String { lines.first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? "" }
            return Wire(type: field("event"), id: field("id"), data: field("data"))
        }
        return (events, tail)
    }

    /// What the server sent on the rejoin (the stream on the connection that asked for
    /// `location`), and which of those events it sent twice (the same id and data).
    static func rejoinStream(_ log: CuttingProxy.Log, location: String) -> String {
        guard let index = log.sent.indices.first(where: { requests([log.sent[$0]]).contains { $0.line == "GET \(location) HTTP/1.1" } }),
            let mark = find("text/event-stream", in: log.received[index], from: 0),
            let head = find("\r\n\r\n", in: log.received[index], from: mark)
        else { return "no rejoin stream through the proxy" }
        let (events, _) = events(inChunked: Array(log.received[index][(head + 4)...]))
        let repeated = events.indices.filter { at in events[..<at].contains(events[at]) }
        return """
            the server sent on the rejoin \(events.count) events, ids \(events.map(\.id)); \
            sent again (same id and data as an earlier one on that connection): \(repeated.map { "#\($0) \(events[$0])" })
            """
    }

    /// The data of a chunked body, as far as it goes (a body cut short ends where it was cut).
    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var data: [UInt8] = []
        var index = 0
        for _ in 0..<bytes.count {
            guard let lineEnd = find("\r\n", in: bytes, from: index),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16), size > 0
            else { break }
            let start = lineEnd + 2
            data += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
            if index >= bytes.count { break }
        }
        return data
    }

    static func find(_ text: String, in bytes: [UInt8], from start: Int) -> Int? {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The id a rejoin should ask from: the one before the last id group, else "-1".
    static func idBeforeLastGroup(_ ids: [String]) -> String {
        guard let last = ids.last else { return "-1" }
        return ids.last { $0 != last } ?? "-1"
    }

    struct SentRequest {
        var line: String
        var headers: [(String, String)]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// The HTTP/1.1 requests in each connection's client→server bytes (bodies by
    /// `Content-Length`, which is how this client sends them).
    static func requests(_ connections: [[UInt8]]) -> [SentRequest] {
        var requests: [SentRequest] = []
        for bytes in connections {
            var index = 0
            for _ in 0..<bytes.count {
                guard let end = find("\r\n\r\n", in: bytes, from: index) else { break }
                let lines = String(decoding: bytes[index..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                let request = SentRequest(line: lines.first ?? "", headers: headers)
                requests.append(request)
                index = end + 4 + (request.header("Content-Length").flatMap { Int($0) } ?? 0)
                if index >= bytes.count { break }
            }
        }
        return requests
    }

    /// Where two event lists part, with a few events either side.
    static func difference(_ delivered: [Wire], _ expected: [Wire]) -> String {
        guard let first = (0..<min(delivered.count, expected.count)).first(where: { delivered[$0] != expected[$0] })
            ?? (delivered.count == expected.count ? nil : min(delivered.count, expected.count))
        else { return "no difference" }
        let window = max(0, first - 3)..<(first + 4)
        func show(_ list: [Wire]) -> String {
            window.filter { $0 < list.count }.map { "  \($0): \(list[$0])" }.joined(separator: "\n")
        }
        return """
            first difference at event \(first) (delivered \(delivered.count), replay \(expected.count))
            delivered:
            \(show(delivered))
            replay:
            \(show(expected))
            """
    }
}
