import Dashboard
#if canImport(Glibc)
import Glibc
#endif

/// Runs a ``TerminalApp`` (the dashboard, the list of a deployment's runs) in the terminal:
/// keys, resizes, ticks and whatever is posted to the mailbox go to the app in order, and its
/// frames go to the screen.
///
/// The loop owns curses on the calling thread and sleeps in `poll` on the terminal and the
/// mailbox's wake pipe until the next due thing: a key, a post, a resize, the next frame
/// allowed or the next once-a-second tick. Every action reaches the app; frames are coalesced
/// to at most `fps` a second and drawn only when `app.frame` (or the screen size) changed.
public struct TerminalLoop {
    /// How a run of the loop ended.
    public enum Ending: Equatable, Sendable {
        /// The app asked to quit (q, Ctrl-C).
        case quit
        /// A termination signal (SIGINT, SIGTERM, SIGHUP) arrived; exit with 128 + signal.
        case signal(Int32)
        /// The terminal went away (its input hung up).
        case terminalLost
    }

    /// How a run of the loop ended, and the app as it was then (for a summary, a report).
    public struct Outcome<App: TerminalApp>: Sendable {
        public var app: App
        public var ending: Ending
    }

    public var fps: Int
    public var noColor: Bool

    /// - Parameters:
    ///   - fps: the most frames a second (brought into ``FrameRate/range``).
    ///   - noColor: draw with attributes only (`--no-color`; `NO_COLOR` is honoured anyway).
    public init(fps: Int = FrameRate.standard, noColor: Bool = false) {
        self.fps = fps
        self.noColor = noColor
    }

    /// Takes over the terminal until the app returns `.quit`, a termination signal arrives or
    /// the terminal goes away; the terminal is restored before this returns or throws.
    ///
    /// Call it from a thread that may block (the main thread of a synchronous command), not
    /// from a task on the cooperative pool. Standard error is held back while it runs and
    /// printed when it returns.
    ///
    /// - Parameter handle: carries out every effect but `.quit`, on this thread; it may post
    ///   the outcome back to the mailbox. An error it throws ends the run and is rethrown.
    /// - Throws: ``TerminalError`` when the terminal cannot be used (nothing was drawn then).
    public func run<App: TerminalApp>(_ app: App, mailbox: ActionMailbox, handle: (Effect) throws -> Void) throws -> Outcome<App> {
        let signals = TerminationSignals { signal in mailbox.requestStop(signal: signal) }
        defer { signals.restore() }
        let session = try TerminalSession(noColor: noColor)
        defer { session.close() }
        ResizeSignal.forward(to: mailbox.wakePipe)
        defer { ResizeSignal.restore() }
        var loop = LoopState(app: app, session: session, fps: fps)
        let ending = try loop.run(mailbox: mailbox, handle: handle)
        return Outcome(app: loop.app, ending: ending)
    }
}

/// The loop's state between wake-ups.
private struct LoopState<App: TerminalApp> {
    var app: App
    let session: TerminalSession
    var painter: ScreenPainter
    var schedule: FrameSchedule
    /// What is on screen: the app's frame and the screen size it was drawn for.
    var shown: (frame: Int, size: Size)?

    init(app: App, session: TerminalSession, fps: Int) {
        self.app = app
        self.session = session
        painter = ScreenPainter(window: session.window, palette: session.palette)
        schedule = FrameSchedule(fps: fps, startingAt: LoopClock.monotonic)
    }

    mutating func run(mailbox: ActionMailbox, handle: (Effect) throws -> Void) throws -> TerminalLoop.Ending {
        if try send(.resized(session.size), handle: handle) { return .quit }
        while true {
            // Keys first, and all of them, so that a flooded mailbox never delays an answer.
            for action in KeyboardInput.pendingActions(from: session) {
                if try send(action, handle: handle) { return .quit }
            }
            let delivery = mailbox.take()
            if let signal = delivery.stopSignal { return .signal(signal) }
            for action in delivery.actions {
                if try send(action, handle: handle) { return .quit }
            }
            var now = LoopClock.monotonic
            if schedule.tickIsDue(now: now) {
                schedule.ticked(at: now)
                if try send(.tick(now: LoopClock.wall), handle: handle) { return .quit }
            }
            let size = session.size
            var changed = shown.map { $0.frame != app.frame || $0.size != size } ?? true
            if schedule.shouldDraw(changed: changed, now: now) {
                painter.paint(app.render(size), screen: size)
                schedule.drew(at: now)
                shown = (app.frame, size)
                changed = false
            }
            now = LoopClock.monotonic
            if !waitForInput(mailbox: mailbox, seconds: schedule.sleep(changed: changed, now: now)) { return .terminalLost }
        }
    }

    /// Sends one action to the app and carries out its effects; true when it asked to quit.
    private mutating func send(_ action: Action, handle: (Effect) throws -> Void) throws -> Bool {
        for effect in app.send(action) {
            if effect == .quit { return true }
            try handle(effect)
        }
        session.captureMouse(app.capturesMouse)
        return false
    }

    /// Sleeps until the terminal has input, the mailbox is woken or `seconds` pass; false when
    /// the terminal hung up (without a SIGHUP, polling it again would spin).
    private func waitForInput(mailbox: ActionMailbox, seconds: Double) -> Bool {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: mailbox.wakePipe.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        // Rounded up: waking a hair early would find nothing due and poll again with 0.
        let milliseconds = Int32(min((seconds * 1000).rounded(.up), Double(Int32.max)))
        guard poll(&fds, 2, milliseconds) > 0 else { return true }
        return fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) == 0
    }
}
