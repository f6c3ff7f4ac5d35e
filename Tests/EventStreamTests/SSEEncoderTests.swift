import EventStream
import Testing
import TestSupport

@Suite("SSE encoder")
struct SSEEncoderTests {
    @Test("what it writes parses back to the same events")
    func roundTrip() {
        var random = SeededGenerator(state: 2024)
        let alphabet: [String] = ["a", "b", " ", ":", "\n", "\r", "\r\n", "é", "日本", "🙂", "{", "\"", "data: x"]
        var expected: [SSEEvent] = []
        var stream = SSEEncoder.retry(milliseconds: 1500) + SSEEncoder.comment("keep-alive")
        for index in 0..<300 {
            let length = Int.random(in: 1...12, using: &random)
            var data = (0..<length).map { _ in alphabet.randomElement(using: &random)! }.joined()
            if data.hasSuffix("\r") { data += "x" }  // a trailing CR and the data line's LF are one line end
            let type = Bool.random(using: &random) ? "message" : "custom"
            let id = index.isMultiple(of: 3) ? "\(index)" : nil
            stream += SSEEncoder.encode(SSEEvent(type: type, data: data), id: id)
            let lastID = id ?? expected.last?.lastEventID ?? ""
            let normalised = data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            expected.append(SSEEvent(type: type, data: normalised, lastEventID: lastID))
        }
        let (parsed, parser) = parse(Array(stream.utf8))
        let decoded = parsed.compactMap { parsed -> SSEEvent? in
            if case .event(let event, _) = parsed { return event }
            return nil
        }
        #expect(decoded == expected)
        #expect(parser.retryMilliseconds == 1500)
    }

    @Test("event names and ids cannot break out of their line")
    func fieldInjection() {
        let text = SSEEncoder.encode(SSEEvent(type: "x\ndata: injected", data: "ok"), id: "1\n\ndata: evil")
        let parsed = parse(Array(text.utf8)).parsed
        #expect(parsed == [.event(SSEEvent(type: "xdata: injected", data: "ok", lastEventID: "1data: evil"), line: 1)])
    }
}
