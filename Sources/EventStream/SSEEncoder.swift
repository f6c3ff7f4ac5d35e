/// Writes events in the `text/event-stream` format so that ``SSEParser`` reads back exactly
/// what was written (used to record streams and to serve them).
public enum SSEEncoder {
    /// One event, ending with the blank line that dispatches it. Data with line breaks becomes
    /// several `data:` lines; the `id:` line is written only when `id` is given.
    public static func encode(_ event: SSEEvent, id: String? = nil) -> String {
        var out = ""
        out.reserveCapacity(event.data.utf8.count + 32)
        if event.type != "message" { out += "event: \(singleLine(event.type))\n" }
        if let id { out += "id: \(singleLine(id).filter { $0 != "\0" })\n" }
        for line in dataLines(event.data) {
            out += "data: "
            out += line
            out += "\n"
        }
        out += "\n"
        return out
    }

    /// A comment line, which clients ignore; servers send them as keep-alives.
    public static func comment(_ text: String) -> String {
        dataLines(text).map { ":" + ($0.isEmpty ? "" : " " + $0) + "\n" }.joined()
    }

    /// A `retry:` field that sets the client's reconnection time.
    public static func retry(milliseconds: Int) -> String {
        "retry: \(max(0, milliseconds))\n"
    }

    /// Splits on CR, LF and CRLF, the line ends the parser knows, keeping empty lines. Works
    /// on UTF-8 bytes: splitting by Character would cost a grapheme walk of every event.
    private static func dataLines(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return [text[...]] }
        var lines: [Substring] = []
        var lineStart = utf8.startIndex
        var index = lineStart
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(text[lineStart..<index])
            index = utf8.index(after: index)
            if byte == 0x0D, index < utf8.endIndex, utf8[index] == 0x0A { index = utf8.index(after: index) }
            lineStart = index
        }
        lines.append(text[lineStart..<utf8.endIndex])
        return lines
    }

    private static func singleLine(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" })
    }
}
