import Analysis
import EventStream
import FuzzSupport
import JSON
import OutputFormats

enum EnvelopeFuzz {
    /// One cache for the whole run, as a feed keeps one for its stream: whatever it holds from
    /// earlier inputs must not change what an input decodes to.
    nonisolated(unsafe) static let cache = StringCache()

    static func run(_ bytes: [UInt8]) {
        let (name, data) = split(bytes)
        let wire = SSEEvent(type: name, dataBytes: data)
        let event = AnalysisEvent.decode(wire)
        check(event, wire: wire)

        let cached = AnalysisEvent.decode(wire, cache: cache)
        fuzzCheck(cached == event, "with the shared cache: \(cached) != \(event)")
        let again = AnalysisEvent.decode(wire, cache: cache)
        fuzzCheck(again == event, "decoded again from the cache: \(again) != \(event)")
        let stamped = AnalysisEvent.decode(wire, line: 7, arrival: Timestamp(seconds: 1_700_000_000))
        fuzzCheck(stamped.line == 7 && stamped.kind == event.kind, "line and arrival changed the event: \(stamped)")
        if event.timestamp == nil {
            fuzzCheck(stamped.timestamp == Timestamp(seconds: 1_700_000_000), "a missing timestamp is not the arrival")
        }
        // Bytes that are UTF-8 read the same as the String they make.
        if let text = String(validating: data, as: UTF8.self) {
            let fromString = AnalysisEvent.decode(json: text, eventName: name)
            fuzzCheck(fromString == event, "from a String: \(fromString) != \(event)")
        }
        // What `--ui plain` prints for it (`--ui json` prints the envelope: roundTrip).
        _ = event.logLine
        roundTrip(event)
    }

    /// `<name>\n<data>`, the name within the first 80 bytes; else all is data, named "message".
    static func split(_ bytes: [UInt8]) -> (name: String, data: [UInt8]) {
        guard let newline = bytes.prefix(80).firstIndex(of: 0x0A) else { return ("message", bytes) }
        return (String(decoding: bytes[..<newline], as: UTF8.self), Array(bytes[(newline + 1)...]))
    }

    /// What any decoded event must satisfy.
    static func check(_ event: AnalysisEvent, wire: SSEEvent) {
        // Text from the stream is untrusted: every string was cleaned when decoded (the raw
        // `report` JSON excepted: it is shown only as serialized JSON).
        let contents = Contents(of: event, skip: { $0 is JSONValue })
        for (path, text) in contents.strings {
            fuzzCheck(TextSanitizer.clean(text) == text, "\(path) is not sanitised: \(text.debugDescription) in \(event)")
        }
        for (path, number) in contents.doubles {
            fuzzCheck(number.isFinite, "\(path) is \(number) in \(event)")
        }
        for (name, fraction) in [("progress", event.progress), ("competitorProgress", event.competitorProgress)] {
            if let fraction { fuzzCheck((0...1).contains(fraction), "\(name) \(fraction) outside 0…1") }
        }
        switch event.kind {
        case .sourcesFound(let found):
            fuzzCheck(found.count >= 0, "a negative source count \(found.count)")
        case .insightGenerated(let insight):
            fuzzCheck(!insight.text.isEmpty, "an insight without text")
            if let confidence = insight.confidence { fuzzCheck((0...1).contains(confidence), "confidence \(confidence)") }
        case .graph(let graph):
            switch graph.part {
            case .message(let chunk):
                let limit = chunk.isWholeSoFar ? ModelMessageChunk.maxWholeBytes : ModelMessageChunk.maxDeltaBytes
                fuzzCheck(chunk.text.utf8.count <= limit, "a message chunk of \(chunk.text.utf8.count) bytes")
            case .interrupted(let interrupts):
                for interrupt in interrupts {
                    fuzzCheck(interrupt.value.utf8.count <= InterruptRequest.maxValueBytes + "…".utf8.count,
                              "an interrupt value of \(interrupt.value.utf8.count) bytes")
                }
            default:
                break
            }
        default:
            break
        }
    }

    /// The normalised envelope (what `--ui json` prints) decodes back to the same event, but
    /// for what the envelope does not carry: notes on the input, and a LangGraph event or a
    /// malformed one, which are for reading only.
    static func roundTrip(_ event: AnalysisEvent) {
        switch event.kind {
        case .graph, .malformed: return
        default: break
        }
        let text = event.envelope.serialized()
        var back = AnalysisEvent.decode(json: text)
        var expected = event
        back.problems = []
        expected.problems = []
        // The envelope writes times to the microsecond, within the years 0000–9999 (a time
        // outside them is written as the nearest it can be: F3's fix, Timestamp.text).
        if var time = expected.timestamp?.seconds {
            time = min(max(time, -62_167_219_200), 253_402_300_799)
            if let written = back.timestamp, abs(written.seconds - time) <= 1e-6 * max(1, abs(time)) { expected.timestamp = written }
        }
        if let a = back.timestamp, let b = expected.timestamp, abs(a.seconds - b.seconds) <= 1e-6 * max(1, abs(b.seconds)) {
            back.timestamp = expected.timestamp
        }
        fuzzCheck(back == expected, "the envelope \(text) decodes to \(back), not \(expected)")
    }
}
