import Analysis
import Feeds
import OutputFormats

/// The dashboard's update function: `(inout AppState, Action) -> [Effect]`, pure and total.
/// Every event is reduced into the analysis, frozen view or not; the view state only decides
/// what is shown.
public enum AppReducer {
    /// How long a notice stays in the footer, in seconds.
    static let noticeDuration = 5.0

    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .events(let events):
            guard !events.isEmpty else { return [] }
            receive(events, into: &state)
            relayout(&state)
            state.version += 1
            return []
        case .restarted(let analysis, let recent):
            restart(at: analysis, recent: recent, in: &state)
            relayout(&state)
            state.version += 1
            return []
        case .tick(let now):
            tick(now, in: &state)
            return []
        case .deployment, .thread:
            // A deployment's list handles these; a dashboard gets its own actions unwrapped.
            return []
        case .key, .resized, .connection, .playback, .notice, .pipeline:
            // These change what is drawn, or nothing at all: only a changed screen is a new version.
            let before = state
            let effects = apply(action, to: &state)
            relayout(&state)
            if !drawsTheSame(before, state) { state.version += 1 }
            return effects
        }
    }

    /// The actions whose effect on the screen is whatever they change in the state.
    private static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        switch action {
        case .key(let key):
            return press(key, in: &state)
        case .resized(let size):
            state.size = size
            clampOffsets(&state)
        case .connection(let status):
            state.connection = status
            if !isGoing(status) { state.cancelConfirmation = nil }
            if state.input == .answer, !waitsForAnswer(status) {
                closeAnswer(in: &state)
                say("the run no longer waits for an answer", isError: true, in: &state)
            }
        case .playback(let status):
            state.playback = status
        case .notice(let text, let isError):
            say(text, isError: isError, in: &state)
        case .pipeline(let shape):
            state.pipeline = shape
        case .events, .restarted, .tick, .deployment, .thread:
            break
        }
        return []
    }

    /// Whether two states draw the same screen at the same time: all of the state is drawn
    /// (or decides what is), except a notice's expiry, which only the tick that removes the
    /// notice shows.
    private static func drawsTheSame(_ lhs: AppState, _ rhs: AppState) -> Bool {
        var rhs = rhs
        rhs.version = lhs.version
        if let old = lhs.notice, let new = rhs.notice, old.text == new.text, old.isError == new.isError { rhs.notice = old }
        return lhs == rhs
    }

    /// Solves the layout again if what it was solved for changed: the size, the event log
    /// shown or hidden, the stage runs and model output shown (after events, a freeze or thaw,
    /// a restart). Focus on a panel that left the screen goes back to the competitors.
    private static func relayout(_ state: inout AppState) {
        guard !state.layoutIsCurrent else { return }
        state.layout = state.solveLayout(at: state.size)
        let visible = state.layout.visiblePanels
        if !visible.isEmpty, !visible.contains(state.focus) { state.focus = .competitors }
    }

    // MARK: - Clock

    /// The clock moved: ages, rates and the spinner may read differently, a notice may be due
    /// to go. A new version only if what the screen shows changed.
    private static func tick(_ now: Double, in state: inout AppState) {
        let before = TimeTexts.onScreen(state)
        state.now = now
        state.eventRate.tick(now: now, total: state.analysis.eventCounts.total)
        let expired = state.notice.map { $0.until <= now } ?? false
        if expired { state.notice = nil }
        // The question of a first `c` goes when a notice would.
        let unconfirmed = state.cancelConfirmation.map { $0.until <= now } ?? false
        if unconfirmed { state.cancelConfirmation = nil }
        if expired || unconfirmed || TimeTexts.onScreen(state) != before { state.version += 1 }
    }

    // MARK: - Restarts

    /// A replay moved elsewhere: its state there, the events just before, every panel back at the top.
    private static func restart(at analysis: AnalysisState, recent: [AnalysisEvent], in state: inout AppState) {
        state.analysis = analysis
        state.eventLog = BoundedLog(limit: state.eventLog.limit)
        for event in recent { state.eventLog.append(event) }
        state.frozen = nil
        state.panels = state.panels.mapValues { view in
            var view = view
            view.offset = 0
            view.unseen = 0
            return view
        }
    }

    // MARK: - Events

    private static func receive(_ events: [AnalysisEvent], into state: inout AppState) {
        let before = listTotals(state)
        for event in events {
            state.analysis.reduce(event)
            state.eventLog.append(event)
            if case .heartbeat = event.kind { state.lastHeartbeatArrival = state.now }
        }
        state.lastEventArrival = state.now
        if state.frozen != nil {
            state.frozen?.eventsSince += events.count
        } else {
            // A panel scrolled away stays on what the user is reading while items arrive above.
            let after = listTotals(state)
            for (panel, total) in after {
                let added = total - (before[panel] ?? 0)
                guard added > 0, var view = state.panels[panel], !view.isFollowing else { continue }
                view.offset += added
                view.unseen += added
                state.panels[panel] = view
            }
        }
    }

    /// Items ever added to each newest-first list, to tell how many arrived in a batch.
    private static func listTotals(_ state: AppState) -> [Panel: Int] {
        let analysis = state.analysis
        return [
            .sources: analysis.sources.previews.total, .insights: analysis.insights.total,
            .errors: analysis.errors.total + analysis.diagnostics.total, .log: state.eventLog.total,
            .model: analysis.messages.total,
        ]
    }

    // MARK: - Keys

    private static func press(_ key: Key, in state: inout AppState) -> [Effect] {
        switch state.input {
        case .filter: return type(key, in: &state)
        case .answer: return typeAnswer(key, in: &state)
        case .keys: break
        }
        // Any key but a second `c` drops the question of the first; Esc only drops it.
        if state.cancelConfirmation != nil, Keymap.command(for: key, in: state.mode) != .cancelRun {
            state.cancelConfirmation = nil
            if key == .escape { return [] }
        }
        if state.showHelp, key != .character("q"), key != .control("c") {
            state.showHelp = false
            if key == .escape || key == .character("?") { return [] }
        }
        guard let command = Keymap.command(for: key, in: state.mode) else {
            if Keymap.replayOnlyCommand(for: key) != nil {
                say("\(Keymap.name(of: key)) controls a replay; this is \(state.mode.label.lowercased())", isError: true, in: &state)
            } else {
                say("\(Keymap.name(of: key)) does nothing here; ? lists the keys", isError: true, in: &state)
            }
            return []
        }
        return run(command, in: &state)
    }

    private static func run(_ command: Command, in state: inout AppState) -> [Effect] {
        let visible = state.layout.visiblePanels
        switch command {
        case .quit:
            return [.quit]
        case .focusNext, .focusPrevious:
            guard !visible.isEmpty else { return [] }
            let index = visible.firstIndex(of: state.focus) ?? 0
            let step = command == .focusNext ? 1 : visible.count - 1
            state.focus = visible[(index + step) % visible.count]
        case .scrollUp: scroll(by: -1, in: &state)
        case .scrollDown: scroll(by: 1, in: &state)
        case .pageUp: scroll(by: -page(state), in: &state)
        case .pageDown: scroll(by: page(state), in: &state)
        case .top: scroll(by: -Int.max / 2, in: &state)
        case .bottom: scroll(by: Int.max / 2, in: &state)
        case .filter:
            state.input = .filter
        case .clearOrClose:
            if state.view(of: state.focus).filter.isEmpty, state.leavesOnEscape { return [.leave] }
            updateView(of: state.focus, in: &state) { $0.filter = "" }
            clampOffsets(&state)
        case .freeze:
            if state.frozen == nil {
                state.frozen = FrozenView(analysis: state.analysis, eventLog: state.eventLog)
            } else {
                state.frozen = nil
                clampOffsets(&state)
            }
        case .toggleLog:
            state.showEventLog.toggle()
            state.focus = state.showEventLog ? .log : (state.focus == .log ? .competitors : state.focus)
        case .export:
            return [.exportReport(markdown: state.analysis.markdownReport(generatedAt: Timestamp(seconds: state.now)))]
        case .help:
            state.showHelp = true
        case .playback(let command):
            return [.feed(.playback(command))]
        case .restartAnalysis:
            guard case .live = state.mode else {
                say("r starts a new live analysis; this is \(state.mode.label.lowercased())", isError: true, in: &state)
                return []
            }
            guard case .interrupted = state.connection else {
                say("r starts a new analysis only after a stream that cannot resume broke off", isError: true, in: &state)
                return []
            }
            state.connection = .connecting
            return [.feed(.restartAnalysis)]
        case .answerInterrupt:
            guard waitsForAnswer(state.connection) else {
                say("no interrupt to answer: the run does not wait for input", isError: true, in: &state)
                return []
            }
            state.input = .answer
            state.answer = ""
        case .cancelRun:
            return cancel(in: &state)
        }
        return []
    }

    // MARK: - A LangGraph run

    /// Whether the run is going: connected, or on its way to be.
    private static func isGoing(_ connection: ConnectionStatus?) -> Bool {
        switch connection {
        case .connecting, .streaming, .stalled, .reconnecting: true
        case .completed, .ended, .failed, .interrupted, .needsInput, .notLive, nil: false
        }
    }

    private static func waitsForAnswer(_ connection: ConnectionStatus?) -> Bool {
        if case .needsInput = connection { true } else { false }
    }

    /// `c`: the first asks to confirm, a second while the question stands cancels the run.
    private static func cancel(in state: inout AppState) -> [Effect] {
        guard isGoing(state.connection) else {
            let why = switch state.connection {
            case nil: "no run has started yet"
            case .needsInput: "the run waits for an answer (a answers it)"
            case .completed: "the run has completed"
            default: "the run is not going"
            }
            say("nothing to cancel: \(why)", isError: true, in: &state)
            return []
        }
        let runID = state.analysis.run?.runID
        let named = runID.map { "run \(ShortID.of($0))" } ?? "the run"
        if let confirmation = state.cancelConfirmation, confirmation.until > state.now {
            state.cancelConfirmation = nil
            say("cancelling \(named)…", isError: false, in: &state)
            return [.feed(.cancelRun)]
        }
        state.notice = nil
        state.cancelConfirmation = AppState.CancelConfirmation(runID: runID, until: state.now + noticeDuration)
        return []
    }

    /// Keys while typing an answer: text goes into it, Enter sends it, Esc drops it.
    private static func typeAnswer(_ key: Key, in state: inout AppState) -> [Effect] {
        switch key {
        case .enter:
            // Nothing typed sends nothing: a stray Enter must not resume the run.
            guard !state.answer.isEmpty else { return [] }
            let answer = state.answer
            closeAnswer(in: &state)
            guard waitsForAnswer(state.connection) else {
                say("the run no longer waits for an answer", isError: true, in: &state)
                return []
            }
            state.connection = .connecting
            say("answer sent; the run resumes", isError: false, in: &state)
            return [.feed(.answerInterrupt(answer))]
        case .escape:
            closeAnswer(in: &state)
        case .backspace, .delete:
            _ = state.answer.popLast()
        case .control("c"):
            return [.quit]
        case .character(let character):
            state.answer.append(character)
        default:
            break
        }
        return []
    }

    private static func closeAnswer(in state: inout AppState) {
        state.input = .keys
        state.answer = ""
    }

    /// Keys while typing a filter: text goes into it, Enter keeps it, Esc clears it.
    private static func type(_ key: Key, in state: inout AppState) -> [Effect] {
        switch key {
        case .enter:
            state.input = .keys
        case .escape:
            state.input = .keys
            updateView(of: state.focus, in: &state) { $0.filter = "" }
        case .backspace, .delete:
            updateView(of: state.focus, in: &state) { _ = $0.filter.popLast() }
        case .control("c"):
            return [.quit]
        case .character(let character):
            updateView(of: state.focus, in: &state) { $0.filter.append(character) }
        default:
            return []
        }
        updateView(of: state.focus, in: &state) { $0.offset = 0 }
        clampOffsets(&state)
        return []
    }

    // MARK: - Scrolling

    private static func scroll(by delta: Int, in state: inout AppState) {
        let count = PanelModel.itemCount(of: state.focus, in: state)
        updateView(of: state.focus, in: &state) { view in
            view.offset = min(max(0, count - 1), max(0, view.offset + delta))
            if view.offset == 0 { view.unseen = 0 }
        }
    }

    /// A page of the focused panel: the rows inside its frame, as laid out (at least 1).
    private static func page(_ state: AppState) -> Int {
        max(1, state.layout.innerHeight(of: state.focus) ?? 1)
    }

    /// Keeps every offset inside its list after the list or the filter changed.
    private static func clampOffsets(_ state: inout AppState) {
        for (panel, view) in state.panels where view.offset > 0 {
            let count = PanelModel.itemCount(of: panel, in: state)
            state.panels[panel]?.offset = min(view.offset, max(0, count - 1))
        }
    }

    /// Changes a panel's view state; a change that leaves it as it was is no change at all.
    private static func updateView(of panel: Panel, in state: inout AppState, _ update: (inout PanelViewState) -> Void) {
        var view = state.view(of: panel)
        update(&view)
        guard view != state.view(of: panel) else { return }
        state.panels[panel] = view
    }

    private static func say(_ text: String, isError: Bool, in state: inout AppState) {
        state.notice = AppState.Notice(text: text, isError: isError, until: state.now + noticeDuration)
    }
}
