/// The run's session and request ids: UUID-formatted, and drawn from the seed so that the same
/// options always give the same ids.
struct RunIdentity: Equatable, Sendable {
    let sessionID: String
    let requestID: String

    init(seed: UInt64) {
        var generator = SplitMix64(seed: seed, .identity)
        sessionID = Self.uuid(using: &generator)
        requestID = Self.uuid(using: &generator)
    }

    /// A random (version 4, RFC 9562 variant) UUID in its usual lower-case text form.
    private static func uuid(using generator: inout SplitMix64) -> String {
        let high = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: digits - text.count) + text
        }
        return [
            hex(high >> 32, digits: 8), hex(high >> 16 & 0xFFFF, digits: 4), hex(high & 0xFFFF, digits: 4),
            hex(low >> 48, digits: 4), hex(low & 0xFFFF_FFFF_FFFF, digits: 12),
        ].joined(separator: "-")
    }
}
