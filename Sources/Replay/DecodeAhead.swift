import Analysis
import Dispatch
import Feeds
import Foundation
import JSON
import Synchronization

/// Reads, frames and decodes a log on two threads: a thread of its own reads and frames the
/// next chunk, and decodes its tail, while the reader's thread decodes the head of the chunk
/// before and folds it. The items come out in order, as one thread would make them.
///
/// Decoding an entry needs nothing from the others and is most of a replay's work; framing
/// is sequential, and so is the reducer. Splitting each chunk between the two threads keeps
/// both busy: the reading thread frames and decodes the tail of chunk k+1 while the other
/// decodes the head of chunk k and its caller reduces it. Whole chunks cross between the
/// threads, never single events. Each thread has a ``StringCache`` of its own.
///
/// The thread runs at most ``depth`` chunks ahead of the reader: it waits for the reader to
/// take one before reading more, so a paused replay soon reads nothing.
final class DecodeAhead: Sendable {
    /// The share of each chunk's entries that the reader's thread decodes: the other thread
    /// also reads and frames, the reader's thread also reduces and frees.
    static let headShare = 0.45

    /// Chunks the thread may have ready before the reader takes one. With one, each thread
    /// waited whenever the other's chunk took longer than its own; a second absorbs that.
    static let depth = 2

    private enum Handoff {
        case chunk(Unshared<LogChunks.Chunk>, tail: Unshared<[FeedItem]>)
        case failed(InputError)
    }

    private let chunks: Unshared<LogChunks>
    private let headCache = Unshared(StringCache())
    /// Chunks ready, oldest first; never more than ``depth``.
    private let ready = Mutex<[Handoff]>([])
    private let filled = DispatchSemaphore(value: 0)
    /// Made empty and then given its room: libdispatch traps when a semaphore goes while its
    /// count is below the value it was made with, as it is whenever the thread waits on it.
    private let room = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    /// Touched by the reader's thread only: whether the thread runs, and whether it is done.
    private let progress = Mutex((started: false, finished: false))

    init(_ chunks: LogChunks) {
        self.chunks = Unshared(chunks)
        for _ in 0..<Self.depth { room.signal() }
    }

    /// Lets the thread go: it ends once its current read returns.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        room.signal()
    }

    /// The next chunk's checkpoint and items, in order; nil after the last.
    func next() throws(InputError) -> (checkpoint: LogReader.Checkpoint, items: [FeedItem])? {
        let startsThread = progress.withLock { progress -> Bool? in
            if progress.finished { return nil }
            defer { progress.started = true }
            return !progress.started
        }
        guard let startsThread else { return nil }
        if startsThread {
            let thread = Thread { [self] in run() }
            thread.name = "streamtop-read"
            thread.start()
        }
        filled.wait()
        let handoff = ready.withLock { $0.removeFirst() }
        room.signal()
        switch consume handoff {
        case .failed(let error):
            progress.withLock { $0.finished = true }
            throw error
        case .chunk(let chunk, let tail):
            if chunk.value.isLast { progress.withLock { $0.finished = true } }
            // The reading thread took the tail's entries: those left are the head's.
            let items = Self.decode(taking: &chunk.value.entries, from: 0, before: &tail.value, cache: headCache.value)
            return (chunk.value.checkpoint, items)
        }
    }

    /// `entries[start...]` decoded, followed by `decoded`, both taken out of their arrays.
    ///
    /// Each is moved, from the back, into its place: iterating would copy every entry, and
    /// joining two arrays every item, retaining and releasing the bytes and strings in them.
    private static func decode(
        taking entries: inout [LogEntry], from start: Int, before decoded: inout [FeedItem], cache: StringCache
    ) -> [FeedItem] {
        let count = entries.count - start + decoded.count
        return [FeedItem](unsafeUninitializedCapacity: count) { items, made in
            for slot in (entries.count - start..<count).reversed() {
                (items.baseAddress! + slot).initialize(to: decoded.removeLast())
            }
            for slot in (0..<entries.count - start).reversed() {
                (items.baseAddress! + slot).initialize(to: entries.removeLast().decoded(cache: cache))
            }
            made = count
        }
    }

    private static func headCount(of entries: Int) -> Int {
        Int(Double(entries) * headShare)
    }

    /// The reading thread: a chunk, its tail decoded, handed over; then the next, while there
    /// is room.
    private func run() {
        Self.yieldToInteractiveThreads()
        let tailCache = StringCache()
        while true {
            room.wait()
            if stopped.load(ordering: .relaxed) { return }
            let handoff: Handoff
            do throws(InputError) {
                var chunk = try chunks.value.next()
                var nothingDecoded: [FeedItem] = []
                let tail = Self.decode(
                    taking: &chunk.entries, from: Self.headCount(of: chunk.entries.count), before: &nothingDecoded, cache: tailCache
                )
                handoff = .chunk(Unshared(chunk), tail: Unshared(tail))
            } catch {
                handoff = .failed(error)
            }
            let isLast = if case .chunk(let chunk, _) = handoff { chunk.value.isLast } else { true }
            ready.withLock { $0.append(handoff) }
            filled.signal()
            if isLast { return }
        }
    }
}

extension DecodeAhead {
    /// How much lower than the others the reading thread runs (a nice value, Linux only).
    static let niceness: Int32 = 5

    /// On a machine of few cores the dashboard's thread must not wait behind two readers (the
    /// player's and the index's) to answer a key: the reading thread runs at a lower priority.
    /// Alone, as in a headless replay, it keeps a core to itself all the same. (On Linux the
    /// nice value is the calling thread's, not the process's.)
    fileprivate static func yieldToInteractiveThreads() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}

/// A value used by one thread at a time, which the handoff's semaphores order: the chunks by
/// the reading thread only, the head cache by the reader's, and a chunk and its decoded tail
/// by the reading thread until they are handed over. Both are boxed so that the reader's
/// thread takes their arrays out whole and unshared: the head's entries are then taken out in
/// place and go in front of the tail, whose items are only moved, not copied. (Bound out of
/// an enum's case instead, an array is shared with the case until it ends, and taking an entry
/// out of it copied the whole chunk.)
private final class Unshared<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
