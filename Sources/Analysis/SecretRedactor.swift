/// Takes secrets (a bearer token, an API key, a header value marked secret) out of text before
/// it leaves the process: a server may echo them back, in an error's body or in an event.
public struct SecretRedactor: Equatable, Sendable {
    public static let mark = "[redacted]"

    /// Longest first, so that a secret holding another is taken out whole.
    public let secrets: [String]

    /// Secrets shorter than four characters are not taken out: they would maim ordinary text.
    public init(_ secrets: [String] = []) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func redact(_ text: String) -> String {
        secrets.reduce(text) { text, secret in text.contains(secret) ? text.replacing(secret, with: Self.mark) : text }
    }
}
