import Analysis
@testable import Dashboard
import Foundation
import Testing
import TestSupport

/// Whole screens drawn into the in-memory grid, compared as text with reviewed goldens in
/// Tests/Fixtures/screens. STREAMTOP_UPDATE_GOLDENS=1 writes them anew after a deliberate change.
@Suite("Screen goldens")
struct ScreenGoldenTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60), Size(width: 30, height: 8)]

    @Test("empty, busy and finished states at every size", arguments: sizes)
    func screens(size: Size) throws {
        for (name, app) in [("empty", TestStates.empty(size)), ("busy", TestStates.busy(size)), ("finished", TestStates.finished(size))] {
            try compare(app, size: size, with: name)
        }
    }

    /// A run on a LangGraph Server: stages from its tasks, the model's output, the thread and run
    /// in the header; and a run waiting at an interrupt, what it asks in the header and the
    /// answer being typed in the footer.
    @Test("LangGraph runs, ended and waiting for an answer", arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func langGraph(size: Size) throws {
        try compare(TestStates.langGraph(size), size: size, with: "langgraph")
        var waiting = TestStates.waitingForAnswer(size)
        for key in [Key.character("a")] + "yes, publish".map(Key.character) { _ = waiting.send(.key(key)) }
        try compare(waiting, size: size, with: "langgraph-answer")
    }

    /// Issue 15's views over each kind of run: the dashboard itself for a four-competitor run
    /// with a failure (at 80×24 the compact layout, every competitor and stage in sight), and
    /// for every run a competitor's details (Enter), the timeline (`t`) and the pipeline (`v`).
    @Test("details, timeline and pipeline over empty, busy, finished and failing runs", arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func views(size: Size) throws {
        let failing = TestStates.app(.demo, events: Self.fourCompetitorsFailing(), size: size)
        try compare(failing, size: size, with: "failing")
        let runs = [("empty", TestStates.empty(size)), ("busy", TestStates.busy(size)), ("finished", TestStates.finished(size)), ("failing", failing)]
        for (name, run) in runs {
            for (view, key) in [("details", Key.enter), ("timeline", .character("t")), ("pipeline", .character("v"))] {
                var app = run
                _ = app.send(.key(key))
                try compare(app, size: size, with: "\(name)-\(view)")
            }
        }
    }

    /// Four competitors, ten stage runs a second apart, one research failing, the report begun.
    static func fourCompetitorsFailing() -> [AnalysisEvent] {
        compactRunEvents().enumerated().map { number, event in
            var event = event
            event.timestamp = Timestamp(seconds: testNow + Double(number))
            return event
        }
    }

    private func compare(_ app: DashboardApp, size: Size, with name: String) throws {
        let screen = app.render(size).lines.joined(separator: "\n") + "\n"
        let path = fixturePath("screens/\(name)-\(size.width)x\(size.height).txt")
        if ProcessInfo.processInfo.environment["STREAMTOP_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try screen.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(screen == (try String(contentsOfFile: path, encoding: .utf8)), "\(name) at \(size.width)×\(size.height)")
    }
}
