#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts distinct strings in bounded memory: exactly up to `exactLimit` of them (any
/// realistic run), then as a HyperLogLog estimate (about 1.6% error in 4 KiB), so that an
/// endless stream of new URLs cannot grow the state.
public struct UniqueCounter: Equatable, Sendable {
    public static let exactLimit = 8_192
    private static let registerBits = 12

    private var exact: Set<UInt64> = []
    private var registers: [UInt8] = []

    public init() {}

    /// True once the count is an estimate.
    public var isEstimate: Bool { !registers.isEmpty }

    public var count: Int {
        guard isEstimate else { return exact.count }
        let m = Double(registers.count)
        let harmonic = registers.reduce(0.0) { $0 + 1 / Double(UInt64(1) << $1) }
        let estimate = 0.7213 / (1 + 1.079 / m) * m * m / harmonic
        let zeros = registers.count { $0 == 0 }
        // Linear counting is the better estimate while many registers are still empty.
        if estimate <= 2.5 * m, zeros > 0 { return Int((m * log(m / Double(zeros))).rounded()) }
        return Int(estimate.rounded())
    }

    /// Adds a string; returns whether it had not been seen (always true once estimating).
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        insert(hash: Self.hash(text))
    }

    /// Adds a string by its ``hash(_:)``, for callers that keep the hash too.
    @discardableResult
    public mutating func insert(hash: UInt64) -> Bool {
        if !isEstimate {
            let inserted = exact.insert(hash).inserted
            if exact.count > Self.exactLimit { switchToEstimate() }
            return inserted
        }
        record(hash)
        return true
    }

    private mutating func switchToEstimate() {
        registers = [UInt8](repeating: 0, count: 1 << Self.registerBits)
        for hash in exact { record(hash) }
        exact = []
    }

    private mutating func record(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.registerBits))
        let rank = UInt8(min(64 - Self.registerBits, (hash << UInt64(Self.registerBits)).leadingZeroBitCount) + 1)
        registers[index] = max(registers[index], rank)
    }

    /// FNV-1a, then a 64-bit finaliser: stable across runs (Swift's Hasher is seeded per
    /// process), so counts are reproducible.
    public static func hash(_ text: String) -> UInt64 {
        // Over the contiguous UTF-8, in place: iterating `utf8` cost about twice as much.
        var text = text
        return text.withUTF8(hash(bytes:))
    }

    private static func hash(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash
    }
}
