import Synchronization

/// A feed's elements as an async sequence, made in one of two ways:
///
/// - ``init(pull:)``: the reader's `next()` makes the element itself (a file read, the
///   engine's next event): nothing runs ahead of the reader.
/// - ``init(capacity:produce:)``: a producer task sends into a ``FeedBuffer`` of `capacity`
///   elements and waits while it is full (a connection whose reads must go on while the reader
///   works). The producer starts at the first `next()` and is cancelled when the iteration ends.
public struct FeedElements: AsyncSequence, Sendable {
    public typealias Element = FeedElement
    public typealias Failure = Never

    private let start: @Sendable () -> Iterator

    /// `makeNext` is called once per iteration and returns that iteration's `next`.
    public init(pull makeNext: @escaping @Sendable () -> () async -> FeedElement?) {
        start = { Iterator(pull: makeNext(), run: nil) }
    }

    public init(capacity: Int = FeedBuffer.defaultCapacity, produce: @escaping @Sendable (FeedBuffer) async -> Void) {
        start = {
            let run = ProducerRun(buffer: FeedBuffer(capacity: capacity), produce: produce)
            return Iterator(pull: { await run.next() }, run: run)
        }
    }

    public func makeAsyncIterator() -> Iterator {
        start()
    }

    public struct Iterator: AsyncIteratorProtocol {
        fileprivate let pull: () async -> FeedElement?
        /// Keeps the producer alive while the iterator is; stops it when the iterator goes.
        fileprivate let run: ProducerRun?

        public mutating func next() async -> FeedElement? {
            await pull()
        }
    }
}

/// One iteration of a producing feed: its buffer, and the task that fills it, started by the
/// first `next()`.
private final class ProducerRun: Sendable {
    private let buffer: FeedBuffer
    private let produce: @Sendable (FeedBuffer) async -> Void
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(buffer: FeedBuffer, produce: @escaping @Sendable (FeedBuffer) async -> Void) {
        self.buffer = buffer
        self.produce = produce
    }

    deinit {
        buffer.cancel()
        task.withLock { $0?.cancel() }
    }

    func next() async -> FeedElement? {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [buffer, produce] in
                await produce(buffer)
                buffer.finish()
            }
        }
        return await buffer.next()
    }
}
