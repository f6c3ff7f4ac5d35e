import Analysis
import Feeds

/// Everything the dashboard shows: the analysis as the reducer built it, and the view's own
/// state (focus, scrolling, filters, overlays, clocks).
public struct AppState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case demo
        case replay(file: String)
        case live(host: String)
        /// A run on a LangGraph Server; the thread and run come from the stream.
        case langGraph(host: String, assistant: String?)

        /// How the header names the mode, and messages refer to it: "DEMO", "REPLAY f.sse",
        /// "LIVE host", "LANGGRAPH host · assistant".
        public var label: String {
            switch self {
            case .demo: "DEMO"
            case .replay(let file): "REPLAY \(file)"
            case .live(let host): "LIVE \(host)"
            case .langGraph(let host, let assistant): "LANGGRAPH \(host)" + (assistant.map { " · \($0)" } ?? "")
            }
        }
    }

    /// Where typing goes: the keymap, the focused panel's filter, or the answer to the
    /// interrupt a LangGraph run waits on (`answer` holds it).
    public enum Input: Equatable, Sendable {
        case keys
        case filter
        case answer
    }

    /// `c` was pressed once while a LangGraph run was going: a second `c` before `until`
    /// (wall-clock seconds) cancels `runID`; any other key drops the question.
    public struct CancelConfirmation: Equatable, Sendable {
        public var runID: String?
        public var until: Double
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
    public var analysis = AnalysisState()
    /// What the panels show while the view is frozen.
    public var frozen: FrozenView?
    public var eventLog = BoundedLog<AnalysisEvent>(limit: 1_000)
    /// The graph the feed said the run follows; nil until it does (most streams never do).
    public var pipeline: PipelineShape?
    public var connection: ConnectionStatus?
    public var playback: PlaybackStatus?
    public var size = AppState.initialSize
    /// Where everything goes: solved by the reducer whenever what it depends on changes (the
    /// size, the event log shown or hidden, the number of stage runs shown, the model's output
    /// given a place), so that the view
    /// draws it and the reducer pages by it without solving it again.
    public internal(set) var layout = DashboardLayout(size: AppState.initialSize, showEventLog: false)
    public var focus: Panel = .competitors
    public var panels: [Panel: PanelViewState] = [:]
    public var showEventLog = false
    public var showHelp = false
    /// The panel shown over the whole body (`z`; the timeline's `t`, the pipeline's `v`).
    public var zoomed: Panel?
    /// The details of an item, over the panels (Enter), until Esc.
    public var details: Details?
    /// Whether the mouse is captured (`--mouse`, `M`): the terminal follows this.
    public var capturesMouse = false
    /// The last click, to tell a second one on the same item for a double click.
    var lastClick: MouseReducer.Click?
    public var input: Input = .keys
    /// The answer being typed while `input` is `.answer`.
    public var answer = ""
    public var cancelConfirmation: CancelConfirmation?
    public var notice: Notice?
    /// Opened from a list (`streamtop runs`): Esc with nothing to clear goes back to it.
    public var leavesOnEscape = false
    /// Wall-clock seconds: when the dashboard started, and now (moved by ticks).
    public var startedAt: Double
    public var now: Double
    /// When (wall clock) events and heartbeats last arrived.
    public var lastEventArrival: Double?
    public var lastHeartbeatArrival: Double?
    public var eventRate = EventRate()
    /// Bumped by the reducer when, and only when, something on screen changes: events, a
    /// key, a status or a notice that changed what is drawn, a tick that changed a text that
    /// moves with the clock (`TimeTexts`) or took a notice away.
    public var version = 0

    static let initialSize = Size(width: 80, height: 24)

    public init(mode: Mode, options: DisplayOptions = DisplayOptions(), now: Double) {
        self.mode = mode
        self.options = options
        startedAt = now
        self.now = now
        layout = solveLayout(at: size)
    }

    /// The analysis as the panels show it: frozen, or live.
    public var shown: AnalysisState { frozen?.analysis ?? analysis }
    public var shownLog: BoundedLog<AnalysisEvent> { frozen?.eventLog ?? eventLog }
    /// The graph to draw: the feed's, else the stages seen so far.
    public var shownPipeline: PipelineShape { pipeline ?? .seen(in: shown) }

    public func view(of panel: Panel) -> PanelViewState {
        panels[panel] ?? PanelViewState()
    }

    /// Whether the model-output panel has a place: on a LangGraph Server always, elsewhere
    /// once the panels show a model message.
    var showsModel: Bool {
        if case .langGraph = mode { return true }
        return !shown.messages.isEmpty
    }

    /// The layout the current size, event log, stages, competitors, model output and zoom
    /// call for, solved anew.
    func solveLayout(at size: Size) -> DashboardLayout {
        DashboardLayout(
            size: size, showEventLog: showEventLog, stageRows: shown.stages.count, showModel: showsModel,
            competitorRows: shown.competitors.count, zoomed: zoomed)
    }

    /// Whether `layout` was solved for what the state is now.
    var layoutIsCurrent: Bool {
        layout.size == size && layout.showEventLog == showEventLog && layout.stageRows == shown.stages.count
            && layout.showModel == showsModel && layout.competitorRows == shown.competitors.count && layout.zoomed == zoomed
    }

    /// The layout to draw at `size`: the one kept in the state, or, for a screen of another
    /// size than the state was told of, one solved for it.
    func layout(at size: Size) -> DashboardLayout {
        size == self.size ? layout : solveLayout(at: size)
    }
}

/// The view held still by `p`: what was on screen, and how many events arrived since.
public struct FrozenView: Equatable, Sendable {
    public var analysis: AnalysisState
    public var eventLog: BoundedLog<AnalysisEvent>
    public var eventsSince = 0
}

/// How to draw: chosen on the command line, fixed for the run.
public struct DisplayOptions: Equatable, Sendable {
    /// ASCII borders and marks instead of Unicode box drawing and symbols.
    public var ascii: Bool

    public init(ascii: Bool = false) {
        self.ascii = ascii
    }
}
