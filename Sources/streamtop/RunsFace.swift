import Dashboard
import Deployment
import Feeds
import Foundation
import Live
import Terminal

/// `streamtop runs` in the terminal: the deployment's events are pulled by a task that posts
/// them to the mailbox while this thread owns the terminal; Enter opens a dashboard on a
/// thread's run, whose feed is pulled by a task of its own until Esc closes it.
struct RunsFace {
    let output: OutputOptions

    /// The feed of the dashboard opened from the list, and the task that pulls it.
    private final class OpenedFeed {
        let session: Int
        let feed: LangGraphFeed
        let pulling: Task<Void, Never>

        init(session: Int, feed: LangGraphFeed, pulling: Task<Void, Never>) {
            self.session = session
            self.feed = feed
            self.pulling = pulling
        }
    }

    func show(_ watch: DeploymentWatch) async throws {
        try await MainActor.run { try showOnMain(watch) }
    }

    @MainActor
    private func showOnMain(_ watch: DeploymentWatch) throws {
        let mailbox = try DashboardFace.uiMailbox()
        let watching = Task.detached {
            for await event in watch.events() { await mailbox.send(.deployment(event)) }
        }
        defer { watching.cancel() }
        var opened: OpenedFeed?
        defer { opened?.pulling.cancel() }
        let options = watch.options
        let list = RunsState(
            host: options.server.url.host ?? "", query: options.query, follows: options.maxFollow > 0, options: output.display,
            now: Date().timeIntervalSince1970)
        let outcome: TerminalLoop.Outcome<RunsApp>
        do {
            outcome = try TerminalLoop(fps: output.fps, noColor: output.noColor).run(RunsApp(list: list, opensWithMouse: output.mouse), mailbox: mailbox) { effect in
                switch effect {
                case .deployment(let command):
                    watch.send(command)
                case .openThread(let session, let thread, let run):
                    opened?.pulling.cancel()
                    var langGraph = options.langGraph(.inspect(thread: thread, run: run))
                    langGraph.waitsForAnswers = true
                    let feed = LangGraphFeed(langGraph)
                    let pulling = DashboardFace.pull(feed, into: mailbox) { .thread(session: session, $0) }
                    opened = OpenedFeed(session: session, feed: feed, pulling: pulling)
                case .closeThread(let session):
                    guard opened?.session == session else { return }
                    opened?.pulling.cancel()
                    opened = nil
                case .feed(let command):
                    opened?.feed.send(command)
                case .exportReport(let markdown):
                    guard let session = opened?.session else { return }
                    mailbox.post(.thread(session: session, DashboardFace.export(markdown)))
                case .copy(let text):
                    guard let session = opened?.session else { return }
                    mailbox.post(.thread(session: session, Clipboard.copy(text)))
                case .quit, .leave:
                    break
                }
            }
        } catch let error as TerminalError {
            throw RunFailure("cannot draw the dashboard here (\(error)); try --ui json")
        }
        if case .signal(let signal) = outcome.ending { exit(128 + signal) }
    }
}
