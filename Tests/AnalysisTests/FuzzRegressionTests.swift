import Analysis
import EventStream
import Foundation
import JSON
import Testing
import TestSupport

/// An input of the `envelope-decoder` fuzz target: `<event name>\n<data>`, the name within the
/// first 80 bytes (else all is data, named "message").
private func envelopeInput(_ name: String) throws -> SSEEvent {
    let bytes = Array(try Data(contentsOf: fixtureURL("fuzz/envelope-decoder/\(name)")))
    guard let newline = bytes.prefix(80).firstIndex(of: 0x0A) else { return SSEEvent(dataBytes: bytes) }
    return SSEEvent(type: String(decoding: bytes[..<newline], as: UTF8.self), dataBytes: Array(bytes[(newline + 1)...]))
}

/// An input of the `reducer` fuzz target: lines of `<data>` or `<event name>\t<data>`; a first
/// line `#` asks for small limits (the tests here use the defaults).
private func reducerInput(_ name: String) throws -> [AnalysisEvent] {
    let bytes = Array(try Data(contentsOf: fixtureURL("fuzz/reducer/\(name)")))
    return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).filter { $0 != [0x23] }.enumerated().map { index, line in
        let wire = line.firstIndex(of: 0x09).map {
            SSEEvent(type: String(decoding: line[..<$0], as: UTF8.self), dataBytes: Array(line[($0 + 1)...]))
        } ?? SSEEvent(dataBytes: Array(line))
        return AnalysisEvent.decode(wire, line: index + 1)
    }
}

private func inputs(_ target: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: fixturePath("fuzz/\(target)")).sorted()) ?? []
}

/// Inputs on which the `envelope-decoder` and `reducer` fuzz targets (scripts/fuzz) found the
/// decoder or the reducer wrong, kept in Tests/Fixtures/fuzz as the fuzzer reads them.
@Suite("Decoder and reducer: inputs the fuzzer found")
struct AnalysisFuzzRegressionTests {
    @Test("each input decodes, its text sanitised and its fractions within 0…1", arguments: inputs("envelope-decoder"))
    func decodes(name: String) throws {
        let event = AnalysisEvent.decode(try envelopeInput(name))
        for text in [event.type, event.stage, event.competitor, event.message, event.sessionID, event.requestID].compactMap({ $0 }) {
            #expect(TextSanitizer.clean(text) == text)
        }
        #expect(event.progress.map { (0...1).contains($0) } ?? true)
    }

    /// A type named by the SSE `event:` field is kept whole (up to the event cap, 8 MiB),
    /// while one from the JSON `type` is cut to 64 characters; unknown types are counted by
    /// name, so 64 of them can hold 512 MiB. Fix: cut it in `TypeName.init(_:)` as well.
    @Test("an unknown type from the event name is cut to 64 characters, as one from the JSON is")
    func longEventName() throws {
        let event = AnalysisEvent.decode(try envelopeInput("type-from-event-name-not-cut"))
        #expect(event.type.count <= 64)
    }

    /// `TypeName.init(_:)` matches the known types before cleaning the name, so a name that
    /// cleaning turns into one ("error" followed by NULs) stays an unknown type called "error":
    /// not shown as an error, and counted under the same name as errors (see F7). Fix: clean
    /// first, then match.
    @Test("an event name that is a known type once cleaned is that type")
    func eventNameKnownOnceCleaned() throws {
        let wire = try envelopeInput("event-name-known-once-cleaned")
        #expect(wire.type == "error\u{0}\u{0}")
        let event = AnalysisEvent.decode(wire)
        #expect(event.kind == .error(ErrorReport(message: "quota exceeded", errorType: "RuntimeError")))
    }

    /// A timestamp of 1e25 (a number; taken as milliseconds, 1e22 s) is kept, and
    /// `Timestamp.text` then traps converting it to microseconds in an Int64: the normalised
    /// envelope (`--ui json`), the summary and the report all print it. Fix: reject timestamps
    /// outside years 1–9999 when decoding (with a note), and make `Timestamp.iso8601` total.
    @Test("an event with a timestamp far in the future prints as an envelope")
    func timestampFarInTheFuture() async {
        await #expect(processExitsWith: .success) {
            let bytes = Array((try? Data(contentsOf: fixtureURL("fuzz/envelope-decoder/timestamp-far-future"))) ?? Data())
            let event = AnalysisEvent.decode(SSEEvent(dataBytes: Array(bytes.drop { $0 != 0x0A }.dropFirst())))
            _ = event.envelope.serialized()
        }
    }

    /// A server-sent type "malformed" is an unknown type (streamtop's own `malformed` never
    /// comes from the wire) counted by name, and `EventCounts.byType` then overwrites that count
    /// with the count of streamtop's malformed events, so the counts no longer add up to the
    /// total. Fix: add the known counts to `byType` (`all[name, default: 0] += …`).
    @Test("the counts by type add up to the events counted")
    func countsAddUp() throws {
        var state = AnalysisState()
        let events = try reducerInput("type-named-malformed")
        #expect(events.map(\.type) == ["malformed", "malformed"])
        for event in events { state.reduce(event) }
        #expect(state.eventCounts.total == 2)
        #expect(state.eventCounts.byType.values.reduce(0, +) == state.eventCounts.total)
    }

    /// The JSON `type` is matched against the known types before it is cleaned: one with an
    /// escaped control character ("sources_found\u0000") is cleaned to "sources_found" and kept
    /// as an unknown type of that name, so the sources are not counted, and the normalised
    /// envelope (`--ui json`) then writes it as a real `sources_found`. Fix: in `TypeName.read`,
    /// match the cleaned text (as `TypeName.init(_:)` now does for the event name, F2).
    @Test("a JSON type that is a known type once cleaned is that type")
    func jsonTypeKnownOnceCleaned() throws {
        let event = AnalysisEvent.decode(try envelopeInput("json-type-known-once-cleaned"))
        #expect(event.kind == .sourcesFound(SourcesFound(count: 2)))
    }

    @Test("each reducer input folds within the limits", arguments: inputs("reducer"))
    func folds(name: String) throws {
        var state = AnalysisState()
        let events = try reducerInput(name)
        for event in events { state.reduce(event) }
        #expect(state.eventCounts.total == events.count)
        #expect(state.diagnostics.items.count <= state.limits.diagnostics)
        #expect((0...1).contains(state.progress))
    }
}
