/// Names numbered in order of first appearance and found again by their bytes, so that an
/// event's competitor or stage is looked up without making a String.
///
/// Open addressing over the names' own bytes, kept beside the Strings: a lookup hashes a few
/// words of the name and compares bytes, touching no String and no reference count.
struct NameTable: Equatable, Sendable {
    private(set) var names: [String] = []
    /// Every name's UTF-8, one after another; name `n` is `bytes[starts[n] ..< starts[n + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    /// Each slot is a name's number plus one, or 0 when free; never more than half full.
    private var slots = [Int32](repeating: 0, count: 16)

    var count: Int { names.count }

    /// Inlined: called, it would take a copy of the table, four retains and releases, since
    /// its caller's state is mutable.
    @inline(__always)
    func number(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if matches(entry - 1, name) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    func number(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { number(of: $0) }
    }

    /// Numbers a name not yet in the table.
    mutating func add(_ name: String) -> Int {
        let number = names.count
        names.append(name)
        bytes.append(contentsOf: name.utf8)
        starts.append(bytes.count)
        if names.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for existing in 0..<names.count { place(existing) }
        } else {
            place(number)
        }
        return number
    }

    private mutating func place(_ number: Int) {
        let mask = slots.count - 1
        var slot = withName(number) { Self.hash($0) } & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(number + 1)
    }

    private func withName<Result>(_ number: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[starts[number]..<starts[number + 1]])) }
    }

    private func matches(_ number: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard starts[number + 1] - starts[number] == name.count else { return false }
        return name.isEmpty || withName(number) { bytesEqual($0.baseAddress!, name.baseAddress!, count: name.count) }
    }

    /// The first and last words and the length, mixed: enough for names, and a few
    /// instructions however long the name.
    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if let base = name.baseAddress {
            if name.count >= 8 {
                head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
                tail = UnsafeRawPointer(base + name.count - 8).loadUnaligned(as: UInt64.self)
            } else {
                for byte in name { head = head << 8 | UInt64(byte) }
            }
        }
        let mixed = ((head &* 0x9E37_79B9_7F4A_7C15) ^ tail ^ UInt64(name.count)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 32)
    }
}
