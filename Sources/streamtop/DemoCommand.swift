import Analysis
import ArgumentParser
import Demo
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the competitive-analysis pipeline in process, with a simulated search: no server, no network.",
        discussion: """
            The same seed gives the same run. With --speed 0 nothing waits and timestamps start at a \
            fixed time, so `streamtop demo --speed 0 --summary json` prints identical bytes every time.
            """
    )

    @Option(name: .customLong("competitor"), help: "A competitor to research (repeat for several; default: four spine companies).")
    var competitors: [String] = []

    @Option(help: "What the analysis is about.")
    var focusArea = DemoOptions.defaultFocusArea

    @Option(help: "Seeds everything simulated: queries, sources, failures, timings, ids.")
    var seed = DemoOptions.defaultSeed

    @Option(help: "1 is a realistic pace (a minute or two); 4 is four times faster; 0 is as fast as possible.")
    var speed = 1.0

    @Option(help: "The chance, 0…1, that a simulated search fails, to show the error path.")
    var failRate = 0.1

    @OptionGroup var output: OutputOptions
    @OptionGroup var record: RecordOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        if competitors.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--competitor needs a name")
        }
    }

    var options: DemoOptions {
        DemoOptions(
            competitors: competitors.isEmpty ? DemoOptions.defaultCompetitors : competitors,
            focusArea: focusArea, seed: seed, speed: speed, failRate: failRate,
            startTime: speed == 0 ? DemoOptions.defaultStartTime : Timestamp(seconds: Date().timeIntervalSince1970)
        )
    }

    func run() async throws {
        try await record.recording(DemoFeed(options)) { try await output.show($0, mode: .demo, report: report.writer) }
    }
}
