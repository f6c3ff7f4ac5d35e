import Feeds

/// A feed shown without a terminal UI: its events through a printer on standard output, and,
/// for a live source, its connection states and notices as `streamtop: …` lines on standard
/// error. Output is written as each element arrives; while standard output blocks (a slow
/// pipe), no further element is pulled, so the feed waits too.
struct PlainFace {
    var printer: any EventPrinter
    /// Where connection states go; nil for sources without a connection.
    var report: StatusReport?

    /// Shows the feed to its end; throws when it failed or broke off.
    func show(_ feed: any Feed) async throws {
        var printer = printer
        var report = report
        var end = FeedEnd.finished
        for await element in feed.elements() {
            switch element {
            case .items(let items):
                printer.print(items)
                StandardOutput.shared.flush()
            case .connection(let status):
                report?.show(status)
            case .notice(let text, _):
                report?.note(text)
            case .end(let ending):
                end = ending
            case .playback, .snapshot:
                break
            }
        }
        printer.finish()
        StandardOutput.shared.flush()
        switch end {
        case .finished: return
        case .failed(let reason): throw RunFailure(reason)
        case .interrupted(let reason):
            throw RunFailure(reason + " — run again to start a new analysis, or pass --restart to do so automatically")
        }
    }
}
