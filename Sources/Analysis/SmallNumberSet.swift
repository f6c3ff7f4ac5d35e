/// A set of small non-negative numbers (symbols' numbers, such as a `NameTable`'s), one bit
/// each: a lookup is a shift and a mask, with no hashing.
struct SmallNumberSet: Equatable, Sendable, ExpressibleByArrayLiteral {
    private var words: [UInt64] = []

    init(arrayLiteral numbers: Int...) {
        for number in numbers { insert(number) }
    }

    func contains(_ number: Int) -> Bool {
        let word = number >> 6
        return word < words.count && words[word] & (1 << UInt64(number & 63)) != 0
    }

    mutating func insert(_ number: Int) {
        let word = number >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt64(number & 63)
    }
}
