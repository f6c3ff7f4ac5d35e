/// A running graph, observed as an ordered stream of `StreamPart`s.
///
/// Iterate it once. The run stops, and the stream ends with nothing more, when `cancel()` is
/// called, when the iterating task is cancelled, when iteration stops (the iterator is
/// dropped), or when nothing holds the run any more. A failed run ends with an `.error` part
/// and then finishes normally: iteration never throws.
public struct GraphRun<State: Sendable, Custom: Sendable>: AsyncSequence, Sendable {
    public typealias Element = StreamPart<State, Custom>

    private let batches: AsyncStream<[Element]>
    private let control: RunControl<[Element]>

    init(graph: CompiledGraph<State, Custom>, input: State, modes: Set<StreamMode>, recursionLimit: Int) {
        // Unbounded, so that a node's writer never blocks nor drops an event: the stream must be
        // lossless, and backpressure would let a slow consumer stall every node. Memory holds
        // only what the consumer has not read yet, and the dashboard reads as fast as it can.
        let (batches, continuation) = AsyncStream.makeStream(of: [Element].self, bufferingPolicy: .unbounded)
        let loop = SuperstepLoop(graph: graph, modes: modes, recursionLimit: recursionLimit) { batch in
            continuation.yield(batch)
        }
        let task = Task {
            do {
                _ = try await loop.run(from: input)
            } catch let error as GraphRunError {
                continuation.yield([.error(error)])
            } catch {
                // Cancelled: whoever cancelled has already ended the stream.
            }
            continuation.finish()
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        self.batches = batches
        control = RunControl(task: task, continuation: continuation)
    }

    /// Stops the run: every node is cancelled at its next suspension point and the stream
    /// ends at once, even if parts were waiting to be read.
    public func cancel() {
        control.cancel()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(batches: batches.makeAsyncIterator(), lease: IterationLease(control: control))
    }

    /// Reads the run's parts in order.
    public struct Iterator: AsyncIteratorProtocol {
        var batches: AsyncStream<[Element]>.Iterator
        var batch: IndexingIterator<[Element]> = [].makeIterator()
        let lease: IterationLease<[Element]>

        public mutating func next() async -> Element? {
            var part = batch.next()
            if part == nil, let next = await batches.next() {
                batch = next.makeIterator()
                part = batch.next()
            }
            // Parts buffered before a cancel are read after it: the consumer asked for no more.
            guard !Task.isCancelled, !lease.control.isCancelled else {
                lease.control.cancel()
                return nil
            }
            return part
        }
    }
}

/// Stops a run. (AsyncStream itself cancels it once neither the run nor an iterator holds
/// the stream.)
struct RunControl<Part: Sendable>: Sendable {
    let task: Task<Void, Never>
    let continuation: AsyncStream<Part>.Continuation

    var isCancelled: Bool { task.isCancelled }

    /// Marks the run cancelled before ending the stream, so a consumer woken by the end
    /// already sees the cancel.
    func cancel() {
        task.cancel()
        continuation.finish()
    }
}

/// Stops the run when the iterator holding it is dropped, as when a `for await` loop breaks.
final class IterationLease<Part: Sendable>: Sendable {
    let control: RunControl<Part>

    init(control: RunControl<Part>) {
        self.control = control
    }

    deinit {
        control.cancel()
    }
}
