/// What the end-to-end tests look for on the real terminal: short texts that prove the
/// dashboard is up, at each size, and answers keys. The dashboard's own layout is checked by
/// the goldens in DashboardTests; edit these lists when its wording changes.
enum ExpectedScreens {
    /// The replayed sample the dashboard tests open.
    static let sample = "samples/ref-default.sse"

    /// At 80×24 and larger.
    static let dashboard = ["streamtop", "Competitors", "Stages"]

    /// At 20×5, below the dashboard's minimum size.
    static let tooSmall = ["Too small"]

    /// How many events the header says have arrived ("712,000 events"), if it says.
    static func eventCount(on screen: String) -> Int? {
        guard let match = screen.firstMatch(of: /([0-9][0-9,]*) events/) else { return nil }
        return Int(match.1.filter(\.isNumber))
    }

    /// Keys (in tmux's names) and a text that each must bring up, then keys that take it away.
    static let keyAnswers: [(keys: [String], shows: String, closeKeys: [String])] = [
        (["?"], "closes this help", ["Escape"]),
    ]

    /// A key the app answers with an effect for the runtime to carry out (export a report).
    static let effectKey = "e"
}
