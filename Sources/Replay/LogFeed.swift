import Analysis
import Feeds
import Synchronization

/// A log read through once, as fast as the reader pulls it: a chunk of the file per element,
/// read when it is asked for, so nothing runs ahead of a slow reader.
public final class LogFeed: Feed {
    public let path: String
    public let source: String
    public let startedAt: Timestamp
    /// The reader opened to check the log, used by the first iteration (standard input can be
    /// opened only once).
    private let opened: Mutex<LogReader?>

    /// Opens the log now, so that a file that cannot be read is refused before anything starts.
    /// `now`: the start of a log that does not record its own.
    public init(path: String, now: Double) throws(InputError) {
        let reader = try LogReader(path: path)
        self.path = path
        source = reader.header?.source ?? path
        startedAt = reader.header?.startedAt ?? Timestamp(seconds: now)
        opened = Mutex(reader)
    }

    public func elements() -> FeedElements {
        FeedElements(pull: { [self] in
            let reader: Result<LogReader, InputError>
            if let first = opened.withLock({ $0.take() }) {
                reader = .success(first)
            } else {
                reader = Result { () throws(InputError) in try LogReader(path: path) }
            }
            var ended = false
            return {
                guard !ended else { return nil }
                do throws(InputError) {
                    if let items = try reader.get().nextItems() { return .items(items) }
                    ended = true
                    return .end(.finished)
                } catch {
                    ended = true
                    return .end(.failed(error.description))
                }
            }
        })
    }

    public func send(_ command: FeedCommand) {}
}
