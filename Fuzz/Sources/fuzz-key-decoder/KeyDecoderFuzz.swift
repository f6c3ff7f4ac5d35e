import Analysis
import Dashboard
import EventStream
import FuzzSupport
@testable import Terminal

enum KeyDecoderFuzz {
    /// A run in progress for the keys to act on: stages, competitors, sources, an error, a bad
    /// line; decoded once.
    static let events: [AnalysisEvent] = {
        let stream = """
            data: {"type":"stage_started","data":{"stage":"plan"}}

            data: {"type":"stage_started","data":{"stage":"research","competitor":"Acme","progress":0.2}}

            data: {"type":"sources_found","data":{"competitor":"Acme","stage":"research","count":2,"sources":[{"title":"A","url":"https://a.example"},{"title":"B","url":"https://b.example"}]}}

            data: {"type":"insight_generated","data":{"competitor":"Beta","insight":{"title":"T","summary":"an insight","confidence":0.7}}}

            data: {"type":"error","data":{"stage":"research","competitor":"Beta","error":"HTTP 429","error_type":"RuntimeError"}}

            data: {"type":"progress_update","data":{"progress":0.5,"message":"halfway"}}

            data: not json

            event: updates
            data: {"__interrupt__":[{"value":"publish?","id":"i1"}]}


            """
        var parser = SSEParser()
        return parser.feed(Array(stream.utf8)).compactMap { parsed in
            if case .event(let event, let line) = parsed { return AnalysisEvent.decode(event, line: line) }
            return nil
        }
    }()

    static let sizes = [Size(width: 80, height: 24), Size(width: 30, height: 8), Size(width: 120, height: 40), Size(width: 1, height: 1)]
    static let modes: [AppState.Mode] = [
        .replay(file: "fuzz.sse"), .live(host: "fuzz.example"), .demo, .langGraph(host: "fuzz.example", assistant: "agent"),
    ]

    static func run(_ bytes: [UInt8]) {
        let selector = Int(bytes.first ?? 0)
        let size = sizes[selector % sizes.count]
        var app = DashboardApp(state: AppState(mode: modes[selector / sizes.count % modes.count], now: 1_795_537_000))
        _ = app.send(.resized(size))
        _ = app.send(.events(events))

        var index = 1
        while index + 5 <= bytes.count {
            let tag = bytes[index]
            let value = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + 1 + $1]) << (8 * UInt32($1)) }
            index += 5
            let input: CursesInput = tag & 1 == 0 ? .character(value) : .keyCode(Int32(bitPattern: value))
            let key = KeyDecoder.decode(input)
            check(key, from: input)
            if let key {
                for mode in modes { _ = Keymap.command(for: key, in: mode) }
                _ = app.send(.key(key))
            }
            // Now and then the clock moves or the screen changes size, as they do between keys.
            if tag & 0x80 != 0 { _ = app.send(.tick(now: 1_795_537_000 + Double(index))) }
            if tag & 0x40 != 0 { _ = app.send(.resized(sizes[Int(tag >> 1) % sizes.count])) }
        }
        let grid = app.render(app.state.size)
        fuzzCheck(grid.size == app.state.size, "a grid of \(grid.size) for a screen of \(app.state.size)")
        for line in grid.lines {
            for scalar in line.unicodeScalars {
                fuzzCheck(!isControl(scalar.value), "a control character U+\(String(scalar.value, radix: 16)) on screen: \(line.debugDescription)")
            }
        }
    }

    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// A key is what the dashboard can act on: never a control character as a character key.
    static func check(_ key: Key?, from input: CursesInput) {
        switch (input, key) {
        case (.character(let code), .character(let character)?):
            fuzzCheck(character.unicodeScalars.count == 1 && character.unicodeScalars.first!.value == code,
                      "character \(code) decoded as \(character.debugDescription)")
            fuzzCheck(!isControl(code), "control character \(code) decoded as a character key")
        case (.character(let code), .control(let letter)?):
            fuzzCheck(("a"..."z").contains(letter), "Ctrl-\(letter.debugDescription) from \(code)")
            fuzzCheck(letter.asciiValue.map { UInt32($0) - 0x60 } == code, "Ctrl-\(letter) from \(code)")
        case (.character(let code), nil):
            let scalar = Unicode.Scalar(code)
            fuzzCheck(scalar == nil || isControl(code), "character \(code) has no key")
        case (.keyCode, .character?), (.keyCode, .control?):
            fuzzCheck(false, "\(input) decoded as \(String(describing: key))")
        case (.keyCode, .function(let number)?):
            fuzzCheck((1...63).contains(number), "F\(number)")
        case (.character(let code), .function?):
            fuzzCheck(false, "character \(code) decoded as a function key")
        default:
            break
        }
    }
}
