#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands back the same String for the same bytes, for the values that repeat across events:
/// session and request ids, stage and competitor names, and the texts that templated and
/// generated streams repeat (messages, queries, titles, snippets, insight summaries). A hit
/// costs a hash and a comparison instead of an allocation, a validation and a free, and every
/// state that keeps the text (the replay index's snapshots, above all) shares one copy of it.
///
/// Direct-mapped: each of its slots remembers the last string that hashed there, bytes and
/// String side by side, so a text that never repeats only takes a slot until the next one
/// does. Strings of up to 15 bytes are stored inline by Swift and never allocate, so they pass
/// straight through, as do long ones, which rarely repeat.
public final class StringCache {
    private static let slotBits = 10
    private static let slots = 1 << slotBits
    private static let slotBytes = 128

    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: StringCache.slots * StringCache.slotBytes)
    private var lengths = [Int](repeating: -1, count: StringCache.slots)
    private var strings = [String](repeating: "", count: StringCache.slots)

    public init() {}

    deinit {
        bytes.deallocate()
    }

    public func string(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.count > 15, raw.count <= Self.slotBytes, let base = raw.baseAddress else {
            return String(decoding: raw, as: UTF8.self)
        }
        let tail = UnsafeRawPointer(base + raw.count - 8).loadUnaligned(as: UInt64.self)
        let head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
        let mixed = ((head &* 31) ^ tail ^ UInt64(raw.count)) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.slotBits))
        let stored = bytes + slot * Self.slotBytes
        if lengths[slot] == raw.count, memcmp(stored, base, raw.count) == 0 { return strings[slot] }
        let string = String(decoding: raw, as: UTF8.self)
        stored.update(from: base, count: raw.count)
        lengths[slot] = raw.count
        strings[slot] = string
        return string
    }
}
