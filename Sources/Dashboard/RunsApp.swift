import Analysis

/// The list of a deployment's threads as a program (`streamtop runs`): the list, and, after
/// Enter, a dashboard opened on one thread's run in front of it until Esc. The list keeps
/// refreshing behind the dashboard; keys go to whichever is in front.
public struct RunsApp: TerminalApp {
    /// A dashboard opened from the list, and the session its feed's actions carry.
    public struct Opened: Sendable {
        public var session: Int
        public var app: DashboardApp
    }

    public private(set) var list: RunsState
    public private(set) var opened: Opened?
    public private(set) var frame = 0

    /// The mouse goes to an opened dashboard that asked for it; the list itself has no use for it.
    public var capturesMouse: Bool { opened?.app.capturesMouse ?? false }

    /// Whether a dashboard opened from the list starts with the mouse captured (`--mouse`).
    let opensWithMouse: Bool

    public init(list: RunsState, opensWithMouse: Bool = false) {
        self.list = list
        self.opensWithMouse = opensWithMouse
    }

    public mutating func send(_ action: Action) -> [Effect] {
        let shownBefore = shownFrame
        defer { if shownFrame != shownBefore { frame += 1 } }
        switch action {
        case .thread(let session, let inner):
            guard opened?.session == session else { return [] }
            return sendToOpened(inner)
        case .mouse:
            return opened != nil ? sendToOpened(action) : []
        case .key:
            if opened != nil { return sendToOpened(action) }
            return open(RunsReducer.reduce(&list, action))
        case .resized, .tick:
            var effects = open(RunsReducer.reduce(&list, action))
            if opened != nil { effects += sendToOpened(action) }
            return effects
        case .deployment, .notice:
            return open(RunsReducer.reduce(&list, action))
        case .events, .connection, .playback, .restarted, .pipeline:
            return []
        }
    }

    public func render(_ size: Size) -> Grid {
        opened.map { $0.app.render(size) } ?? RunsView.render(list, size: size)
    }

    /// What is in front, and its frame.
    private var shownFrame: (session: Int?, frame: Int) {
        opened.map { ($0.session, $0.app.frame) } ?? (nil, list.version)
    }

    /// Opens the dashboards the list asked for, and passes the other effects on.
    private mutating func open(_ effects: [Effect]) -> [Effect] {
        for case .openThread(let session, _, _) in effects {
            var state = AppState(mode: .langGraph(host: list.host, assistant: list.selectedRow?.assistant), options: list.options, now: list.now)
            state.leavesOnEscape = true
            state.capturesMouse = opensWithMouse
            var app = DashboardApp(state: state)
            _ = app.send(.resized(list.size))
            opened = Opened(session: session, app: app)
        }
        return effects
    }

    /// An action for the dashboard in front; its `leave` closes it.
    private mutating func sendToOpened(_ action: Action) -> [Effect] {
        guard var current = opened else { return [] }
        let effects = current.app.send(action)
        opened = current
        guard effects.contains(.leave) else { return effects }
        opened = nil
        return effects.filter { $0 != .leave } + [.closeThread(session: current.session)]
    }
}
