extension JSONValue {
    /// The document as JSON text. Object members keep their order, so equal values always give
    /// identical bytes. Besides what RFC 8259 requires, every control character (C0, DEL, C1),
    /// the line separators U+2028/2029 and the bidi overrides are escaped, so that the text is
    /// safe to print to a terminal and to embed in a JavaScript page.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(to out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let bool): out += bool ? "true" : "false"
        case .number(let number): out += Self.format(number)
        case .string(let string): Self.writeString(string, to: &out)
        case .array(let elements):
            writeContainer(elements, open: "[", close: "]", to: &out, indent: indent) { element, out, indent in
                element.write(to: &out, indent: indent)
            }
        case .object(let object):
            writeContainer(object.members, open: "{", close: "}", to: &out, indent: indent) { member, out, indent in
                Self.writeString(member.key, to: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(to: &out, indent: indent)
            }
        }
    }

    private func writeContainer<Element>(
        _ elements: [Element], open: String, close: String, to out: inout String, indent: Int?,
        writeElement: (Element, inout String, Int?) -> Void
    ) {
        out += open
        guard !elements.isEmpty else {
            out += close
            return
        }
        let inner = indent.map { $0 + 2 }
        for (index, element) in elements.enumerated() {
            if index > 0 { out += "," }
            if let inner { out += "\n" + String(repeating: " ", count: inner) }
            writeElement(element, &out, inner)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent) }
        out += close
    }

    /// Whole numbers within the exactly representable range print as integers; others use
    /// the shortest text that reads back as the same Double. Non-finite values have no JSON
    /// spelling and print as null.
    public static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return "\(number)"
    }

    static func writeString(_ string: String, to out: inout String) {
        out += "\""
        var plainStart = string.utf8.startIndex
        var index = plainStart
        let utf8 = string.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            // Only these bytes can begin something to escape: ASCII controls, quote, backslash,
            // DEL, and the lead bytes of C1 controls (C2) and of U+2028–202E / U+2066–2069 (E2).
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2 else {
                index = utf8.index(after: index)
                continue
            }
            let scalar = string.unicodeScalars[index]
            let next = string.unicodeScalars.index(after: index)
            if let escaped = escape(scalar) {
                out += string[plainStart..<index]
                out += escaped
                plainStart = next
            }
            index = next
        }
        out += string[plainStart..<utf8.endIndex]
        out += "\""
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return nil
        }
    }
}
