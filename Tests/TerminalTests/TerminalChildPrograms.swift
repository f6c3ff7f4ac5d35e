import Analysis
import Dashboard
import Foundation
import Synchronization
@testable import Terminal
import Testing

/// Programs that need a real terminal, which the end-to-end tests (Tests/E2ETests) start
/// inside tmux by running this test binary with `--filter TerminalChildPrograms/<name>` and
/// `STREAMTOP_TERMINAL_CHILD=<name>`. Under a plain `swift test` they are skipped: there is no
/// terminal to take over, and one of them crashes on purpose.
@Suite("programs the end-to-end tests run in a terminal")
struct TerminalChildPrograms {
    static let requested = ProcessInfo.processInfo.environment["STREAMTOP_TERMINAL_CHILD"]

    /// The runner and the real app under a synthetic feed of `STREAMTOP_CHILD_EVENTS_PER_SECOND`
    /// heartbeats; prints how it ended, and what happened to the events, when `q` quits it.
    @Test(.enabled(if: requested == "dashboard"))
    func dashboard() throws {
        let mailbox = try ActionMailbox()
        let rate = Int(ProcessInfo.processInfo.environment["STREAMTOP_CHILD_EVENTS_PER_SECOND"] ?? "") ?? 0
        let feed = SyntheticFeed(eventsPerSecond: rate, mailbox: mailbox)
        let run = try TerminalLoop().run(Self.app, mailbox: mailbox) { _ in }
        let posted = feed.stop()
        // What the feed posted after the loop ended is still in the mailbox: nothing may be lost.
        let unreduced = mailbox.take().actions.reduce(0) { count, action in
            if case .events(let events) = action { count + events.count } else { count }
        }
        print("child ending=\(run.ending) reduced=\(run.app.state.analysis.eventCounts.total) unreduced=\(unreduced) posted=\(posted)")
    }

    /// The runner with an effect handler that throws: the error must end the run, with the
    /// terminal restored, and reach the caller (Swift Testing prints it).
    @Test(.enabled(if: requested == "throwingEffect"))
    func throwingEffect() throws {
        _ = try TerminalLoop().run(Self.app, mailbox: ActionMailbox()) { effect in
            throw RefusedEffect(effect: effect)
        }
    }

    static var app: DashboardApp {
        DashboardApp(state: AppState(mode: .demo, now: Date().timeIntervalSince1970))
    }

    /// Takes over the terminal, draws a line, and dies of a fatalError when `x` is pressed:
    /// the crash hook must give the terminal back.
    @Test(.enabled(if: requested == "crash"))
    func crash() throws {
        let session = try TerminalSession(noColor: false)
        var painter = ScreenPainter(window: session.window, palette: session.palette)
        var grid = Grid(size: session.size)
        grid.write("crash child: press x to crash", x: 0, y: 0)
        painter.paint(grid, screen: session.size)
        while !KeyboardInput.pendingActions(from: session).contains(where: { if case .key(.character("x")) = $0 { true } else { false } }) {
            var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            _ = poll(&input, 1, -1)
        }
        fatalError("deliberate crash: the crash hook must restore the terminal")
    }
}

private struct RefusedEffect: Error, CustomStringConvertible {
    var effect: Effect
    var description: String { "the child program refused the effect \(effect)" }
}

/// Posts heartbeats to a mailbox from its own thread, in batches every 10 ms, as a busy feed
/// would; `stop()` ends it and says how many it posted.
private final class SyntheticFeed: Sendable {
    private let stopped = Mutex(false)
    private let posted = Mutex(0)
    private let finished = DispatchSemaphore(value: 0)

    init(eventsPerSecond: Int, mailbox: ActionMailbox) {
        let batch = Array(repeating: AnalysisEvent(.heartbeat), count: eventsPerSecond / 100)
        Thread.detachNewThread { [self] in
            defer { finished.signal() }
            guard !batch.isEmpty else { return }
            let start = Date()
            var batches = 0
            while !stopped.withLock({ $0 }) {
                mailbox.post(.events(batch))
                batches += 1
                posted.withLock { $0 += batch.count }
                let due = start.addingTimeInterval(Double(batches) / 100)
                if due > Date() { Thread.sleep(until: due) }
            }
        }
    }

    func stop() -> Int {
        stopped.withLock { $0 = true }
        finished.wait()
        return posted.withLock { $0 }
    }
}
