#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a JSON text was refused, and at which byte.
public struct JSONError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public var offset: Int

    public var description: String { "\(message) at byte \(offset)" }
}

/// A strict RFC 8259 JSON reader that walks UTF-8 bytes in place.
///
/// Callers pull exactly the values they need and skip the rest, which is still fully
/// validated but never materialised: that is what lets the envelope decoder run without
/// Foundation's JSON on the hot path. Keys are compared as bytes, without making Strings.
public struct JSONScanner {
    public static let maxDepth = 256

    public enum Kind: Equatable, Sendable {
        case object, array, string, number, bool, null
    }

    /// The whole input, which ranges handed out refer to.
    public let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var offset = 0
    private var depth = 0
    public let cache: StringCache?

    /// The bytes must outlive the scanner. Strings read with `cached: true` are looked up in
    /// `cache`, when there is one.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, cache: StringCache? = nil) {
        self.bytes = bytes
        self.cache = cache
    }

    // MARK: - Structure

    /// The kind of the next value, after skipping whitespace.
    public mutating func peek() throws -> Kind {
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of input") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected character '\(Self.describe(bytes[offset]))'")
        }
    }

    /// Calls `body` for each member of an object; `body` must consume the member's value.
    public mutating func readObject(_ body: (JSONKey, inout JSONScanner) throws -> Void) throws {
        try open(UInt8(ascii: "{"))
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                throw error("expected a string key")
            }
            let keyStart = offset + 1
            let (keyEnd, plainKey) = try scanStringEnd()
            let rawKey = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
            try expectByte(UInt8(ascii: ":"), "expected ':' after a key")
            if !plainKey, rawKey.contains(UInt8(ascii: "\\")) {
                var decoded = try decodeEscapes(rawKey, startingAt: keyStart)
                try decoded.withUTF8 { try body(JSONKey(bytes: $0), &self) }
            } else {
                try body(JSONKey(bytes: rawKey), &self)
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { break }
            throw error("expected ',' or '}' in an object")
        }
        depth -= 1
    }

    /// Calls `body` once per element of an array; `body` must consume the element.
    public mutating func readArray(_ body: (inout JSONScanner) throws -> Void) throws {
        try open(UInt8(ascii: "["))
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { break }
            throw error("expected ',' or ']' in an array")
        }
        depth -= 1
    }

    /// Throws unless only whitespace is left.
    public mutating func expectEnd() throws {
        skipWhitespace()
        if offset < bytes.count { throw error("unexpected data after the JSON value") }
    }

    // MARK: - Values

    public mutating func readValue() throws -> JSONValue {
        switch try peek() {
        case .object:
            var members: [(key: String, value: JSONValue)] = []
            try readObject { key, scanner in members.append((key.string, try scanner.readValue())) }
            return .object(JSONObject(members))
        case .array:
            var elements: [JSONValue] = []
            try readArray { elements.append(try $0.readValue()) }
            return .array(elements)
        case .string: return .string(try readString())
        case .number: return .number(try readNumber())
        case .bool: return .bool(try readBool())
        case .null:
            try readNull()
            return .null
        }
    }

    /// Validates the next value without building it.
    public mutating func skipValue() throws {
        switch try peek() {
        case .object: try readObject { _, scanner in try scanner.skipValue() }
        case .array: try readArray { try $0.skipValue() }
        case .string: _ = try scanStringEnd()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        }
    }

    public mutating func readString() throws -> String {
        try readStringNotingPlainness().string
    }

    /// The next string, and whether it was plain: printable ASCII written without escapes, so
    /// that callers can skip cleaning it. `cached`: a value that repeats across documents.
    public mutating func readStringNotingPlainness(cached: Bool = false) throws -> (string: String, plain: Bool) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string") }
        let start = offset + 1
        let (end, plain) = try scanStringEnd()
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if !plain, raw.contains(UInt8(ascii: "\\")) { return (try decodeEscapes(raw, startingAt: start), false) }
        if cached, let cache { return (cache.string(raw), plain) }
        return (String(decoding: raw, as: UTF8.self), plain)
    }

    /// The bytes of the next string if it is plain (printable ASCII, no escapes), without
    /// making a String; otherwise nil, and nothing is consumed.
    public mutating func readPlainStringBytes() throws -> UnsafeBufferPointer<UInt8>? {
        try readPlainStringRange().map { UnsafeBufferPointer(rebasing: bytes[$0]) }
    }

    /// Where the next string's body lies in the scanner's bytes if it is plain (printable
    /// ASCII, no escapes); otherwise nil, and nothing is consumed.
    public mutating func readPlainStringRange() throws -> Range<Int>? {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string") }
        let start = offset
        let (end, plain) = try scanStringEnd()
        guard plain else {
            offset = start
            return nil
        }
        return start + 1..<end
    }

    public mutating func readNumber() throws -> Double {
        skipWhitespace()
        return try scanNumber()
    }

    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        if try consumeLiteral("true") { return true }
        if try consumeLiteral("false") { return false }
        throw error("expected true or false")
    }

    public mutating func readNull() throws {
        skipWhitespace()
        guard try consumeLiteral("null") else { throw error("expected null") }
    }

    // MARK: - Lexing

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private mutating func expectByte(_ byte: UInt8, _ message: String) throws {
        skipWhitespace()
        guard consume(byte) else { throw error(message) }
    }

    private mutating func open(_ bracket: UInt8) throws {
        skipWhitespace()
        guard consume(bracket) else { throw error("expected '\(Self.describe(bracket))'") }
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
    }

    private mutating func consumeLiteral(_ literal: StaticString) throws -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count,
              memcmp(bytes.baseAddress! + offset, literal.utf8Start, count) == 0
        else { return false }
        offset += count
        return true
    }

    /// With `offset` on an opening quote, moves past the closing one, validating escapes and
    /// refusing raw control characters; returns the offset of the closing quote, and whether
    /// the body is plain: printable ASCII with no escapes, which needs no decoding or cleaning.
    @discardableResult
    private mutating func scanStringEnd() throws -> (end: Int, plain: Bool) {
        var index = offset + 1
        var plain = true
        while true {
            index = Self.nextSpecialByte(bytes, from: index, plain: &plain)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                offset = index + 1
                return (index, plain)
            }
            if byte < 0x20 {
                offset = index
                throw error("control character in a string")
            }
            // A backslash: the only other byte that stops the search.
            plain = false
            guard index + 1 < bytes.count else { break }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                 UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 2
            case UInt8(ascii: "u"):
                guard index + 6 <= bytes.count, Self.hexValue(bytes, at: index + 2) != nil else {
                    offset = index
                    throw error("invalid \\u escape")
                }
                index += 6
            default:
                offset = index
                throw error("invalid escape '\\\(Self.describe(bytes[index + 1]))'")
            }
        }
        offset = bytes.count
        throw error("unterminated string")
    }

    /// The index of the next quote, backslash or control character at or after `start` (or the
    /// end), found a word at a time; any non-ASCII byte or DEL passed on the way clears `plain`.
    private static func nextSpecialByte(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, plain: inout Bool) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let quotes = word ^ (ones &* 0x22)
                let backslashes = word ^ (ones &* 0x5C)
                // The "has a zero byte" trick: the lowest flagged byte is exactly the first
                // byte that is < 0x20, '"' or '\\' (bytes above it may be flagged falsely).
                let special = (((word &- ones &* 0x20) & ~word)
                    | ((quotes &- ones) & ~quotes)
                    | ((backslashes &- ones) & ~backslashes)) & highs
                // Bytes >= 0x80, and DEL, which becomes 0x80 when one is added.
                var high = (word | (word &+ ones)) & highs
                if special != 0 {
                    let bits = special.trailingZeroBitCount & ~7
                    high &= bits == 0 ? 0 : UInt64.max >> (64 - bits)
                    if high != 0 { plain = false }
                    return index + bits / 8
                }
                if high != 0 { plain = false }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            if byte >= 0x7F { plain = false }
            index += 1
        }
        return index
    }

    /// Decodes a string body already validated by `scanStringEnd`. A lone surrogate, which no
    /// Swift string can hold, becomes U+FFFD.
    private func decodeEscapes(_ raw: UnsafeBufferPointer<UInt8>, startingAt start: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(Self.hexValue(raw, at: index)!)
                index += 4
                if (0xD800...0xDBFF).contains(scalar), index + 6 <= raw.count,
                   raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u"),
                   let low = Self.hexValue(raw, at: index + 2), (0xDC00...0xDFFF).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    index += 6
                }
                let decoded = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(decoded)!)
            default: out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Reads a number by the RFC 8259 grammar. Up to 15 significant digits and a small
    /// exponent convert exactly with one multiplication or division; the rest go to `strtod`.
    private mutating func scanNumber() throws -> Double {
        let start = offset
        var index = offset
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        guard index < bytes.count, Self.isDigit(bytes[index]) else {
            offset = index
            throw error("invalid number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) {
                offset = index
                throw error("leading zero in a number")
            }
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) {
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                } else {
                    exponent += 1
                }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                offset = index
                throw error("digits expected after '.'")
            }
            while index < bytes.count, Self.isDigit(bytes[index]) {
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                }
                index += 1
            }
        }
        var explicitExponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                offset = index
                throw error("digits expected in an exponent")
            }
            while index < bytes.count, Self.isDigit(bytes[index]) {
                if explicitExponent < 100_000 {
                    explicitExponent = explicitExponent * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                }
                index += 1
            }
            if exponentNegative { explicitExponent = -explicitExponent }
        }
        offset = index
        exponent += explicitExponent
        var value: Double
        if digits <= 15, abs(exponent) <= 22 {
            value = Double(mantissa)
            value = exponent < 0 ? value / Self.powersOfTen[-exponent] : value * Self.powersOfTen[exponent]
            if negative { value = -value }
        } else {
            value = Self.convertWithStrtod(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
        guard value.isFinite else {
            offset = start
            throw error("number out of range")
        }
        return value
    }

    private static func convertWithStrtod(_ text: UnsafeBufferPointer<UInt8>) -> Double {
        var terminated = [CChar](repeating: 0, count: text.count + 1)
        for (index, byte) in text.enumerated() { terminated[index] = CChar(bitPattern: byte) }
        return strtod(terminated, nil)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }

    private func error(_ message: String) -> JSONError {
        JSONError(message: message, offset: offset)
    }
}

/// An object key as raw UTF-8, compared without making a String.
public struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>

    public func `is`(_ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount
            && (bytes.isEmpty || memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
