#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Feeds
import Synchronization
import Terminal

/// A feed shown without a terminal UI: its events through a printer on standard output, and,
/// for a live source, its connection states and notices as `streamtop: …` lines on standard
/// error. Output is written as each element arrives; while standard output blocks (a slow
/// pipe), no further element is pulled, so the feed waits too.
///
/// SIGINT, SIGTERM or SIGHUP stop the feed: what was received so far is still printed (a
/// summary says `"incomplete": true`; `--report` writes its file), and the program exits with
/// 128 + the signal.
struct PlainFace {
    var printer: any EventPrinter
    /// Where connection states go; nil for sources without a connection.
    var report: StatusReport?
    /// `--report`: follows the feed, and writes the final state's report once it is over.
    var finalReport: ReportWriter?

    /// How long a stopped feed may take to print what it has before the program exits anyway.
    static let graceOnSignal = 2.0

    /// Shows the feed to its end; throws when it failed or broke off.
    func show(_ feed: any Feed) async throws {
        let (printer, report, finalReport) = (printer, report, finalReport)
        let showing = Task { await Self.consume(feed, printer: printer, report: report, finalReport: finalReport) }
        let stoppedBy = Mutex<Int32?>(nil)
        let signals = TerminationSignals { signal in
            stoppedBy.withLock { $0 = $0 ?? signal }
            showing.cancel()
            // A write to a reader that stopped reading cannot be cancelled: do not wait on it.
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.graceOnSignal) { exit(128 + signal) }
        }
        let (shown, end, followed) = await showing.value
        signals.restore()
        if let signal = stoppedBy.withLock({ $0 }) {
            shown.finish(incomplete: true)
            StandardOutput.shared.flush()
            if case .failure(let failure) = Self.write(followed) { StandardError.write("streamtop: \(failure)\n") }
            StandardError.write("streamtop: stopped by signal \(signal) before the stream ended\n")
            exit(128 + signal)
        }
        shown.finish(incomplete: false)
        StandardOutput.shared.flush()
        let written = Self.write(followed)
        if case .failure(let failure) = written, end != .finished {
            // The feed's failure is the one the command ends with; this one is not lost.
            StandardError.write("streamtop: \(failure)\n")
        }
        switch end {
        case .finished: try written.get()
        case .failed(let reason): throw RunFailure(reason)
        case .interrupted(let reason):
            throw RunFailure(reason + " — run again to start a new analysis, or pass --restart to do so automatically")
        }
    }

    /// Pulls the feed to its end (or until the task is cancelled), printing as it goes.
    private static func consume(
        _ feed: any Feed, printer: any EventPrinter, report: StatusReport?, finalReport: ReportWriter?
    ) async -> (any EventPrinter, FeedEnd, ReportWriter?) {
        var printer = printer
        var report = report
        var finalReport = finalReport
        var end = FeedEnd.finished
        for await element in feed.elements() {
            finalReport?.take(element)
            switch element {
            case .items(let items):
                printer.print(items)
                StandardOutput.shared.flush()
            case .connection(let status):
                report?.show(status)
                printer.show(status)
            case .notice(let text, _):
                report?.note(text)
            case .end(let ending):
                end = ending
            case .playback, .snapshot, .pipeline:
                break
            }
            if Task.isCancelled { break }
        }
        return (printer, end, finalReport)
    }

    private static func write(_ finalReport: ReportWriter?) -> Result<Void, RunFailure> {
        Result { () throws(RunFailure) in try finalReport?.write() }
    }
}
