import Analysis
import EventStream
import JSON

/// streamtop's recording format: JSON Lines, a header first, then one entry per line.
///
///     {"streamtop_recording":1,"source":"demo","started_at":"2026-11-25T12:00:00.000000Z"}
///     [0.0123,"e",{"data":"{\"type\":\"stage_started\",…}","event":"custom","id":"7"}]
///     [0.0456,"d","event at line 12 is larger than 8388608 bytes; dropped"]
///
/// An entry is `[offset, code, body]`: seconds since `started_at`, then `"e"` for an SSE
/// event exactly as it arrived (`event` and `id` only when present) or `"d"` for a
/// diagnostic the live session reported. Other codes are skipped, so that later versions can
/// add entries.
public enum Recording {
    public static let version = 1

    public struct Header: Equatable, Sendable {
        public var source: String
        public var startedAt: Timestamp

        public init(source: String, startedAt: Timestamp) {
            self.source = source
            self.startedAt = startedAt
        }

        public var line: String {
            JSONValue.object(JSONObject([
                ("streamtop_recording", .number(Double(Recording.version))),
                ("source", .string(source)),
                ("started_at", .string(startedAt.text)),
            ])).serialized()
        }
    }

    public enum Entry: Equatable, Sendable {
        case event(SSEEvent)
        case diagnostic(String)
    }

    /// One line (without its newline) for an entry at `offset` seconds.
    public static func line(_ entry: Entry, offset: Double) -> String {
        let body: JSONValue
        let code: String
        switch entry {
        case .event(let event):
            var members: [(key: String, value: JSONValue)] = [("data", .string(event.data))]
            if event.type != "message" { members.append(("event", .string(event.type))) }
            if !event.lastEventID.isEmpty { members.append(("id", .string(event.lastEventID))) }
            body = .object(JSONObject(members))
            code = "e"
        case .diagnostic(let message):
            body = .string(message)
            code = "d"
        }
        let rounded = (max(0, offset) * 1_000_000).rounded() / 1_000_000
        return JSONValue.array([.number(rounded), .string(code), body]).serialized()
    }

    public static func isHeader(_ line: [UInt8]) -> Bool {
        (try? parseHeader(line)) != nil
    }

    public static func parseHeader(_ line: [UInt8]) throws -> Header {
        let value = try JSONValue(parsing: String(decoding: line, as: UTF8.self))
        guard value["streamtop_recording"]?.numberValue != nil else {
            throw RecordingError("not a streamtop recording header")
        }
        let startedAt = value["started_at"]?.stringValue.flatMap(Timestamp.init(iso8601:))
        return Header(source: value["source"]?.stringValue ?? "unknown", startedAt: startedAt ?? Timestamp(seconds: 0))
    }

    /// The entry on one line, or why it cannot be read; nil for codes this version skips.
    public static func parseEntry(_ line: UnsafeBufferPointer<UInt8>) throws -> (offset: Double, entry: Entry)? {
        var scanner = JSONScanner(line)
        var fields: [JSONValue] = []
        try scanner.readArray { fields.append(try $0.readValue()) }
        try scanner.expectEnd()
        guard fields.count == 3, let offset = fields[0].numberValue, let code = fields[1].stringValue else {
            throw RecordingError("an entry must be [offset, code, body]")
        }
        switch code {
        case "e":
            guard let data = fields[2]["data"]?.stringValue else {
                throw RecordingError("an event entry needs a \"data\" string")
            }
            let event = SSEEvent(
                type: fields[2]["event"]?.stringValue ?? "message", data: data,
                lastEventID: fields[2]["id"]?.stringValue ?? ""
            )
            return (offset, .event(event))
        case "d":
            return (offset, .diagnostic(fields[2].stringValue ?? "diagnostic"))
        default:
            return nil
        }
    }
}

struct RecordingError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
