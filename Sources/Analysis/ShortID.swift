/// How an id is shortened wherever streamtop shows one in little room.
public enum ShortID {
    /// An id in 8 characters, to recognise it by: for a UUID (also at the end of a longer id,
    /// as in a model message's "lc_run--<uuid>"), its last 8 hex digits, since UUIDv7 ids made
    /// together (a LangGraph thread and its run) share their leading timestamp digits; any
    /// other id's first 8 characters.
    public static func of(_ id: String) -> String {
        guard id.count > 8 else { return id }
        let tail = id.utf8.suffix(36)
        if tail.count == 36, isUUID(tail) { return String(decoding: tail.suffix(8), as: UTF8.self) }
        return String(id.prefix(8))
    }

    /// 8-4-4-4-12 hex digits.
    private static func isUUID(_ bytes: Substring.UTF8View) -> Bool {
        for (offset, byte) in bytes.enumerated() {
            let isHyphen = byte == UInt8(ascii: "-")
            guard [8, 13, 18, 23].contains(offset) ? isHyphen : isHex(byte) else { return false }
        }
        return true
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
