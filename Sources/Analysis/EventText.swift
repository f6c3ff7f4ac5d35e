import JSON

/// One text of a decoded event: a String, or the place in the event's payload of a text that
/// needs no decoding (plain: printable ASCII without escapes), made a String only when read.
///
/// The decoder defers the texts that come with nearly every event and that the reducer mostly
/// only compares with what it already holds (session and request ids, stage and competitor
/// names, messages): an event that repeats them costs no String, no lookup and no reference
/// count, only the comparison of its bytes.
enum EventText: Sendable {
    case string(String)
    /// Bytes `start ..< start + count` of the payload.
    case span(start: UInt32, count: UInt32)

    func string(in payload: [UInt8]) -> String {
        switch self {
        case .string(let string): return string
        case .span: return payload.withUnsafeBufferPointer { string(in: $0) }
        }
    }

    /// `cache`, when given, shares the texts that repeat.
    func string(in payload: UnsafeBufferPointer<UInt8>, cache: StringCache? = nil) -> String {
        switch self {
        case .string(let string): return string
        case .span(let start, let count):
            let raw = Self.bytes(start, count, of: payload)
            return cache?.string(raw) ?? String(decoding: raw, as: UTF8.self)
        }
    }

    /// Calls `body` with the text's UTF-8, in place.
    func withBytes<Result>(in payload: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch self {
        case .string(var string): return string.withUTF8(body)
        case .span(let start, let count): return payload.withUnsafeBufferPointer { body(Self.bytes(start, count, of: $0)) }
        }
    }

    private static func bytes(_ start: UInt32, _ count: UInt32, of payload: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: payload[Int(start)..<Int(start) + Int(count)])
    }

    @inline(__always)
    private static func same(_ start: UInt32, _ payload: [UInt8], _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        payload.withUnsafeBufferPointer { all in bytesEqual(all.baseAddress! + Int(start), other.baseAddress!, count: other.count) }
    }

    /// Whether the text is `other`, compared as bytes. Inlined: called, it has its caller
    /// retain and release `other` around it.
    @inline(__always)
    func equals(_ other: String?, in payload: [UInt8]) -> Bool {
        guard let other else { return false }
        switch self {
        case .string(let string): return string == other
        case .span(let start, let count):
            guard other.utf8.count == Int(count) else { return false }
            guard count > 0 else { return true }
            // The closures are passed, never stored, so that nothing is retained for them.
            // Native strings are compared in place; others (small ones among them) once copied.
            if let same = other.utf8.withContiguousStorageIfAvailable({ Self.same(start, payload, $0) }) { return same }
            var copy = other
            return copy.withUTF8 { Self.same(start, payload, $0) }
        }
    }
}
