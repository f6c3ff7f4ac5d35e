import ArgumentParser
import Feeds
import Replay

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
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let speed, !(speed >= 0 && speed.isFinite) { throw ValidationError("--speed must be 0 or more") }
        if let maxIdle, !(maxIdle >= 0) { throw ValidationError("--max-idle must be 0 or more") }
    }

    func run() async throws {
        try await record.copy(log: file)
        let name = file == "-" ? "stdin" : String(file.split(separator: "/").last ?? Substring(file))
        try await output.show(try feed(), mode: .replay(file: name), report: report.writer)
    }

    /// The player for the dashboard and for a paced replay; otherwise the log read straight
    /// through, as fast as it can be shown.
    private func feed() throws -> any Feed {
        guard output.showsDashboard || (speed ?? 0) > 0 else { return try LogFeed.open(file) }
        let options = ReplayPlayer<ContinuousClock>.Options(
            speed: speed ?? 1, maxIdle: maxIdle, loop: loop, startPaused: startPaused, holdsAtEnd: output.showsDashboard
        )
        do {
            return try ReplayFeed(path: file, options: options)
        } catch {
            throw RunFailure(error.description)
        }
    }
}
