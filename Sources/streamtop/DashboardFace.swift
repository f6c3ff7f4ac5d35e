import Dashboard
import Feeds
import Foundation
import JSON
import Terminal

/// A feed shown in the dashboard: the feed is pulled by a task that posts each element, as an
/// action, to the mailbox, while this thread owns the terminal; effects the dashboard asks for
/// are carried out here, and commands go back to the feed in the order they were given.
struct DashboardFace {
    let mode: AppState.Mode
    let output: OutputOptions
    /// `--report`: written from the state the dashboard ends with.
    var report: ReportWriter?

    /// Blocks until the user quits. A termination signal ends the program with 128 + signal,
    /// after the terminal is restored. It runs on the main thread, which curses then owns,
    /// so that blocking it never starves the tasks that feed it.
    @MainActor
    func show(_ feed: any Feed) throws {
        let mailbox = try Self.uiMailbox()
        let pulling = Self.pull(feed, into: mailbox)
        defer { pulling.cancel() }
        var state = AppState(mode: mode, options: output.display, now: Date().timeIntervalSince1970)
        state.capturesMouse = output.mouse
        let app = DashboardApp(state: state)
        let outcome: TerminalLoop.Outcome<DashboardApp>
        do {
            outcome = try TerminalLoop(fps: output.fps, noColor: output.noColor).run(app, mailbox: mailbox) { effect in
                switch effect {
                case .exportReport(let markdown): mailbox.post(Self.export(markdown))
                case .feed(let command): feed.send(command)
                case .copy(let text): mailbox.post(Clipboard.copy(text))
                case .quit, .leave, .deployment, .openThread, .closeThread: break
                }
            }
        } catch let error as TerminalError {
            throw RunFailure("cannot draw the dashboard here (\(error)); try --ui plain")
        }
        // The terminal is restored by now, so the line saying where the report went stays readable.
        let written = Result { () throws(RunFailure) in try report?.write(outcome.app.state.analysis, pipeline: outcome.app.state.pipeline) }
        if case .signal(let signal) = outcome.ending {
            if case .failure(let failure) = written { StandardError.write("streamtop: \(failure)\n") }
            exit(128 + signal)
        }
        try written.get()
    }

    /// The mailbox of the UI thread, which this is, named so that profilers and scripts/bench
    /// can tell it from the feeds' threads.
    @MainActor
    static func uiMailbox() throws -> ActionMailbox {
        let mailbox: ActionMailbox
        do {
            mailbox = try ActionMailbox()
        } catch {
            throw RunFailure("cannot start the dashboard: \(error)")
        }
        Thread.current.name = "streamtop-ui"
        return mailbox
    }

    /// A task that pulls the feed and hands each element to the mailbox as an action, wrapped
    /// by `wrap` (a dashboard opened from a list tags its actions with its session).
    static func pull(_ feed: any Feed, into mailbox: ActionMailbox, wrap: @escaping @Sendable (Action) -> Action = { $0 }) -> Task<Void, Never> {
        Task.detached {
            let cache = StringCache()
            for await element in feed.elements() {
                if let action = Action(element, cache: cache) { await mailbox.send(wrap(action)) }
            }
        }
    }

    /// Writes the report beside the user, never over an existing file, and says where.
    static func export(_ markdown: String) -> Action {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacing(":", with: "")
        let directory = FileManager.default.currentDirectoryPath
        var path = "\(directory)/streamtop-report-\(stamp).md"
        var copy = 1
        while FileManager.default.fileExists(atPath: path) {
            copy += 1
            path = "\(directory)/streamtop-report-\(stamp)-\(copy).md"
        }
        do {
            try markdown.write(toFile: path, atomically: true, encoding: .utf8)
            return .notice("Report written to \(path)", isError: false)
        } catch {
            return .notice("Could not write the report: \(error.localizedDescription)", isError: true)
        }
    }
}
