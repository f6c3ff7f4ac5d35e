import Analysis
import Deployment
import Feeds

/// Everything that can happen to the dashboard, as a fact. The app reducer turns each into a
/// new state and, sometimes, effects for the runtime to carry out.
public enum Action: Sendable {
    /// Events from the feed, in order (a batch, so that a busy stream costs one wake-up).
    case events([AnalysisEvent])
    case key(Key)
    /// Only while the app captures the mouse (``TerminalApp/capturesMouse``).
    case mouse(MouseEvent)
    case resized(Size)
    /// The wall clock, in seconds since 1970, about once a second: clocks and ages move.
    case tick(now: Double)
    case connection(ConnectionStatus)
    case playback(PlaybackStatus)
    /// A replay moved to another point: the state there, and the events just before it. Boxed,
    /// so that every action is not the size of a whole state. (Held inline, it also crashed a
    /// full-speed dashboard replay with a state whose logs are held in blocks: the action read
    /// as `.events` had no valid array in it. Swift 6.3.1; not reduced to a compiler report.)
    indirect case restarted(AnalysisState, recent: [AnalysisEvent])
    /// The graph the run follows, as the feed knows it.
    case pipeline(PipelineShape)
    /// The runtime carried out an effect and reports how it went (a report was written…).
    case notice(String, isError: Bool)
    /// What a watched deployment said (`streamtop runs`).
    case deployment(DeploymentEvent)
    /// An action for the dashboard opened on one of the deployment's threads; `session` tells
    /// it from one opened before (whose last actions may still be on their way).
    indirect case thread(session: Int, Action)
}

/// What the runtime is asked to do; plain data, so that tests can check it.
public enum Effect: Equatable, Sendable {
    case quit
    /// Write this Markdown report; the runtime picks the path and says where with a notice.
    case exportReport(markdown: String)
    /// Pass this to the feed: a replay's player control, or a new analysis after a live
    /// stream broke off unresumably.
    case feed(FeedCommand)
    /// Pass this to the watched deployment (`streamtop runs`).
    case deployment(DeploymentCommand)
    /// Show the run `run` of `thread` in a dashboard, as `session`: its feed's actions come
    /// back as ``Action/thread(session:_:)``.
    case openThread(session: Int, thread: String, run: String)
    /// The dashboard of `session` was closed: stop its feed.
    case closeThread(session: Int)
    /// Esc in a dashboard opened from a list, with nothing left to close: back to the list.
    case leave
    /// Put this (sanitised) text on the terminal's clipboard, where the terminal takes OSC 52;
    /// the runtime says how it went with a notice.
    case copy(String)
}
