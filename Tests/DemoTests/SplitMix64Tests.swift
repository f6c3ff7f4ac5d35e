import Demo
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
    @Test("matches the reference implementation's output for seed 0")
    func referenceVector() {
        var generator = SplitMix64(state: 0)
        #expect((0..<3).map { _ in generator.next() } == [
            0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
        ])
        #expect(generator.state == 3 &* 0x9E37_79B9_7F4A_7C15)
    }

    @Test("streams of one seed are reproducible and differ from each other")
    func streams() {
        func draws(_ stream: UInt64) -> [UInt64] {
            var generator = SplitMix64(seed: 42, stream: stream)
            return (0..<4).map { _ in generator.next() }
        }
        #expect(draws(1) == draws(1))
        #expect(draws(1) != draws(2))
        #expect(Set(draws(1)).isDisjoint(with: draws(2)))
    }
}
