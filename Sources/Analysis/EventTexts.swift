/// The five texts an event carries that the decoder defers (``EventText``), packed: each is a
/// span of the payload or absent in 8 bytes, and the String forms, which only events made in
/// process or with escaped texts have, share one box.
///
/// Five `EventText?` took 120 bytes of every event (17 each, padded to 24); these take 48.
/// Events are copied into arrays, through the mailbox and into the player's queue, so their
/// size is memory and time on every one.
struct EventTexts: Sendable {
    enum Slot: Int, CaseIterable {
        case sessionID, requestID, stage, competitor, message
    }

    /// A count that is no span's: the slot is absent, or its String is in `strings`.
    private static let absent = UInt32.max
    private static let boxed = UInt32.max - 1

    private var starts = InlineArray<5, UInt32>(repeating: 0)
    private var counts = InlineArray<5, UInt32>(repeating: EventTexts.absent)
    private var strings: Strings?

    subscript(slot: Slot) -> EventText? {
        get {
            let count = counts[slot.rawValue]
            switch count {
            case Self.absent: return nil
            case Self.boxed: return strings?.values[slot.rawValue].map(EventText.string)
            default: return .span(start: starts[slot.rawValue], count: count)
            }
        }
        set {
            switch newValue {
            case nil:
                counts[slot.rawValue] = Self.absent
            case .span(let start, let count)?:
                precondition(count < Self.boxed, "a span longer than any payload")
                starts[slot.rawValue] = start
                counts[slot.rawValue] = count
            case .string(let string)?:
                if strings == nil {
                    strings = Strings()
                } else if !isKnownUniquelyReferenced(&strings!) {
                    strings = Strings(copying: strings!)
                }
                strings!.values[slot.rawValue] = string
                counts[slot.rawValue] = Self.boxed
            }
        }
    }

    /// The String forms. Changed in place only while one event holds them (copied first
    /// otherwise), so that events sharing them across threads only ever read them.
    private final class Strings: @unchecked Sendable {
        var values = InlineArray<5, String?>(repeating: nil)

        init() {}

        init(copying other: Strings) {
            values = other.values
        }
    }
}
