import EventStream

/// The WHATWG event-stream algorithm read as plainly as it is written: the whole stream at
/// once, cut into lines first, then each line processed. Slow and obvious, to check the
/// incremental parser against (without a size cap: inputs stay far below the default).
enum ReferenceParser {
    struct Outcome {
        var parsed: [SSEParsed]
        var unfinishedLine: Int?
        var lastEventID: String
        var retryMilliseconds: Int?
    }

    static func parse(_ stream: [UInt8]) -> Outcome {
        var bytes = stream[...]
        // "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let (lines, unterminated) = splitLines(bytes)

        var parsed: [SSEParsed] = []
        var data: [UInt8] = []
        var sawData = false
        var type: [UInt8] = []
        var idBuffer: [UInt8] = []
        var lastEventID = ""
        var retry: Int?
        var eventStart = 0
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.isEmpty {
                lastEventID = String(decoding: idBuffer, as: UTF8.self)
                if sawData {
                    data.removeLast()  // the LF after the last data line
                    let name = type.isEmpty ? "message" : String(decoding: type, as: UTF8.self)
                    parsed.append(.event(SSEEvent(type: name, dataBytes: data, lastEventID: lastEventID), line: eventStart))
                }
                data = []
                sawData = false
                type = []
                eventStart = 0
                continue
            }
            if line.first == 0x3A { continue }  // a comment
            if eventStart == 0 { eventStart = number }
            let name: ArraySlice<UInt8>
            var value: ArraySlice<UInt8>
            if let colon = line.firstIndex(of: 0x3A) {
                name = line[..<colon]
                value = line[(colon + 1)...]
                if value.first == 0x20 { value = value.dropFirst() }
            } else {
                name = line[...]
                value = []
            }
            switch Array(name) {
            case Array("data".utf8):
                data += value
                data.append(0x0A)
                sawData = true
            case Array("event".utf8):
                type = Array(value)
            case Array("id".utf8):
                if !value.contains(0) { idBuffer = Array(value) }
            case Array("retry".utf8):
                if !value.isEmpty, value.allSatisfy({ (0x30...0x39).contains($0) }) {
                    // Too large for a signed 64-bit integer: ignored, as the parser documents.
                    var result = 0
                    var overflowed = false
                    for digit in value {
                        let (shifted, o1) = result.multipliedReportingOverflow(by: 10)
                        let (sum, o2) = shifted.addingReportingOverflow(Int(digit - 0x30))
                        overflowed = overflowed || o1 || o2
                        result = sum
                    }
                    if !overflowed { retry = result }
                }
            default:
                break
            }
        }
        // The stream's end: an unterminated last line is never processed; an event without its
        // blank line is never dispatched. The parser tells where such an event began.
        var unfinished: Int? = eventStart > 0 ? eventStart : nil
        if let last = unterminated, !last.isEmpty, last.first != 0x3A {
            unfinished = unfinished ?? lines.count + 1
        }
        return Outcome(parsed: parsed, unfinishedLine: unfinished, lastEventID: lastEventID, retryMilliseconds: retry)
    }

    /// Lines ended by CRLF, LF or CR, and the bytes after the last line end (nil if none).
    static func splitLines(_ bytes: ArraySlice<UInt8>) -> (lines: [ArraySlice<UInt8>], rest: ArraySlice<UInt8>?) {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(bytes[start..<index])
                index += 1
                if byte == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        return (lines, start < bytes.endIndex ? bytes[start...] : nil)
    }
}
