import Analysis
import Deployment

/// The list's update function: `(inout RunsState, Action) -> [Effect]`, pure and total. A
/// refresh replaces the page and keeps the selection on its thread; keys move, filter, page
/// and ask the deployment for actions, which come back as ``DeploymentEvent/acted(_:isError:)``.
public enum RunsReducer {
    public static func reduce(_ state: inout RunsState, _ action: Action) -> [Effect] {
        let before = state
        var effects: [Effect]
        switch action {
        case .deployment(let event):
            receive(event, in: &state)
            effects = []
        case .key(let key):
            effects = press(key, in: &state)
        case .resized(let size):
            state.size = size
            effects = []
        case .tick(let now):
            return tick(now, in: &state)
        case .notice(let text, let isError):
            say(text, isError: isError, in: &state)
            effects = []
        case .events, .connection, .playback, .restarted, .thread, .pipeline, .mouse:
            return []
        }
        settle(&state)
        effects += showingChanged(&state)
        if state != before, !sameScreen(before, state) { state.version += 1 }
        return effects
    }

    // MARK: - The deployment

    private static func receive(_ event: DeploymentEvent, in state: inout RunsState) {
        switch event {
        case .refreshed(let snapshot):
            // An answer to an older query (the page or filter changed since) is not shown.
            guard snapshot.query == state.query else { return }
            state.snapshot = snapshot
            state.stale = nil
        case .refreshFailed(let reason, let at):
            state.stale = RunsState.Staleness(reason: reason, since: state.stale?.since ?? at)
        case .progressed(let thread, let progress):
            guard var snapshot = state.snapshot, let index = snapshot.rows.firstIndex(where: { $0.threadID == thread }) else { return }
            snapshot.rows[index].progress = progress
            state.snapshot = snapshot
        case .unfollowed(let thread):
            guard var snapshot = state.snapshot, let index = snapshot.rows.firstIndex(where: { $0.threadID == thread }) else { return }
            snapshot.rows[index].progress = nil
            state.snapshot = snapshot
        case .acted(let text, let isError):
            say(text, isError: isError, in: &state)
        }
    }

    // MARK: - Keys

    private static func press(_ key: Key, in state: inout RunsState) -> [Effect] {
        switch state.input {
        case .keys: break
        default: return type(key, in: &state)
        }
        if state.cancelConfirmation != nil, RunsKeymap.command(for: key) != .cancel {
            state.cancelConfirmation = nil
            if key == .escape { return [] }
        }
        if state.showHelp, key != .character("q"), key != .control("c") {
            state.showHelp = false
            if key == .escape || key == .character("?") { return [] }
        }
        guard let command = RunsKeymap.command(for: key) else {
            say("\(Keymap.name(of: key)) does nothing here; ? lists the keys", isError: true, in: &state)
            return []
        }
        return run(command, in: &state)
    }

    private static func run(_ command: RunsCommand, in state: inout RunsState) -> [Effect] {
        let page = max(1, state.tableHeight)
        // While another page loads, the rows are the old page's: a move would act on them.
        let moves: Set<RunsCommand> = [.up, .down, .pageUp, .pageDown, .top, .bottom]
        if moves.contains(command), state.snapshot?.query != state.query { return [] }
        switch command {
        case .quit: return [.quit]
        case .up:
            if state.selection == 0 { return turnPage(-1, landing: .last, in: &state) }
            select(state.selection - 1, in: &state)
        case .down:
            if state.selection >= state.rows.count - 1 { return turnPage(1, landing: .first, in: &state) }
            select(state.selection + 1, in: &state)
        case .pageUp:
            if state.selection == 0 { return turnPage(-1, landing: .last, in: &state) }
            select(state.selection - page, in: &state)
        case .pageDown:
            if state.selection >= state.rows.count - 1 { return turnPage(1, landing: .first, in: &state) }
            select(state.selection + page, in: &state)
        case .top: select(0, in: &state)
        case .bottom: select(state.rows.count - 1, in: &state)
        case .previousPage: return turnPage(-1, landing: .first, in: &state)
        case .nextPage: return turnPage(1, landing: .first, in: &state)
        case .open: return open(in: &state)
        case .answer:
            guard let row = state.selectedRow else { return nothingSelected(&state) }
            guard row.waitsForAnswer else {
                say("thread \(ShortID.of(row.threadID)) waits on no interrupt", isError: true, in: &state)
                return []
            }
            state.input = .answer(thread: row.threadID)
            state.typed = ""
        case .cancel: return cancel(in: &state)
        case .newRun:
            state.input = .newAssistant
            state.typed = state.query.assistant ?? state.selectedRow?.graphID ?? ""
        case .filter:
            state.input = .filter
        case .cycleStatus:
            return ask(state.query.cyclingStatus(), landing: .first, in: &state)
        case .refresh:
            return [.deployment(.refresh)]
        case .clearOrClose:
            state.filter = ""
        case .help:
            state.showHelp = true
        }
        return []
    }

    /// Enter: the selected thread's latest run, in a dashboard of its own.
    private static func open(in state: inout RunsState) -> [Effect] {
        guard let row = state.selectedRow else { return nothingSelected(&state) }
        guard let run = row.run else {
            say("thread \(ShortID.of(row.threadID)) has no run yet", isError: true, in: &state)
            return []
        }
        state.sessions += 1
        return [.openThread(session: state.sessions, thread: row.threadID, run: run.runID)]
    }

    /// `c`: the first asks to confirm, a second while the question stands cancels the run.
    private static func cancel(in state: inout RunsState) -> [Effect] {
        guard let row = state.selectedRow else { return nothingSelected(&state) }
        guard let run = row.run, run.isGoing else {
            say("nothing to cancel: thread \(ShortID.of(row.threadID))'s run is not going", isError: true, in: &state)
            return []
        }
        if let confirmation = state.cancelConfirmation, confirmation.thread == row.threadID, confirmation.until > state.now {
            state.cancelConfirmation = nil
            say("cancelling run \(ShortID.of(run.runID))…", isError: false, in: &state)
            return [.deployment(.cancel(thread: row.threadID, run: run.runID))]
        }
        state.notice = nil
        state.cancelConfirmation = RunsState.CancelConfirmation(thread: row.threadID, run: run.runID, until: state.now + AppReducer.noticeDuration)
        return []
    }

    private static func nothingSelected(_ state: inout RunsState) -> [Effect] {
        say("no thread is selected", isError: true, in: &state)
        return []
    }

    /// Another page: asked of the deployment; the selection lands on its first or last row.
    private static func turnPage(_ direction: Int, landing: RunsState.Landing, in state: inout RunsState) -> [Effect] {
        var query = state.query
        let matching = state.snapshot?.matching ?? 0
        query.offset = max(0, query.offset + direction * query.limit)
        guard query.offset != state.query.offset, query.offset < matching || direction < 0 else { return [] }
        return ask(query, landing: landing, in: &state)
    }

    private static func ask(_ query: DeploymentQuery, landing: RunsState.Landing, in state: inout RunsState) -> [Effect] {
        state.query = query
        state.landing = landing
        return [.deployment(.query(query))]
    }

    /// Keys while typing: text goes in, Enter takes it, Esc drops it.
    private static func type(_ key: Key, in state: inout RunsState) -> [Effect] {
        switch key {
        case .enter:
            return submit(in: &state)
        case .escape:
            if state.input == .filter { state.filter = "" }
            state.input = .keys
            state.typed = ""
        case .backspace, .delete:
            if state.input == .filter { _ = state.filter.popLast() } else { _ = state.typed.popLast() }
        case .control("c"):
            return [.quit]
        case .character(let character):
            if state.input == .filter { state.filter.append(character) } else { state.typed.append(character) }
        default:
            break
        }
        return []
    }

    private static func submit(in state: inout RunsState) -> [Effect] {
        let typed = state.typed
        switch state.input {
        case .keys, .filter:
            state.input = .keys
            return []
        case .answer(let thread):
            // Nothing typed sends nothing: a stray Enter must not resume the run.
            guard !typed.isEmpty else { return [] }
            state.input = .keys
            state.typed = ""
            say("answering thread \(ShortID.of(thread))…", isError: false, in: &state)
            return [.deployment(.answer(thread: thread, text: typed))]
        case .newAssistant:
            guard !typed.isEmpty else { return [] }
            state.input = .newInput(assistant: typed)
            state.typed = "{}"
            return []
        case .newInput(let assistant):
            guard !typed.isEmpty else { return [] }
            state.input = .keys
            state.typed = ""
            say("starting a run of \(assistant)…", isError: false, in: &state)
            return [.deployment(.start(assistant: assistant, input: typed))]
        }
    }

    // MARK: - Derived state

    /// The rows after the filter, the selection on its thread (or its place when the thread
    /// went), and the rows drawn around it.
    private static func settle(_ state: inout RunsState) {
        let all = state.snapshot?.rows ?? []
        let needle = state.filter.lowercased()
        state.rows = needle.isEmpty ? all : all.filter { matches($0, needle) }
        if let landing = state.landing, state.snapshot?.query == state.query {
            state.landing = nil
            state.selection = landing == .first ? 0 : max(0, state.rows.count - 1)
        } else if let thread = state.selectedThread, let index = state.rows.firstIndex(where: { $0.threadID == thread }) {
            state.selection = index
        }
        state.selection = min(max(0, state.selection), max(0, state.rows.count - 1))
        state.selectedThread = state.selectedRow?.threadID
        let height = max(1, state.tableHeight)
        if state.selection < state.offset { state.offset = state.selection }
        if state.selection >= state.offset + height { state.offset = state.selection - height + 1 }
        state.offset = min(state.offset, max(0, state.rows.count - height))
    }

    private static func select(_ index: Int, in state: inout RunsState) {
        state.selection = min(max(0, index), max(0, state.rows.count - 1))
        state.selectedThread = state.selectedRow?.threadID
    }

    private static func matches(_ row: ThreadRow, _ needle: String) -> Bool {
        let fields = [row.threadID, row.assistant ?? "", row.status?.rawValue ?? "", row.run?.status ?? "", row.run?.runID ?? ""]
            + (row.place?.nodes ?? []) + row.interrupts.map(\.value)
        return fields.contains { $0.lowercased().contains(needle) }
    }

    /// The rows on screen changed: the deployment is told, so that it asks for their details.
    private static func showingChanged(_ state: inout RunsState) -> [Effect] {
        let end = min(state.rows.count, state.offset + max(1, state.tableHeight))
        let showing = state.offset < end ? state.rows[state.offset..<end].map(\.threadID) : []
        guard showing != state.showing else { return [] }
        state.showing = showing
        return [.deployment(.showing(showing))]
    }

    // MARK: - Clock

    /// Durations of runs that go, and the age of stale rows, move with the clock; a notice or
    /// the question of a first `c` may be due to go.
    private static func tick(_ now: Double, in state: inout RunsState) -> [Effect] {
        let before = RunsView.timeTexts(state)
        state.now = now
        var changed = false
        if let notice = state.notice, notice.until <= now {
            state.notice = nil
            changed = true
        }
        if let confirmation = state.cancelConfirmation, confirmation.until <= now {
            state.cancelConfirmation = nil
            changed = true
        }
        if changed || RunsView.timeTexts(state) != before { state.version += 1 }
        return []
    }

    /// Whether two states draw the same screen: all of the state is drawn but the clock (whose
    /// texts ticks compare) and what was told to the deployment.
    private static func sameScreen(_ lhs: RunsState, _ rhs: RunsState) -> Bool {
        var rhs = rhs
        rhs.version = lhs.version
        rhs.showing = lhs.showing
        rhs.sessions = lhs.sessions
        return lhs == rhs
    }

    private static func say(_ text: String, isError: Bool, in state: inout RunsState) {
        state.notice = AppState.Notice(text: text, isError: isError, until: state.now + AppReducer.noticeDuration)
    }
}
