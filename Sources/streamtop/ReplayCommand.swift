import Analysis
import ArgumentParser
import Dashboard
import Feeds
import Terminal

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded stream: an SSE capture, JSON Lines of envelopes, or a streamtop recording.",
        discussion: """
            The format is detected from the content. A broken line is reported with its line number \
            and skipped. In the dashboard the replay follows the recorded timing and can be paused, \
            stepped, sped up and sought (press ? for the keys). Without the dashboard it prints as \
            fast as it can, unless --speed asks for the recorded pace.
            """
    )

    @Argument(help: "The recorded stream, or - for standard input.")
    var file: String

    @Option(help: "Pace: 1 is as recorded, 4 four times faster, 0 as fast as possible (default: 1 in the dashboard, 0 otherwise).")
    var speed: Double?

    @Option(help: "Shorten any pause in the log to at most this many seconds.")
    var maxIdle: Double?

    @Flag(help: "Start again from the beginning at the end.")
    var loop = false

    @Flag(help: "Open the dashboard paused on the first event.")
    var startPaused = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var record: RecordOptions

    func validate() throws {
        if let speed, !(speed >= 0 && speed.isFinite) { throw ValidationError("--speed must be 0 or more") }
        if let maxIdle, !(maxIdle >= 0) { throw ValidationError("--max-idle must be 0 or more") }
    }

    func run() async throws {
        try record.copy(log: file)
        if output.showsDashboard {
            try await runDashboard()
        } else if let speed, speed > 0 {
            try await runTimed(speed: speed)
        } else {
            try runAtFullSpeed()
        }
    }

    private func player(speed: Double) throws -> ReplayPlayer<ContinuousClock> {
        do {
            let options = ReplayPlayer<ContinuousClock>.Options(speed: speed, maxIdle: maxIdle, loop: loop, startPaused: startPaused)
            return try ReplayPlayer(path: file, options: options, clock: ContinuousClock())
        } catch {
            throw RunFailure(error.description)
        }
    }

    private func runDashboard() async throws {
        let player = try player(speed: speed ?? 1)
        let name = file == "-" ? "stdin" : String(file.split(separator: "/").last ?? Substring(file))
        try await DashboardSession.run(
            mode: .replay(file: name), output: output,
            feed: { mailbox in await player.run { mailbox.post(Self.action(for: $0)) } },
            playback: { command in Task { await player.send(command) } }
        )
    }

    /// Headless, at the recorded pace: the player's events as lines, until the log ends.
    private func runTimed(speed: Double) async throws {
        let player = try player(speed: speed)
        let (outputs, continuation) = AsyncStream<ReplayPlayer<ContinuousClock>.Output>.makeStream()
        let playing = Task { await player.run { continuation.yield($0) } }
        var printer = StreamPrinter(options: output)
        for await update in outputs {
            switch update {
            case .events(let events):
                events.forEach { printer.show($0) }
                printer.flush()
            case .status(let status) where status.hasEnded:
                playing.cancel()
                continuation.finish()
            case .status, .restarted, .notice:
                break
            }
        }
        printer.finish()
    }

    private func runAtFullSpeed() throws {
        let reader: LogReader
        do {
            reader = try LogReader(path: file)
        } catch {
            throw RunFailure(error.description)
        }
        var printer = StreamPrinter(options: output)
        do {
            try reader.forEach { printer.show($0.event) }
        } catch {
            printer.finish()
            throw RunFailure(error.description)
        }
        printer.finish()
    }

    static func action(for output: ReplayPlayer<ContinuousClock>.Output) -> Action {
        switch output {
        case .events(let events): .events(events)
        case .restarted(let state, let recent): .restarted(state, recent: recent)
        case .status(let status): .playback(status)
        case .notice(let text): .notice(text, isError: false)
        }
    }
}
