/// A small, fast, seedable random number generator (Steele, Lea and Flood's SplitMix64), so
/// that the same seed always gives the same sequence, on every platform and in every process.
public struct SplitMix64: RandomNumberGenerator, Equatable, Sendable {
    public var state: UInt64

    /// A generator that continues from `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// A generator for one of many independent streams drawn from one seed, so that parts of a
    /// program that run concurrently each draw their own sequence, whatever order they run in.
    public init(seed: UInt64, stream: UInt64) {
        // The stream number is mixed before it meets the seed: neighbouring streams would
        // otherwise start one step apart on the same sequence.
        var mixer = SplitMix64(state: stream)
        self.init(state: seed ^ mixer.next())
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
