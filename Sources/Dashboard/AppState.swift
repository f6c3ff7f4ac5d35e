import Analysis

/// Everything the dashboard shows: the analysis as the reducer built it, and the view's own
/// state (focus, scrolling, filters, overlays, clocks).
public struct AppState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case demo
        case replay(file: String)
        case live(host: String)
    }

    /// Typing goes to the focused panel's filter instead of the keymap.
    public enum Input: Equatable, Sendable {
        case keys
        case filter
    }

    /// A one-line message in the footer, until `until` (wall-clock seconds).
    public struct Notice: Equatable, Sendable {
        public var text: String
        public var isError: Bool
        public var until: Double
    }

    public var mode: Mode
    public var options: DisplayOptions
    /// The analysis, always up to date: every event is reduced, frozen or not.
    public var analysis = DashboardState()
    /// What the panels show while the view is frozen.
    public var frozen: FrozenView?
    public var eventLog = BoundedLog<AnalysisEvent>(limit: 1_000)
    public var connection: ConnectionStatus?
    public var playback: PlaybackStatus?
    public var size = Size(width: 80, height: 24)
    public var focus: Panel = .competitors
    public var panels: [Panel: PanelViewState] = [:]
    public var showEventLog = false
    public var showHelp = false
    public var input: Input = .keys
    public var notice: Notice?
    /// Wall-clock seconds: when the dashboard started, and now (moved by ticks).
    public var startedAt: Double
    public var now: Double
    /// When (wall clock) events and heartbeats last arrived.
    public var lastEventArrival: Double?
    public var lastHeartbeatArrival: Double?
    public var eventRate = EventRate()
    /// Bumped by the reducer whenever anything visible changes.
    public var version = 0

    public init(mode: Mode, options: DisplayOptions = DisplayOptions(), now: Double) {
        self.mode = mode
        self.options = options
        startedAt = now
        self.now = now
    }

    /// The analysis as the panels show it: frozen, or live.
    public var shown: DashboardState { frozen?.analysis ?? analysis }
    public var shownLog: BoundedLog<AnalysisEvent> { frozen?.eventLog ?? eventLog }

    public func view(of panel: Panel) -> PanelViewState {
        panels[panel] ?? PanelViewState()
    }
}

/// The view held still by `p`: what was on screen, and how many events arrived since.
public struct FrozenView: Equatable, Sendable {
    public var analysis: DashboardState
    public var eventLog: BoundedLog<AnalysisEvent>
    public var eventsSince = 0
}

/// Events per second over the last few seconds, updated on ticks.
public struct EventRate: Equatable, Sendable {
    public private(set) var perSecond = 0.0
    private var countAtLastTick = 0
    private var lastTick: Double?

    mutating func tick(now: Double, total: Int) {
        defer {
            lastTick = now
            countAtLastTick = total
        }
        guard let lastTick, now > lastTick else { return }
        let current = Double(total - countAtLastTick) / (now - lastTick)
        // Smoothed, so that the number can be read while it moves.
        perSecond = perSecond == 0 ? current : perSecond * 0.5 + current * 0.5
    }
}

/// How to draw: chosen on the command line, fixed for the run.
public struct DisplayOptions: Equatable, Sendable {
    /// ASCII borders and marks instead of Unicode box drawing and symbols.
    public var ascii: Bool
    public var fps: Int

    public init(ascii: Bool = false, fps: Int = 30) {
        self.ascii = ascii
        self.fps = max(1, fps)
    }
}
