/// Whether `count` bytes at `a` and at `b` are the same: compared word by word in Swift, not
/// by `memcmp`. Around a call it cannot see into, the compiler retains every reference its
/// caller could reach through the state being reduced (a ``NameTable``'s four arrays, a String
/// compared), and releases them after, on every event.
@inline(__always)
func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    var offset = 0
    while offset + 8 <= count {
        if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
            return false
        }
        offset += 8
    }
    while offset < count {
        if a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) { return false }
        offset += 1
    }
    return true
}
