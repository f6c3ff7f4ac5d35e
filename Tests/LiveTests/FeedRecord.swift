import Analysis
import Feeds
import Live
import Synchronization

/// Everything a feed reported, gathered by running it to its end (or until a test stops it).
struct FeedRecord {
    var items: [FeedItem] = []
    var statuses: [ConnectionStatus] = []
    var notices: [String] = []
    var pipelines: [PipelineShape] = []
    var end: FeedEnd?

    var state: AnalysisState {
        var state = AnalysisState()
        for item in items { state.reduce(item.event) }
        return state
    }

    /// The envelopes delivered, in order: the wire data of each event.
    var delivered: [String] { items.compactMap { $0.wire?.data } }

    var last: ConnectionStatus? { statuses.last }
}

/// Options for a feed against a test server: no real backoff time (the waits are noted, not
/// slept), jitter that always draws its ceiling, and no proxy.
func testOptions(_ url: String, sleeps: Waits = Waits()) throws -> LiveOptions {
    var options = LiveOptions(request: try StreamRequest(url: url))
    options.policy = ReconnectPolicy(random: { $0 })
    options.environment = [:]
    options.sleep = { sleeps.add($0) }
    return options
}

/// The reconnection waits a feed asked for.
final class Waits: Sendable {
    private let waits = Mutex<[Duration]>([])

    func add(_ duration: Duration) {
        waits.withLock { $0.append(duration) }
    }

    var all: [Duration] { waits.withLock { $0 } }
    var total: Duration { all.reduce(.zero, +) }
}

/// Runs `feed` to its end — or until `stopWhen` says so, which ends the iteration and so
/// closes the connection — calling `onStatus` on each status (to press `r`, say) and `onItems`
/// with the number of items handed out so far. Fails the test rather than hanging if the feed
/// does not end within a generous time.
func run(
    _ feed: any Feed, stopWhen: @escaping @Sendable (FeedRecord) -> Bool = { _ in false },
    onStatus: @escaping @Sendable (ConnectionStatus) -> Void = { _ in }, onItems: @escaping @Sendable (Int) -> Void = { _ in },
    giveUpAfter: Duration = .seconds(120)
) async throws -> FeedRecord {
    let sofar = SoFar()
    return try await withThrowingTaskGroup(of: FeedRecord?.self) { group in
        group.addTask {
            var record = FeedRecord()
            for await element in feed.elements() {
                switch element {
                case .items(let items):
                    record.items += items
                    onItems(record.items.count)
                case .connection(let status):
                    record.statuses.append(status)
                    onStatus(status)
                case .notice(let text, _): record.notices.append(text)
                case .end(let end): record.end = end
                case .pipeline(let shape): record.pipelines.append(shape)
                case .playback, .snapshot: break
                }
                sofar.record(record)
                if stopWhen(record) { break }
            }
            return record
        }
        group.addTask {
            try await Task.sleep(for: giveUpAfter)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        guard let record = first else { throw FeedTimeout(sofar: sofar.value) }
        return record
    }
}

/// What a feed under test had handed out, for when it does not end.
private final class SoFar: Sendable {
    private let state = Mutex(FeedRecord())
    var value: FeedRecord { state.withLock { $0 } }
    func record(_ record: FeedRecord) { state.withLock { $0 = record } }
}

/// The feed did not end in time; what it had handed out by then, to tell a hang from a slow
/// machine.
struct FeedTimeout: Error, CustomStringConvertible {
    var sofar: FeedRecord

    var description: String {
        "the feed did not end: \(sofar.items.count) items, statuses \(sofar.statuses), notices \(sofar.notices)"
    }
}
