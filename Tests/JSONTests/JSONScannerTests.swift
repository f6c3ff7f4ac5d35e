import Foundation
import JSON
import Testing
import TestSupport

/// The byte-level JSON reader must agree with Foundation's JSONSerialization: same values for
/// every document both accept, and a refusal where the RFC says so.
@Suite("JSON scanner")
struct JSONScannerTests {
    @Test("agrees with JSONSerialization on every sample envelope")
    func samples() throws {
        for name in ["ref-default.jsonl"] {
            let text = try String(contentsOf: fixtureURL("samples/\(name)"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let ours = try JSONValue(parsing: String(line))
                let theirs = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
                #expect(same(ours, theirs), "\(line.prefix(80))")
            }
        }
    }

    @Test("refuses what RFC 8259 refuses", arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "0x10", "NaN", "Infinity",
        "'single'", "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "{\"a\" 1}", "[1 2]", "tru", "nul",
        "\"raw \u{01} control\"", "\"tab\there\"", "{} {}", "1e400", "[" + String(repeating: "[", count: 300),
    ])
    func refusals(text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    @Test("reads escapes, surrogate pairs, numbers and nesting")
    func values() throws {
        let value = try JSONValue(parsing: #"{"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800x","n":[0,-0.5,1e3,12345678901234567890,1.5E-7],"t":true,"f":false,"z":null}"#)
        #expect(value["s"] == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀\u{FFFD}x"))
        #expect(value["n"] == .array([.number(0), .number(-0.5), .number(1000), .number(12_345_678_901_234_567_168), .number(1.5e-7)]))
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["z"] == .null)
    }

    /// One deliberate difference: a lone surrogate escape (`"\ud83d"` alone), which the RFC's
    /// grammar allows and JSONSerialization refuses, is read as U+FFFD rather than losing the
    /// whole event, as Python's json does.
    @Test("fuzzed documents: parse ⇔ JSONSerialization parses, with equal values")
    func fuzz() throws {
        var random = SeededGenerator(state: 99)
        var loneSurrogates = 0
        for _ in 0..<3000 {
            let document = mutate(randomDocument(&random, depth: 0), &random)
            let ours = try? JSONValue(parsing: document)
            let theirs = try? JSONSerialization.jsonObject(with: Data(document.utf8), options: [.fragmentsAllowed])
            if let ours, theirs == nil, hasLoneSurrogate(document) {
                #expect(ours.serialized().contains("\u{FFFD}"), "\(document)")
                loneSurrogates += 1
                continue
            }
            #expect((ours == nil) == (theirs == nil), "\(document)")
            if let ours, let theirs { #expect(same(ours, theirs), "\(document)") }
        }
        #expect(loneSurrogates > 0)
    }

    @Test("a lone surrogate becomes U+FFFD")
    func loneSurrogate() throws {
        #expect(try JSONValue(parsing: #""a\ud83db""#) == .string("a\u{FFFD}b"))
        #expect(try JSONValue(parsing: #""\ude00""#) == .string("\u{FFFD}"))
    }

    @Test("writes text that reads back to the same value, escaping every control character")
    func writerRoundTrip() throws {
        var random = SeededGenerator(state: 7)
        for _ in 0..<1000 {
            guard let value = try? JSONValue(parsing: randomDocument(&random, depth: 0)) else { continue }
            for pretty in [false, true] {
                let text = value.serialized(pretty: pretty)
                #expect(try JSONValue(parsing: text) == value)
                #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
            }
        }
        #expect(JSONValue.string("\u{1B}[31m\u{9B}\u{202E}").serialized() == #""\u001b[31m\u009b\u202e""#)
    }

    // MARK: - Helpers

    private func randomDocument(_ random: inout SeededGenerator, depth: Int) -> String {
        let pieces = [
            "0", "-0", "1", "-12.5", "3e2", "1E-3", "0.000001", "123456789012345678", "true", "false", "null",
            #""""#, #""a""#, #""\n\t\"\\""#, #""é日本🙂""#, #""\u00e9\ud83d\ude00""#, #""\/""#,
        ]
        switch depth > 3 ? 0 : Int.random(in: 0..<4, using: &random) {
        case 1:
            let count = Int.random(in: 0...4, using: &random)
            return "[" + (0..<count).map { _ in randomDocument(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        case 2:
            let count = Int.random(in: 0...4, using: &random)
            return "{" + (0..<count).map { index in
                "\"k\(index)\" : " + randomDocument(&random, depth: depth + 1)
            }.joined(separator: ", ") + "}"
        default:
            return pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
    }

    /// Sometimes damages a document: a byte removed, doubled, or replaced by a JSON-significant one.
    private func mutate(_ document: String, _ random: inout SeededGenerator) -> String {
        var bytes = Array(document.utf8)
        guard !bytes.isEmpty, Int.random(in: 0..<3, using: &random) == 0 else { return document }
        let index = Int.random(in: 0..<bytes.count, using: &random)
        let significant: [UInt8] = Array("{}[],:\"\\0e.-+ tx".utf8)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: bytes.remove(at: index)
        case 1: bytes.insert(bytes[index], at: index)
        default: bytes[index] = significant[Int.random(in: 0..<significant.count, using: &random)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A \\uD800–DBFF escape not followed by a \\uDC00–DFFF one, or a low one on its own.
    private func hasLoneSurrogate(_ document: String) -> Bool {
        let scalars = Array(document.unicodeScalars)
        var index = 0
        var previousWasHigh = false
        while index < scalars.count {
            if scalars[index] == "\\", index + 1 < scalars.count {
                if scalars[index + 1] == "u", index + 6 <= scalars.count,
                   let value = UInt32(String(String.UnicodeScalarView(scalars[index + 2..<index + 6])), radix: 16)
                {
                    if (0xDC00...0xDFFF).contains(value), !previousWasHigh { return true }
                    if previousWasHigh, !(0xDC00...0xDFFF).contains(value) { return true }
                    previousWasHigh = (0xD800...0xDBFF).contains(value)
                    index += 6
                    continue
                }
                if previousWasHigh { return true }
                index += 2
                continue
            }
            if previousWasHigh { return true }
            index += 1
        }
        return previousWasHigh
    }

    private func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let bool):
            return (theirs as? NSNumber)?.boolValue == bool
        case .number(let number):
            guard let other = theirs as? NSNumber else { return false }
            return other.doubleValue == number || abs(other.doubleValue - number) <= abs(number) * 1e-15
        case .string(let string): return (theirs as? String) == string
        case .array(let elements):
            guard let other = theirs as? [Any], other.count == elements.count else { return false }
            return zip(elements, other).allSatisfy { same($0, $1) }
        case .object(let object):
            guard let other = theirs as? [String: Any] else { return false }
            let keys = Set(object.members.map(\.key))
            return keys.count == other.count && keys.allSatisfy { key in other[key].map { same(object[key]!, $0) } ?? false }
        }
    }
}
