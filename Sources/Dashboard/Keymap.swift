import Analysis
import Feeds

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
    case restartAnalysis
    case playback(PlaybackCommand)
    /// Open the line to answer the interrupt a LangGraph run waits on.
    case answerInterrupt
    /// Cancel the LangGraph run that is going (asked twice, to confirm).
    case cancelRun
    /// The selected item's details (Enter).
    case open
    /// The focused panel over the whole body, and back.
    case zoom
    /// The timeline, or the pipeline's graph, over the whole body, and back.
    case showTimeline, showPipeline
    /// Capture the mouse, or give it back to the terminal's own selection.
    case toggleMouse
    /// The selected item's URL, or its text, to the clipboard.
    case copy
}

/// Every key binding, in the order the help overlay lists them. The help text and the
/// footer are generated from this table, so they cannot drift from what the keys do.
///
/// Replays add the player's keys, as asciinema's player has them: Space pauses the playback
/// (elsewhere it freezes the view), ←/→ seek 5 s, Shift-←/→ 10 %, 0–9 jump to 0–90 %,
/// [ and ] go to the previous and next stage. Home and End go to the start and the end;
/// g and G keep scrolling the focused panel, as everywhere else.
///
/// A run on a LangGraph Server adds `a`, to answer the interrupt it waits on, and `c`, to
/// cancel it while it is going.
public enum Keymap {
    public struct Binding: Sendable {
        public var keys: [Key]
        public var command: Command
        public var help: String
        private var labelOverride: String?

        init(keys: [Key], label: String? = nil, command: Command, help: String) {
            self.keys = keys
            labelOverride = label
            self.command = command
            self.help = help
        }

        /// How the keys are written in help, e.g. "↑ k".
        public var label: String { labelOverride ?? keys.map(Keymap.name(of:)).joined(separator: " ") }
    }

    public static func bindings(for mode: AppState.Mode) -> [Binding] {
        switch mode {
        case .replay:
            bindings.map { binding in
                guard binding.command == .freeze else { return binding }
                return Binding(keys: [.character("p")], command: .freeze, help: binding.help)
            } + playbackBindings
        case .langGraph:
            bindings + langGraphBindings
        case .demo, .live:
            bindings
        }
    }

    static let langGraphBindings: [Binding] = [
        Binding(keys: [.character("a")], command: .answerInterrupt, help: "answer the interrupt the run waits on"),
        Binding(keys: [.character("c")], command: .cancelRun, help: "cancel the run that is going (press twice)"),
    ]

    static let playbackBindings: [Binding] = [
        Binding(keys: [.character(" ")], command: .playback(.togglePause), help: "pause / play the replay"),
        Binding(keys: [.character("."), .character("n")], command: .playback(.step(1)), help: "step one event forward (pauses)"),
        Binding(keys: [.character(",")], command: .playback(.step(-1)), help: "step one event back (pauses)"),
        Binding(keys: [.character("+")], command: .playback(.faster), help: "faster (up to 64×)"),
        Binding(keys: [.character("-")], command: .playback(.slower), help: "slower (down to ¼×)"),
        Binding(keys: [.character("=")], command: .playback(.normalSpeed), help: "recorded speed"),
        Binding(keys: [.left], command: .playback(.seek(seconds: -5)), help: "back 5 seconds"),
        Binding(keys: [.right], command: .playback(.seek(seconds: 5)), help: "forward 5 seconds"),
        Binding(keys: [.shiftLeft], command: .playback(.seekFraction(-0.1)), help: "back 10% of the log"),
        Binding(keys: [.shiftRight], command: .playback(.seekFraction(0.1)), help: "forward 10% of the log"),
        Binding(keys: [.character("[")], command: .playback(.previousMarker), help: "previous stage"),
        Binding(keys: [.character("]")], command: .playback(.nextMarker), help: "next stage"),
        Binding(keys: (0...9).map { .character(Character(String($0))) }, label: "0-9", command: .playback(.jump(toFraction: 0)),
                help: "jump to 0%, 10%, … 90%"),
        Binding(keys: [.home], command: .playback(.jump(toFraction: 0)), help: "restart from the beginning"),
        Binding(keys: [.end], command: .playback(.jump(toFraction: 1)), help: "jump to the end"),
        Binding(keys: [.character("L")], command: .playback(.toggleLoop), help: "loop at the end on / off"),
    ]

    public static let bindings: [Binding] = [
        Binding(keys: [.character("q"), .control("c")], command: .quit, help: "quit"),
        Binding(keys: [.tab], command: .focusNext, help: "focus the next panel"),
        Binding(keys: [.backTab], command: .focusPrevious, help: "focus the previous panel"),
        Binding(keys: [.up, .character("k")], command: .scrollUp, help: "scroll up (towards the newest)"),
        Binding(keys: [.down, .character("j")], command: .scrollDown, help: "scroll down (older items)"),
        Binding(keys: [.pageUp], command: .pageUp, help: "scroll a page up"),
        Binding(keys: [.pageDown], command: .pageDown, help: "scroll a page down"),
        Binding(keys: [.character("g"), .home], command: .top, help: "back to the newest; follow new items"),
        Binding(keys: [.character("G"), .end], command: .bottom, help: "to the oldest item"),
        Binding(keys: [.enter], command: .open, help: "details of the selected item (↑↓ scroll them, Esc closes)"),
        Binding(keys: [.character("/")], command: .filter, help: "filter the focused panel (Enter keeps it)"),
        Binding(keys: [.escape], command: .clearOrClose, help: "close details or help, clear the filter, unzoom, or go back to the list"),
        Binding(keys: [.character("p"), .character(" ")], command: .freeze, help: "freeze / unfreeze the view (events keep arriving)"),
        Binding(keys: [.character("l")], command: .toggleLog, help: "show / hide the event log"),
        Binding(keys: [.character("t")], command: .showTimeline, help: "the timeline of the run, over the whole screen"),
        Binding(keys: [.character("v")], command: .showPipeline, help: "the pipeline's graph, active nodes lit"),
        Binding(keys: [.character("z")], command: .zoom, help: "zoom the focused panel to the whole screen, and back"),
        Binding(keys: [.character("y")], command: .copy, help: "copy the selected item's URL or text (OSC 52)"),
        Binding(keys: [.character("M")], command: .toggleMouse, help: "mouse on / off (off keeps the terminal's own text selection)"),
        Binding(keys: [.character("e")], command: .export, help: "export the state as a Markdown report"),
        Binding(keys: [.character("r")], command: .restartAnalysis, help: "start a new analysis, after a live stream broke off"),
        Binding(keys: [.character("?")], command: .help, help: "this help"),
    ]

    private static let index = makeIndex(bindings)
    private static let replayIndex = makeIndex(bindings(for: .replay(file: "")))
    private static let langGraphIndex = makeIndex(bindings(for: .langGraph(host: "", assistant: nil)))

    private static func makeIndex(_ bindings: [Binding]) -> [Key: Command] {
        var index: [Key: Command] = [:]
        // Later bindings win: the player's Home and End over scrolling's.
        for binding in bindings {
            for key in binding.keys { index[key] = binding.command }
        }
        return index
    }

    public static func command(for key: Key, in mode: AppState.Mode) -> Command? {
        switch mode {
        case .replay:
            if case .character(let character) = key, let digit = character.wholeNumberValue {
                return .playback(.jump(toFraction: Double(digit) / 10))
            }
            return replayIndex[key]
        case .langGraph:
            return langGraphIndex[key]
        case .demo, .live:
            return index[key]
        }
    }

    /// The command a key has in a replay, for telling the user it only works there.
    static func replayOnlyCommand(for key: Key) -> Command? {
        guard let command = replayIndex[key], index[key] == nil else { return nil }
        return command
    }

    /// How a key is written in messages.
    public static func name(of key: Key) -> String {
        switch key {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let character): "^" + character.uppercased()
        case .up: "↑"
        case .shiftLeft: "S-←"
        case .shiftRight: "S-→"
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
