/// The leading bytes of an input that say how to feed the rest to an incremental parser:
///
///     byte 0        low nibble: how many cut points follow (0–15); high nibble: `selector`
///     2 × n bytes   the cut points, UInt16 little-endian, taken modulo the payload's count + 1
///     the rest      the payload
///
/// A short input simply has fewer cuts (or none); any byte string is a valid input.
public struct ChunkedInput {
    /// 0–15, for the target to choose a setting with (a size cap, a format).
    public let selector: Int
    public let payload: [UInt8]
    /// Sorted positions in `payload` (0…count) at which a chunk ends.
    public let cuts: [Int]

    public init(_ bytes: [UInt8]) {
        guard let first = bytes.first else {
            selector = 0
            payload = []
            cuts = []
            return
        }
        selector = Int(first >> 4)
        let count = Int(first & 0x0F)
        let available = min(count, (bytes.count - 1) / 2)
        let payloadStart = 1 + 2 * available
        payload = Array(bytes[payloadStart...])
        var cuts: [Int] = []
        for index in 0..<available {
            let low = Int(bytes[1 + 2 * index]), high = Int(bytes[2 + 2 * index])
            cuts.append((low | high << 8) % (payload.count + 1))
        }
        self.cuts = cuts.sorted()
    }

    /// The payload cut at ``cuts`` (empty chunks included: a parser must take those too).
    public var chunks: [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cuts {
            chunks.append(payload[start..<cut])
            start = cut
        }
        chunks.append(payload[start...])
        return chunks
    }
}

/// The payload one byte at a time.
public func singleBytes(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    bytes.indices.map { bytes[$0...$0] }
}
