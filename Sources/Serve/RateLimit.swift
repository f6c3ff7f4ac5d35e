import Foundation

/// A rate as `--rate-limit` spells it, slowapi's way: `5/minute`, `100/hour`, `2/second`.
public struct RateLimit: Equatable, Sendable, CustomStringConvertible {
    public let count: Int
    public let window: Duration
    private let unit: String

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0].trimmingCharacters(in: .whitespaces)), count > 0 else { return nil }
        switch parts[1].trimmingCharacters(in: .whitespaces).lowercased() {
        case "second", "s": window = .seconds(1); unit = "second"
        case "minute", "min", "m": window = .seconds(60); unit = "minute"
        case "hour", "h": window = .seconds(3600); unit = "hour"
        default: return nil
        }
        self.count = count
    }

    public var description: String { "\(count)/\(unit)" }
}
