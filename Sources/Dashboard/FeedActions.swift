import Feeds

extension Action {
    /// What a feed's element means to the dashboard: the one road from any feed to the app.
    /// Nil for the end of the feed, which the last connection or playback state already shows.
    public init?(_ element: FeedElement) {
        switch element {
        case .items(let items): self = .events(items.map(\.event))
        case .connection(let status): self = .connection(status)
        case .playback(let status): self = .playback(status)
        case .notice(let text, let isError): self = .notice(text, isError: isError)
        case .snapshot(let state, let recent): self = .restarted(state, recent: recent)
        case .end: return nil
        }
    }
}
