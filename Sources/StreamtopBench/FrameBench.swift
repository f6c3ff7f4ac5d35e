import Analysis
import Dashboard
import EventStream
import Foundation

/// Time to lay out and draw one frame of a busy state into the in-memory grid.
enum FrameBench {
    static func run(path: String) throws -> [BenchRow] {
        var app = DashboardApp(state: AppState(mode: .replay(file: "bench"), now: 1_800_000_000))
        let reader = try LogReaderBatch(path: path, limit: 50_000)
        _ = app.send(.events(reader.events))
        _ = app.send(.key(.character("l")))
        _ = app.send(.tick(now: 1_800_000_083))
        return frames(app) + [try timeline(path: path)]
    }

    /// The timeline zoomed at 200×60, over the first 10,000 events of the log.
    private static func timeline(path: String) throws -> BenchRow {
        var app = DashboardApp(state: AppState(mode: .replay(file: "bench"), now: 1_800_000_000))
        _ = app.send(.events(try LogReaderBatch(path: path, limit: 10_000).events))
        _ = app.send(.resized(Size(width: 200, height: 60)))
        _ = app.send(.key(.character("t")))
        _ = app.send(.tick(now: 1_800_000_083))
        return measure(app, at: Size(width: 200, height: 60), name: "frame: the timeline of a 10,000-event run zoomed at 200×60")
    }

    private static func frames(_ app: DashboardApp) -> [BenchRow] {
        var app = app
        return [Size(width: 80, height: 24), Size(width: 200, height: 60)].map { size in
            _ = app.send(.resized(size))
            return measure(app, at: size, name: "frame: busy state drawn at \(size.width)×\(size.height)")
        }
    }

    /// Microseconds a frame of `app` takes to draw at `size`, over 500 frames.
    private static func measure(_ app: DashboardApp, at size: Size, name: String) -> BenchRow {
        let frames = 500
        let start = ContinuousClock.now
        var cells = 0
        for _ in 0..<frames { cells += app.render(size).cells.count }
        let elapsed = ContinuousClock.now - start
        let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(frames)
        precondition(cells == frames * size.width * size.height)
        return BenchRow(name: name, value: String(format: "%.0f µs", micros), target: size.width == 200 ? "< 1000 µs" : "—")
    }
}

/// The first events of a log, decoded.
struct LogReaderBatch {
    var events: [AnalysisEvent] = []

    init(path: String, limit: Int) throws {
        var parser = SSEParser()
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        while events.count < limit, let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            for parsed in parser.feed(data) {
                if case .event(let event, let line) = parsed, events.count < limit { events.append(.decode(event, line: line)) }
            }
        }
    }
}
