/// How a cell looks, by meaning rather than by colour: the terminal layer maps roles to
/// colours (or to bold/dim/reverse on a monochrome terminal, or under NO_COLOR).
public struct Style: Equatable, Hashable, Sendable {
    public enum Role: UInt8, CaseIterable, Sendable {
        case normal, dim, accent, title, ok, warning, error, selection
    }

    public var role: Role
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = Style()
    public static let dim = Style(.dim)
    public static let accent = Style(.accent)
    public static let title = Style(.title, bold: true)
    public static let ok = Style(.ok)
    public static let warning = Style(.warning, bold: true)
    public static let error = Style(.error, bold: true)
    public static let selection = Style(.selection, reverse: true)
}
