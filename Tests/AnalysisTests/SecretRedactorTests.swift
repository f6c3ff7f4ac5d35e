import Analysis
import Testing

@Suite("Secret redactor: a secret is found by its bytes, wherever it lies")
struct SecretRedactorTests {
    private static let redactor = SecretRedactor(["tok-1234", "tok-12345678"])

    private static func holds(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer(redactor.holdsSecret)
    }

    @Test("found at the start, in the middle, at the end, and as the whole text", arguments: [
        "tok-1234 and more", "a tok-1234 b", "ends with tok-1234", "tok-1234",
    ])
    func found(_ text: String) {
        #expect(Self.holds(text))
        #expect(!Self.redactor.redact(text).contains("tok-1234"))
    }

    @Test("not found in text that only starts it, splits it, or is shorter than it", arguments: [
        "", "tok", "tok-123", "tok-123 4", "ttok-123", "TOK-1234", "tok-12 34",
    ])
    func notFound(_ text: String) {
        #expect(!Self.holds(text))
        #expect(Self.redactor.redact(text) == text)
    }

    @Test("a match that begins inside a false start is found")
    func falseStart() {
        #expect(Self.holds("tok-tok-1234"))
        #expect(Self.redactor.redact("tok-tok-1234") == "tok-[redacted]")
    }

    @Test("the longer of two secrets that share a start is taken out whole")
    func longestFirst() {
        #expect(Self.redactor.redact("x tok-12345678 y") == "x [redacted] y")
    }

    @Test("secrets shorter than four characters are ignored")
    func tooShort() {
        let redactor = SecretRedactor(["abc"])
        #expect(redactor.isEmpty)
        #expect(!Array("abc".utf8).withUnsafeBufferPointer(redactor.holdsSecret))
    }
}
