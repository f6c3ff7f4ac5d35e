import Analysis
import Synchronization

/// Any feed, with every item it hands out written to a ``Recorder`` on the way: recording is
/// one wrapper, whatever the source. The first failure (a full disk, say) stops the recording,
/// tells the user once, and is kept in ``failure`` for the exit status; the feed goes on.
public final class RecordingFeed: Feed {
    private struct State {
        var recorder: Recorder?
        var failure: String?
    }

    private let base: any Feed
    private let state: Mutex<State>

    public init(_ base: any Feed, recorder: sending Recorder) {
        self.base = base
        state = Mutex(State(recorder: recorder))
    }

    public var source: String { base.source }
    public var startedAt: Timestamp { base.startedAt }
    /// Why the recording stopped early, if it did.
    public var failure: String? { state.withLock(\.failure) }

    public func elements() -> FeedElements {
        FeedElements(pull: { [base, self] in
            let iterator = IteratorBox(base.elements().makeAsyncIterator())
            return {
                guard let element = await iterator.next() else { return nil }
                guard case .items(let items) = element, let stopped = self.record(items) else { return element }
                iterator.pushBack(element)
                return .notice("recording stopped: \(stopped)", isError: true)
            }
        })
    }

    public func send(_ command: FeedCommand) {
        base.send(command)
    }

    /// Records the items; the reason when recording has just stopped.
    private func record(_ items: [FeedItem]) -> String? {
        state.withLock { state -> String? in
            guard let recorder = state.recorder else { return nil }
            do throws(RecorderError) {
                for item in items { try recorder.record(item) }
                return nil
            } catch {
                state.recorder = nil
                state.failure = error.description
                return error.description
            }
        }
    }
}

/// An iterator that can be read from a closure, with one element put back to come next.
private final class IteratorBox {
    private var iterator: FeedElements.Iterator
    private var held: FeedElement?

    init(_ iterator: FeedElements.Iterator) {
        self.iterator = iterator
    }

    func next() async -> FeedElement? {
        if let held {
            self.held = nil
            return held
        }
        return await iterator.next()
    }

    func pushBack(_ element: FeedElement) {
        held = element
    }
}
