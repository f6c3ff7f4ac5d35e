import Deployment

/// Everything the list of a deployment's threads shows (`streamtop runs`): the page as the
/// last refresh gave it, and the view's own state (selection, scrolling, the text filter,
/// what is being typed, overlays, clocks).
public struct RunsState: Equatable, Sendable {
    /// Where typing goes.
    public enum Input: Equatable, Sendable {
        case keys
        /// `/`: the text filter.
        case filter
        /// `a`: the answer to the selected thread's interrupt.
        case answer(thread: String)
        /// `n`, first the assistant to run, then its input as JSON.
        case newAssistant
        case newInput(assistant: String)
    }

    /// The last refresh failed: why, and since when the rows shown are old.
    public struct Staleness: Equatable, Sendable {
        public var reason: String
        public var since: Double
    }

    /// `c` was pressed once on a thread whose run goes: a second `c` before `until` cancels it.
    public struct CancelConfirmation: Equatable, Sendable {
        public var thread: String
        public var run: String
        public var until: Double
    }

    /// Where the selection goes when the page asked for arrives.
    enum Landing: Equatable, Sendable {
        case first, last
    }

    public var host: String
    public var options: DisplayOptions
    /// What was last asked of the deployment; the snapshot may still answer an older query.
    public var query: DeploymentQuery
    public var snapshot: DeploymentSnapshot?
    public var stale: Staleness?
    /// The rows after the text filter, in the page's order: what the table shows.
    public internal(set) var rows: [ThreadRow] = []
    public var filter = ""
    public var input: Input = .keys
    /// The answer, assistant or input being typed.
    public var typed = ""
    /// The selected row, by thread (kept across refreshes), and its index in ``rows``.
    public internal(set) var selectedThread: String?
    public internal(set) var selection = 0
    /// The first row drawn.
    public internal(set) var offset = 0
    /// The rows on screen, as last told to the deployment (their details are asked for).
    public internal(set) var showing: [String] = []
    var landing: Landing?
    public var cancelConfirmation: CancelConfirmation?
    public var notice: AppState.Notice?
    public var showHelp = false
    /// Followed streams' threads; `--follow`.
    public var follows: Bool
    public var size = Size(width: 80, height: 24)
    public var startedAt: Double
    public var now: Double
    /// Dashboards opened so far: the next is `sessions + 1`.
    public internal(set) var sessions = 0
    /// Bumped when, and only when, something on screen changes.
    public var version = 0

    public init(host: String, query: DeploymentQuery, follows: Bool = false, options: DisplayOptions = DisplayOptions(), now: Double) {
        self.host = host
        self.query = query
        self.follows = follows
        self.options = options
        startedAt = now
        self.now = now
    }

    public var selectedRow: ThreadRow? {
        rows.indices.contains(selection) ? rows[selection] : nil
    }

    /// Rows the table has room for at the current size.
    var tableHeight: Int { max(0, size.height - RunsView.chromeHeight) }
}
