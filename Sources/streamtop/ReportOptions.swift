import ArgumentParser
import Foundation

/// `--report FILE`, shared by the commands that show a run (demo, replay, connect): the run's
/// final state written as a report when it is over, for unattended use.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        When the run ends (or the dashboard is left, or a signal stops it), write its report to FILE: \
        one self-contained HTML page for a name ending in .html, else Markdown with Mermaid charts.
        """, valueName: "file"))
    var report: String?

    /// A report that could never be written is refused before the run, not after it.
    func validate() throws {
        guard let report else { return }
        let directory = (report as NSString).deletingLastPathComponent
        let place = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: report, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--report \(report) is a directory; name the file to write")
        }
        guard FileManager.default.fileExists(atPath: place, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--report cannot write \(report): there is no directory \(place)")
        }
        guard FileManager.default.isWritableFile(atPath: place) else {
            throw ValidationError("--report cannot write \(report): the directory \(place) is not writable")
        }
    }

    /// What follows the run for the report; nil when none is asked for.
    var writer: ReportWriter? {
        report.map { ReportWriter(path: $0) }
    }
}
