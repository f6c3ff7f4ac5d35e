import ArgumentParser
import Feeds

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded stream: an SSE capture, JSON Lines of envelopes, or a streamtop recording.",
        discussion: "The format is detected from the content. A broken line is reported with its line number and skipped."
    )

    @Argument(help: "The recorded stream, or - for standard input.")
    var file: String

    @OptionGroup var output: OutputOptions

    func run() throws {
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
}
