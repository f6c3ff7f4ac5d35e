import Analysis
import Deployment
import Foundation
import Live
import OutputFormats
import Terminal

/// `streamtop runs` without the dashboard: each refresh's threads that changed, as JSON lines
/// or plain lines, until a signal; or, for `--summary json`, the first page as one document.
/// Refresh failures go to standard error, once each until the server answers again.
struct RunsPrinter {
    enum Format {
        case summary, json, plain
    }

    let format: Format

    func show(_ watch: DeploymentWatch) async throws {
        let signals = TerminationSignals { signal in
            StandardOutput.shared.flush()
            exit(128 + signal)
        }
        defer { signals.restore() }
        // What was printed of each thread on the page: a thread is printed again when it changes.
        var printed: [String: ThreadRow] = [:]
        var failing: String?
        for await event in watch.events() {
            switch event {
            case .refreshed(let snapshot):
                if format == .summary {
                    StandardOutput.shared.line(snapshot.document.serialized(pretty: true))
                    StandardOutput.shared.flush()
                    return
                }
                if failing != nil {
                    StandardError.write("streamtop: the server answers again\n")
                    failing = nil
                }
                for row in snapshot.rows where printed[row.threadID] != row { print(row) }
                printed = Dictionary(snapshot.rows.map { ($0.threadID, $0) }, uniquingKeysWith: { first, _ in first })
            case .progressed(let thread, let progress):
                guard var row = printed[thread], row.progress != progress else { continue }
                row.progress = progress
                printed[thread] = row
                print(row)
            case .refreshFailed(let reason, _):
                if format == .summary { throw RunFailure(reason) }
                if failing != reason { StandardError.write("streamtop: refresh failed: \(TextSanitizer.clean(reason)); the rows printed last stand\n") }
                failing = reason
            case .acted(let text, _):
                StandardError.write("streamtop: \(TextSanitizer.clean(text))\n")
            case .unfollowed:
                break
            }
        }
    }

    private func print(_ row: ThreadRow) {
        switch format {
        case .json: StandardOutput.shared.line(row.document.serialized())
        case .plain: StandardOutput.shared.line(row.plainLine(now: Date().timeIntervalSince1970))
        case .summary: return
        }
        StandardOutput.shared.flush()
    }
}
