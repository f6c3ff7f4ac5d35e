import Analysis
import Dashboard
import Deployment
import Foundation
import Live

/// `streamtop runs`: the list's frame with a page of 1,000 threads, and, against a LangGraph
/// Server holding 1,000 threads, the requests and time a refresh takes.
enum RunsBench {
    static let threads = 1_000

    static func frames() -> [BenchRow] {
        var app = RunsApp(list: RunsState(host: "127.0.0.1", query: DeploymentQuery(limit: threads), now: 1_800_000_000))
        let rows = (0..<threads).map(row)
        let snapshot = DeploymentSnapshot(
            query: DeploymentQuery(limit: threads), rows: rows, deployment: [.idle: 600, .busy: 300, .interrupted: 80, .error: 20],
            matching: threads, fetchedAt: 1_800_000_000, requests: 5)
        // Two refreshes that differ in one thread, alternately: each is a change to reduce.
        var moved = snapshot
        moved.rows[500].status = .error
        _ = app.send(.resized(Size(width: 200, height: 60)))
        var flip = false
        let refresh = measure(times: 200) {
            flip.toggle()
            _ = app.send(.deployment(.refreshed(flip ? moved : snapshot)))
        }
        _ = app.send(.key(.character("G")))
        let frame = measure(times: 500) { _ = app.render(Size(width: 200, height: 60)) }
        return [
            BenchRow(name: "runs: list frame, 1,000 threads at 200×60", value: String(format: "%.0f µs", frame), target: "< 1000 µs"),
            BenchRow(name: "runs: a refresh of 1,000 threads (one moved) reduced", value: String(format: "%.0f µs", refresh), target: "—"),
        ]
    }

    /// A refresh against `url`: the first (the page alone), the first screen's details, and
    /// a refresh when nothing moved.
    static func requests(url: String) async throws -> [BenchRow] {
        var options = DeploymentOptions(server: try StreamRequest(url: url), query: DeploymentQuery(limit: threads))
        options.refresh = .milliseconds(200)
        let watch = DeploymentWatch(options)
        var refreshes: [(requests: Int, rows: Int)] = []
        var times: [Double] = []
        var asked = ContinuousClock.now
        for await event in watch.events() {
            guard case .refreshed(let snapshot) = event else {
                if case .refreshFailed(let reason, _) = event { fatalError("runs bench: \(reason)") }
                continue
            }
            let took = ContinuousClock.now - asked
            times.append(Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15)
            refreshes.append((snapshot.requests, snapshot.rows.count))
            // A screen of 200×60 shows 56 rows.
            if refreshes.count == 1 { watch.send(.showing(snapshot.rows.prefix(56).map(\.threadID))) }
            if refreshes.count == 3 { break }
            asked = ContinuousClock.now
        }
        return [
            BenchRow(
                name: "runs: requests per refresh, 1,000 threads (page / +56 rows shown / steady)",
                value: refreshes.map { "\($0.requests)" }.joined(separator: " / "), target: "steady: 1 search + 4 counts"),
            BenchRow(name: "runs: a refresh of 1,000 threads over loopback", value: String(format: "%.0f ms", times[0]), target: "—"),
        ]
    }

    private static func row(_ number: Int) -> ThreadRow {
        var row = ThreadRow(threadID: String(format: "01a231cf-0000-7000-8000-%012x", number))
        row.graphID = number.isMultiple(of: 3) ? "chat" : "analysis"
        row.status = [.idle, .busy, .interrupted, .error][number % 4]
        row.updatedAt = Timestamp(seconds: 1_800_000_000 - Double(number))
        row.run = LatestRun(
            runID: String(format: "01a231cf-1111-7000-8000-%012x", number), status: number % 4 == 1 ? "running" : "success",
            createdAt: Timestamp(seconds: 1_799_999_000), updatedAt: Timestamp(seconds: 1_799_999_100))
        row.place = number % 4 == 1 ? .inside(["research_competitor", "research_competitor"]) : .endedIn("synthesize_report")
        if number % 4 == 2 { row.interrupts = [InterruptRequest(id: "i", value: #"{"question":"Publish the summary?"}"#)] }
        return row
    }

    private static func measure(times: Int, _ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        for _ in 0..<times { body() }
        let elapsed = ContinuousClock.now - start
        return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(times)
    }
}
