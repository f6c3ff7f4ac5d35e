import DequeModule
import Synchronization

/// The small bounded buffer between a producing feed and its reader. ``send(_:)`` waits while
/// the buffer is full, so a reader that falls behind holds the producer back (and, through it,
/// the socket) instead of letting memory grow; ``next()`` waits while it is empty.
///
/// One producer and one reader. When the reader goes (``cancel()``), a waiting send returns
/// false and every later one returns false at once.
public final class FeedBuffer: Sendable {
    /// Elements held at most: a few batches, enough to keep both sides busy.
    public static let defaultCapacity = 4

    private struct State {
        var elements: Deque<FeedElement> = []
        /// A send waiting for room, with its element.
        var blocked: (element: FeedElement, sender: CheckedContinuation<Bool, Never>)?
        var reader: CheckedContinuation<FeedElement?, Never>?
        var finished = false
        var cancelled = false
    }

    private let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = FeedBuffer.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// Hands `element` to the reader, waiting while the buffer is full; false when the reader
    /// has gone (the producer should stop).
    @discardableResult
    public func send(_ element: FeedElement) async -> Bool {
        enum Outcome {
            case handedOver(CheckedContinuation<FeedElement?, Never>)
            case buffered
            case refused
            case full
        }
        let outcome = state.withLock { state -> Outcome in
            if state.cancelled || state.finished { return .refused }
            if let reader = state.reader {
                state.reader = nil
                return .handedOver(reader)
            }
            guard state.elements.count >= capacity else {
                state.elements.append(element)
                return .buffered
            }
            return .full
        }
        switch outcome {
        case .handedOver(let reader):
            reader.resume(returning: element)
            return true
        case .buffered:
            return true
        case .refused:
            return false
        case .full:
            break
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { sender in
                let answer = state.withLock { state -> Bool? in
                    if state.cancelled { return false }
                    guard state.elements.count >= capacity else {
                        state.elements.append(element)
                        return true
                    }
                    state.blocked = (element, sender)
                    return nil
                }
                if let answer { sender.resume(returning: answer) }
            }
        } onCancel: {
            cancel()
        }
    }

    /// The next element, waiting while there is none; nil once the producer finished and
    /// everything sent was read, or the reader was cancelled.
    public func next() async -> FeedElement? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { reader in
                let taken = state.withLock { state -> (FeedElement?, CheckedContinuation<Bool, Never>?)? in
                    if state.cancelled { return (nil, nil) }
                    guard let element = state.elements.popFirst() else {
                        if state.finished { return (nil, nil) }
                        state.reader = reader
                        return nil
                    }
                    guard let blocked = state.blocked else { return (element, nil) }
                    state.blocked = nil
                    state.elements.append(blocked.element)
                    return (element, blocked.sender)
                }
                guard let (element, sender) = taken else { return }
                sender?.resume(returning: true)
                reader.resume(returning: element)
            }
        } onCancel: {
            cancel()
        }
    }

    /// The producer is done: the reader gets what is buffered, then nil.
    public func finish() {
        let reader = state.withLock { state -> CheckedContinuation<FeedElement?, Never>? in
            state.finished = true
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }

    /// The reader has gone: what is buffered is dropped, a waiting send returns false.
    public func cancel() {
        let (reader, sender) = state.withLock { state in
            state.cancelled = true
            state.elements.removeAll()
            defer {
                state.reader = nil
                state.blocked = nil
            }
            return (state.reader, state.blocked?.sender)
        }
        reader?.resume(returning: nil)
        sender?.resume(returning: false)
    }
}
