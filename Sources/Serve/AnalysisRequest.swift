import Demo

/// What a client asks to have analysed, checked: the competitors and the focus area, from a
/// stream's or a batch call's query (`competitors=A&competitors=B&focus_area=X`) or from a
/// batch call's JSON body (`{"competitors": [...], "focus_area": "..."}`).
public struct AnalysisRequest: Hashable, Sendable {
    public static let maxCompetitors = 10
    public static let maxCompetitorLength = 100
    public static let maxFocusAreaLength = 200

    public let competitors: [String]
    public let focusArea: String

    /// Names are trimmed; a missing focus area is the demo's. Throws naming the parameter that
    /// is wrong: no competitor, too many, an empty, over-long or repeated name, an empty or
    /// over-long focus area, control characters in either.
    public init(competitors: [String], focusArea: String?) throws(BadParameter) {
        let names = competitors.map { $0.trimmingWhitespace }
        guard !names.isEmpty else { throw BadParameter("competitors", "name at least one competitor") }
        guard names.count <= Self.maxCompetitors else {
            throw BadParameter("competitors", "at most \(Self.maxCompetitors) competitors, not \(names.count)")
        }
        var seen: Set<String> = []
        for name in names {
            guard !name.isEmpty else { throw BadParameter("competitors", "a competitor's name is empty") }
            guard name.count <= Self.maxCompetitorLength else {
                throw BadParameter("competitors", "a competitor's name is longer than \(Self.maxCompetitorLength) characters")
            }
            guard !name.hasControlCharacters else { throw BadParameter("competitors", "a competitor's name holds control characters") }
            guard seen.insert(name).inserted else { throw BadParameter("competitors", "\"\(name)\" is named twice") }
        }
        let focus = (focusArea ?? DemoOptions.defaultFocusArea).trimmingWhitespace
        guard !focus.isEmpty else { throw BadParameter("focus_area", "the focus area is empty") }
        guard focus.count <= Self.maxFocusAreaLength else {
            throw BadParameter("focus_area", "the focus area is longer than \(Self.maxFocusAreaLength) characters")
        }
        guard !focus.hasControlCharacters else { throw BadParameter("focus_area", "the focus area holds control characters") }
        self.competitors = names
        self.focusArea = focus
    }
}

/// A request parameter that cannot be used: answered with 400 and a JSON error naming it.
public struct BadParameter: Error, Equatable, Sendable {
    public let parameter: String
    public let reason: String

    public init(_ parameter: String, _ reason: String) {
        self.parameter = parameter
        self.reason = reason
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    fileprivate var hasControlCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
