/// What a key asks of the list of a deployment's threads.
public enum RunsCommand: Equatable, Hashable, Sendable {
    case quit
    case up, down, pageUp, pageDown, top, bottom
    case previousPage, nextPage
    case open
    case answer
    case cancel
    case newRun
    case filter
    case cycleStatus
    case refresh
    case clearOrClose
    case help
}

/// Every key of the list, in the order the help lists them.
public enum RunsKeymap {
    public struct Binding: Sendable {
        public var keys: [Key]
        public var command: RunsCommand
        public var help: String

        public var label: String { keys.map(Keymap.name(of:)).joined(separator: " ") }
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.character("q"), .control("c")], command: .quit, help: "quit"),
        Binding(keys: [.up, .character("k")], command: .up, help: "select the thread above"),
        Binding(keys: [.down, .character("j")], command: .down, help: "select the thread below"),
        Binding(keys: [.pageUp], command: .pageUp, help: "a screen up (the previous page at the top)"),
        Binding(keys: [.pageDown], command: .pageDown, help: "a screen down (the next page at the bottom)"),
        Binding(keys: [.character("g"), .home], command: .top, help: "the first thread of the page"),
        Binding(keys: [.character("G"), .end], command: .bottom, help: "the last thread of the page"),
        Binding(keys: [.character("[")], command: .previousPage, help: "the previous page of threads"),
        Binding(keys: [.character("]")], command: .nextPage, help: "the next page of threads"),
        Binding(keys: [.enter], command: .open, help: "open the thread's latest run in the dashboard (Esc comes back)"),
        Binding(keys: [.character("a")], command: .answer, help: "answer the interrupt the thread waits on"),
        Binding(keys: [.character("c")], command: .cancel, help: "cancel the thread's running run (press twice)"),
        Binding(keys: [.character("n")], command: .newRun, help: "start a new run: an assistant, then its input"),
        Binding(keys: [.character("/")], command: .filter, help: "filter the rows by text (Enter keeps it)"),
        Binding(keys: [.character("s")], command: .cycleStatus, help: "cycle the status filter: all, idle, busy, …"),
        Binding(keys: [.character("r")], command: .refresh, help: "refresh now"),
        Binding(keys: [.escape], command: .clearOrClose, help: "close help, or clear the filter"),
        Binding(keys: [.character("?")], command: .help, help: "this help"),
    ]

    private static let index: [Key: RunsCommand] = {
        var index: [Key: RunsCommand] = [:]
        for binding in bindings {
            for key in binding.keys { index[key] = binding.command }
        }
        return index
    }()

    public static func command(for key: Key) -> RunsCommand? {
        index[key]
    }
}
