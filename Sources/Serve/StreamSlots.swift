import Synchronization

/// The streams open at once, at most `limit`: a slot is taken before a stream is answered and
/// given back when the stream ends, or when its response is dropped unsent.
final class StreamSlots: Sendable {
    let limit: Int
    private let open = Mutex(0)
    private let onChange: @Sendable (Int) -> Void

    init(limit: Int, onChange: @escaping @Sendable (Int) -> Void) {
        self.limit = limit
        self.onChange = onChange
    }

    var count: Int { open.withLock { $0 } }

    /// A slot, or nil when all are taken.
    func take() -> StreamSlot? {
        let taken = open.withLock { open -> Int? in
            guard open < limit else { return nil }
            open += 1
            return open
        }
        guard let taken else { return nil }
        onChange(taken)
        return StreamSlot(slots: self)
    }

    fileprivate func giveBack() {
        onChange(open.withLock { open in
            open -= 1
            return open
        })
    }
}

/// One open stream's place; given back once, when it goes.
final class StreamSlot: Sendable {
    private let slots: StreamSlots

    fileprivate init(slots: StreamSlots) {
        self.slots = slots
    }

    deinit {
        slots.giveBack()
    }
}
