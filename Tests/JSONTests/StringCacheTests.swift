import JSON
import Testing

@Suite struct StringCacheTests {
    private func cached(_ text: String, in cache: StringCache) -> String {
        Array(text.utf8).withUnsafeBufferPointer { cache.string($0) }
    }

    /// The storage a native String's bytes live in: equal for two Strings that share it.
    private func storage(_ text: String) -> UnsafeRawPointer? {
        var text = text
        return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func aRepeatedTextIsOneStringSharedByEveryoneWhoKeepsIt() {
        let cache = StringCache()
        let summary = "NuVasive shows reimbursement changes affecting disc replacement; 4 sources agree"
        let first = cached(summary, in: cache)
        let again = cached(summary, in: cache)
        #expect(first == summary && again == summary)
        #expect(storage(first) == storage(again))
    }

    @Test func textsThatFightForASlotAreEachReturnedWhole() {
        let cache = StringCache()
        // More distinct texts than there are slots, each longer than Swift stores inline, twice over.
        let texts = (0..<3_000).map { "Medtronic: study number \($0) of minimally invasive fusion" }
        for _ in 0..<2 {
            for text in texts { #expect(cached(text, in: cache) == text) }
        }
    }

    @Test func shortLongAndNonASCIITextsPassThroughUnchanged() {
        let cache = StringCache()
        for text in ["", "short", String(repeating: "long ", count: 100), "naïve café résumé, twice as long as inline"] {
            #expect(cached(text, in: cache) == text)
            #expect(cached(text, in: cache) == text)
        }
    }
}
