import Analysis
import Foundation
import OutputFormats
import Testing
import TestSupport

/// Inputs on which the `envelope-decoder` fuzz target (scripts/fuzz, which prints each decoded
/// event as `--ui plain` does) found the plain lines trapping, in Tests/Fixtures/fuzz.
@Suite("Plain lines and reports: inputs the fuzzer found")
struct OutputFormatsFuzzRegressionTests {
    /// `duration_ms` is any finite number, and `DurationText.seconds` traps converting one past
    /// Int.max seconds: one `stage_completed` stops `--ui plain`, the dashboard's stages panel
    /// and the Markdown report. Fix: clamp in `DurationText.seconds` and `clock` (e.g. to
    /// 1e15 s before converting), and drop absurd durations (negative, or past years) when
    /// decoding, with a note.
    @Test("a stage that took 1e300 ms prints as a plain line and in the report")
    func hugeDuration() async {
        await #expect(processExitsWith: .success) {
            let json = (try? String(contentsOf: fixtureURL("fuzz/envelope-decoder/duration-1e300"), encoding: .utf8)) ?? ""
            let event = AnalysisEvent.decode(json: String(json.drop { $0 != "\n" }.dropFirst()))
            _ = event.logLine
            var state = AnalysisState()
            state.reduce(event)
            _ = state.markdownReport(generatedAt: Timestamp(seconds: 0))
        }
    }

    /// A timestamp of 1e25 ms: `EventLine.clock` traps converting its seconds to an Int (and
    /// `Timestamp.text` before that, F3). Fix: as F3.
    @Test("an event with a timestamp far in the future prints as a plain line")
    func timestampFarInTheFuture() async {
        await #expect(processExitsWith: .success) {
            let json = (try? String(contentsOf: fixtureURL("fuzz/envelope-decoder/timestamp-far-future"), encoding: .utf8)) ?? ""
            _ = AnalysisEvent.decode(json: String(json.drop { $0 != "\n" }.dropFirst())).logLine
        }
    }
}
