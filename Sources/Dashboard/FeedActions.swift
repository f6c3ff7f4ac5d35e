import Feeds
import JSON

extension Action {
    /// What a feed's element means to the dashboard: the one road from any feed to the app.
    /// Nil for the end of the feed, which the last connection or playback state already shows.
    /// The events wait in the mailbox and are kept in the event log, so they keep their texts,
    /// shared through `cache`, not their payloads.
    public init?(_ element: FeedElement, cache: StringCache?) {
        switch element {
        case .items(let items): self = .events(items.map { $0.event.detached(cache: cache) })
        case .connection(let status): self = .connection(status)
        case .playback(let status): self = .playback(status)
        case .notice(let text, let isError): self = .notice(text, isError: isError)
        case .snapshot(let state, let recent): self = .restarted(state, recent: recent.map { $0.detached(cache: cache) })
        case .pipeline(let shape): self = .pipeline(shape)
        case .end: return nil
        }
    }
}
