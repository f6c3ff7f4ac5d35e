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
        case .key, .mouse, .resized, .connection, .playback, .notice, .pipeline:
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
        case .mouse(let event):
            return MouseReducer.reduce(event, in: &state)
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
    static func relayout(_ state: inout AppState) {
        guard !state.layoutIsCurrent else { return }
        state.layout = state.solveLayout(at: state.size)
        let visible = state.layout.visiblePanels
        if !visible.isEmpty, !visible.contains(state.focus) { state.focus = visible.contains(.competitors) ? .competitors : visible[0] }
        keepSelectionsInSight(&state)
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
        state.eventRate.rebase(total: analysis.eventCounts.total)
        state.eventLog = BoundedLog(limit: state.eventLog.limit)
        for event in recent { state.eventLog.append(event) }
        state.frozen = nil
        state.details = nil
        state.panels = state.panels.mapValues { view in
            var view = view
            view.offset = 0
            view.selected = 0
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
            // A selection away from the top stays on its item while items arrive above.
            let after = listTotals(state)
            for (panel, total) in after {
                let added = total - (before[panel] ?? 0)
                guard added > 0, var view = state.panels[panel], !view.isFollowing else { continue }
                view.offset += added
                view.selected += added
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
        if state.details != nil, let command = Keymap.command(for: key, in: state.mode), let effects = inDetails(command, in: &state) {
            return effects
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
            if state.view(of: state.focus).filter.isEmpty {
                if state.zoomed != nil {
                    state.zoomed = nil
                    return []
                }
                if state.leavesOnEscape { return [.leave] }
            }
            // Another list: its selection starts again at the top.
            updateView(of: state.focus, in: &state) { view in
                if !view.filter.isEmpty { view = PanelViewState() }
            }
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
            return [.exportReport(markdown: state.analysis.markdownReport(pipeline: state.pipeline, generatedAt: Timestamp(seconds: state.now)))]
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
        case .open:
            openDetails(in: &state)
        case .zoom:
            state.zoomed = state.zoomed == nil ? state.focus : nil
        case .showTimeline:
            show(.timeline, in: &state)
        case .showPipeline:
            show(.graph, in: &state)
        case .toggleMouse:
            state.capturesMouse.toggle()
            say(state.capturesMouse ? "mouse on: click, double-click, wheel (Shift selects text; M turns it off)"
                : "mouse off: the terminal selects text again", isError: false, in: &state)
        case .copy:
            return copy(in: &state)
        }
        return []
    }

    /// `t` and `v`: the timeline or the pipeline over the whole body, focused; again goes back
    /// (the focus with it, if the panel has no place of its own).
    private static func show(_ panel: Panel, in state: inout AppState) {
        if state.zoomed == panel {
            state.zoomed = nil
        } else {
            state.zoomed = panel
            state.focus = panel
        }
    }

    // MARK: - Details

    /// A command while details are open: scrolling moves them, Esc and Enter close them, `y`
    /// copies what they are about. Nil for a command that works as it does anywhere (quit, a
    /// replay's keys).
    private static func inDetails(_ command: Command, in state: inout AppState) -> [Effect]? {
        let page = max(1, DetailsOverlay.inside(DetailsOverlay.box(in: state.layout.body)).height - 1)
        switch command {
        case .scrollUp: scrollDetails(by: -1, in: &state)
        case .scrollDown: scrollDetails(by: 1, in: &state)
        case .pageUp: scrollDetails(by: -page, in: &state)
        case .pageDown: scrollDetails(by: page, in: &state)
        case .top: scrollDetails(by: -Int.max / 2, in: &state)
        case .bottom: scrollDetails(by: Int.max / 2, in: &state)
        case .clearOrClose, .open: state.details = nil
        case .copy: return copy(in: &state)
        default: return nil
        }
        return []
    }

    static func scrollDetails(by delta: Int, in state: inout AppState) {
        guard let details = state.details else { return }
        let inside = DetailsOverlay.inside(DetailsOverlay.box(in: state.layout.body))
        let rows = DetailsContent.rows(details, in: state, width: inside.width, glyphs: Glyphs.forOptions(state.options)).count
        state.details?.scroll = min(max(0, rows - inside.height), max(0, details.scroll + delta))
    }

    /// Enter: the details of the focused panel's selected item.
    static func openDetails(in state: inout AppState) {
        guard let subject = selectedSubject(state) else {
            say("nothing selected in \(state.focus.title.lowercased()) to show", isError: true, in: &state)
            return
        }
        state.details = Details(subject: subject)
    }

    /// What the focused panel's selection is, to show or to copy.
    static func selectedSubject(_ state: AppState) -> Details.Subject? {
        let panel = state.focus
        let index = state.view(of: panel).selected
        guard index < PanelModel.itemCount(of: panel, in: state) else { return nil }
        switch panel {
        case .insights: return .insight(PanelModel.insights(state)[index])
        case .sources: return .source(PanelModel.sources(state)[index])
        case .competitors: return .competitor(PanelModel.competitors(state)[index].name)
        case .stages, .timeline:
            let run = panel == .stages ? PanelModel.stages(state)[index] : PanelModel.timeline(state)[index]
            return .stage(name: run.name, competitor: run.competitor, taskID: run.taskID)
        case .model: return .message(id: PanelModel.messages(state)[index].id)
        case .log: return .event(PanelModel.log(state)[index])
        case .errors:
            switch PanelModel.errors(state)[index] {
            case .error(let error): return .error(error, before: events(before: error, in: state))
            case .diagnostic(let diagnostic): return .diagnostic(diagnostic)
            }
        case .graph: return nil
        }
    }

    /// The events the log holds from just before an error (its `sequence` is its number
    /// among the events, and the log's last event is the state's last).
    private static func events(before error: ErrorEntry, in state: AppState) -> [AnalysisEvent] {
        let log = state.shownLog.items
        let fromEnd = state.shown.eventCounts.total - error.sequence
        let position = log.count - 1 - fromEnd
        guard position > 0, position < log.count else { return [] }
        return Array(log[max(0, position - Details.eventsBeforeError)..<position])
    }

    /// `y`: the URL of the selected source, else the selected item's text, sanitised again
    /// on its way out (OSC 52 carries it base64, but the clipboard is pasted into shells).
    private static func copy(in state: inout AppState) -> [Effect] {
        guard let subject = state.details?.subject ?? selectedSubject(state) else {
            say("nothing selected to copy", isError: true, in: &state)
            return []
        }
        let text: String? = switch subject {
        case .source(let source): source.url
        case .insight(let insight): insight.text
        case .error(let error, _): error.message
        case .diagnostic(let diagnostic): diagnostic.message
        case .stage(let name, let competitor, _): [name, competitor].compactMap { $0 }.joined(separator: " ")
        case .competitor(let name): name
        case .event(let event): event.logLine
        case .message(let id): state.shown.messages[id]?.text
        }
        guard let text, !text.isEmpty else {
            say("nothing to copy", isError: true, in: &state)
            return []
        }
        return [.copy(TextSanitizer.clean(text))]
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
        updateView(of: state.focus, in: &state) { view in
            view.offset = 0
            view.selected = 0
            view.unseen = 0
        }
        clampOffsets(&state)
        return []
    }

    // MARK: - Scrolling

    /// Moves the focused panel's selection, the list scrolling to keep it in sight.
    static func scroll(by delta: Int, in state: inout AppState) {
        select(state.view(of: state.focus).selected + delta, in: state.focus, state: &state)
    }

    /// Selects item `index` of a panel (brought into the list), scrolled into sight.
    static func select(_ index: Int, in panel: Panel, state: inout AppState) {
        let count = PanelModel.itemCount(of: panel, in: state)
        updateView(of: panel, in: &state) { view in
            view.selected = min(max(0, count - 1), max(0, index))
            if view.selected == 0 { view.unseen = 0 }
        }
        keepInSight(panel, in: &state)
    }

    /// Scrolls a panel so that its selection is drawn whole: up to it when it is above the
    /// first row, down until the rows from the first to it fit the panel.
    private static func keepInSight(_ panel: Panel, in state: inout AppState) {
        var view = state.view(of: panel)
        view.offset = min(view.offset, view.selected)
        if let rect = state.layout.rect(of: panel)?.inset(by: 1), rect.height > 0, view.offset < view.selected {
            // The first row that still shows the selection whole, found from the selection up.
            let current = state
            let rows = { PanelModel.rows(of: panel, at: $0, width: rect.width, height: rect.height, in: current) }
            var first = view.selected
            var used = rows(first)
            while first > view.offset, used + rows(first - 1) <= rect.height {
                first -= 1
                used += rows(first)
            }
            view.offset = first
        }
        guard view != state.view(of: panel) else { return }
        state.panels[panel] = view
    }

    private static func keepSelectionsInSight(_ state: inout AppState) {
        for panel in state.panels.keys where state.view(of: panel).selected > 0 { keepInSight(panel, in: &state) }
    }

    /// A page of the focused panel: the rows inside its frame, as laid out (at least 1).
    private static func page(_ state: AppState) -> Int {
        max(1, state.layout.innerHeight(of: state.focus) ?? 1)
    }

    /// Keeps every selection inside its list, and in sight, after the list, the filter or the
    /// size changed.
    private static func clampOffsets(_ state: inout AppState) {
        for (panel, view) in state.panels where view.selected > 0 || view.offset > 0 {
            let last = max(0, PanelModel.itemCount(of: panel, in: state) - 1)
            state.panels[panel]?.selected = min(view.selected, last)
            state.panels[panel]?.offset = min(view.offset, last)
            keepInSight(panel, in: &state)
        }
    }

    /// Changes a panel's view state; a change that leaves it as it was is no change at all.
    static func updateView(of panel: Panel, in state: inout AppState, _ update: (inout PanelViewState) -> Void) {
        var view = state.view(of: panel)
        update(&view)
        guard view != state.view(of: panel) else { return }
        state.panels[panel] = view
    }

    static func say(_ text: String, isError: Bool, in state: inout AppState) {
        state.notice = AppState.Notice(text: text, isError: isError, until: state.now + noticeDuration)
    }
}
