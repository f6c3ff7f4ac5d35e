/// Takes secrets (a bearer token, an API key, a header value marked secret) out of text before
/// it leaves the process: a server may echo them back, in an error's body or in an event.
///
/// A secret is looked for by its bytes, and only text that holds one is made a String and
/// rewritten: a live stream passes every event through here, and finding out on Strings that
/// an event held no secret took about 5 µs, four times its decoding.
public struct SecretRedactor: Equatable, Sendable {
    public static let mark = "[redacted]"

    /// Longest first, so that a secret holding another is taken out whole.
    public let secrets: [String]
    private let secretBytes: [[UInt8]]

    /// Secrets shorter than four characters are not taken out: they would maim ordinary text.
    public init(_ secrets: [String] = []) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
        secretBytes = self.secrets.map { Array($0.utf8) }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func redact(_ text: String) -> String {
        var text = text
        guard text.withUTF8(holdsSecret) else { return text }
        return secrets.reduce(text) { text, secret in text.contains(secret) ? text.replacing(secret, with: Self.mark) : text }
    }

    /// Whether the bytes hold any secret's bytes.
    public func holdsSecret(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        secretBytes.contains { Self.occurs($0, in: bytes) }
    }

    private static func occurs(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, let base = haystack.baseAddress, needle.count <= haystack.count else { return false }
        let lastStart = haystack.count - needle.count
        var start = 0
        while start <= lastStart, let found = haystack[start...lastStart].firstIndex(of: first) {
            if needle.withUnsafeBytes({ bytesEqual(base + found, $0.baseAddress!, count: needle.count) }) { return true }
            start = found + 1
        }
        return false
    }
}
