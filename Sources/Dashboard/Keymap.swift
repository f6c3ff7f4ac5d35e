/// What a key asks for, whatever key it was.
public enum Command: Equatable, Hashable, Sendable {
    case quit
    case focusNext, focusPrevious
    case scrollUp, scrollDown, pageUp, pageDown, top, bottom
    case filter, clearOrClose
    case freeze
    case toggleLog
    case export
    case help
}

/// Every key binding, in the order the help overlay lists them. The help text and the
/// footer are generated from this table, so they cannot drift from what the keys do.
public enum Keymap {
    public struct Binding: Sendable {
        public var keys: [Key]
        /// How the keys are written in help, e.g. "↑ k".
        public var label: String
        public var command: Command
        public var help: String
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.character("q"), .control("c")], label: "q ^C", command: .quit, help: "quit"),
        Binding(keys: [.tab], label: "Tab", command: .focusNext, help: "focus the next panel"),
        Binding(keys: [.backTab], label: "S-Tab", command: .focusPrevious, help: "focus the previous panel"),
        Binding(keys: [.up, .character("k")], label: "↑ k", command: .scrollUp, help: "scroll up (towards the newest)"),
        Binding(keys: [.down, .character("j")], label: "↓ j", command: .scrollDown, help: "scroll down (older items)"),
        Binding(keys: [.pageUp], label: "PgUp", command: .pageUp, help: "scroll a page up"),
        Binding(keys: [.pageDown], label: "PgDn", command: .pageDown, help: "scroll a page down"),
        Binding(keys: [.character("g"), .home], label: "g Home", command: .top, help: "back to the newest; follow new items"),
        Binding(keys: [.character("G"), .end], label: "G End", command: .bottom, help: "to the oldest item"),
        Binding(keys: [.character("/")], label: "/", command: .filter, help: "filter the focused panel (Enter keeps it)"),
        Binding(keys: [.escape], label: "Esc", command: .clearOrClose, help: "close help, or clear the filter"),
        Binding(keys: [.character("p"), .character(" ")], label: "p Space", command: .freeze, help: "freeze / unfreeze the view (events keep arriving)"),
        Binding(keys: [.character("l")], label: "l", command: .toggleLog, help: "show / hide the event log"),
        Binding(keys: [.character("e")], label: "e", command: .export, help: "export the state as a Markdown report"),
        Binding(keys: [.character("?")], label: "?", command: .help, help: "this help"),
    ]

    private static let index: [Key: Command] = {
        var index: [Key: Command] = [:]
        for binding in bindings {
            for key in binding.keys { index[key] = binding.command }
        }
        return index
    }()

    public static func command(for key: Key) -> Command? {
        index[key]
    }

    /// How a key is written in messages.
    public static func name(of key: Key) -> String {
        switch key {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let character): "^" + character.uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .function(let number): "F\(number)"
        }
    }
}
