import Deployment
@testable import Live
import Synchronization
import Testing

/// A deployment watched against a scripted server: what a refresh asks (no request storm), a
/// failing server kept apart from the rows, and secrets kept out of what is said.
@Suite(.timeLimit(.minutes(2)))
struct DeploymentWatchTests {
    static let threads = """
        [{"thread_id":"01a231cf-0000-7000-8000-000000000001","status":"busy","updated_at":"2026-12-01T10:00:02Z","metadata":{"graph_id":"analysis"}},
         {"thread_id":"01a231cf-0000-7000-8000-000000000002","status":"idle","updated_at":"2026-12-01T10:00:01Z","metadata":{"graph_id":"analysis"}},
         {"thread_id":"01a231cf-0000-7000-8000-000000000003","status":"interrupted","updated_at":"2026-12-01T10:00:00Z",
          "metadata":{"graph_id":"chat"},"interrupts":{"t":[{"id":"i","value":"Publish?"}]}}]
        """

    /// A LangGraph Server as far as the list asks it; `failing` answers 503 to everything,
    /// with a body that echoes the API key back.
    /// Whether the scripted server fails, switched by the test while it runs.
    final class Failing: Sendable {
        private let state = Mutex(false)
        var now: Bool { state.withLock { $0 } }
        func set(_ value: Bool) { state.withLock { $0 = value } }
    }

    private static func server(failing: Failing) async throws -> TestServer {
        try await TestServer { request, _ in
            let json = [("Content-Type", "application/json")]
            if failing.now {
                let key = request.headers.first(name: "x-api-key") ?? ""
                return .init(status: .serviceUnavailable, headers: json, steps: [.send(#"{"detail":"overloaded, key \#(key)"}"#)])
            }
            let path = request.path
            let body: String
            if path.hasPrefix("/threads/search") {
                body = threads
            } else if path.hasPrefix("/threads/count") {
                body = "1"
            } else if path.contains("/runs?limit=1") {
                body = #"[{"run_id":"run-1","status":"running","created_at":"2026-12-01T10:00:00Z"}]"#
            } else if path.hasSuffix("/history") {
                body = #"[{"next":["research_competitor","research_competitor"]},{"next":["plan_queries"]}]"#
            } else {
                return .init(status: .notFound, headers: json, steps: [.send(#"{"detail":"Not Found"}"#)])
            }
            return .init(headers: json, steps: [.send(body)])
        }
    }

    private static func options(_ server: TestServer) throws -> DeploymentOptions {
        var options = DeploymentOptions(server: try StreamRequest(url: server.baseURL), query: DeploymentQuery())
        options.refresh = .milliseconds(20)
        options.environment = [:]
        return options
    }

    @Test func aRefreshAsksTheSearchTheCountsAndOnlyWhatTheRowsOnScreenNeed() async throws {
        let server = try await Self.server(failing: Failing())
        let watch = DeploymentWatch(try Self.options(server))
        var snapshots: [DeploymentSnapshot] = []
        for await event in watch.events() {
            guard case .refreshed(let snapshot) = event else { continue }
            snapshots.append(snapshot)
            // Two rows on screen: the busy one and the idle one.
            if snapshots.count == 1 { watch.send(.showing(snapshot.rows.prefix(2).map(\.threadID))) }
            if snapshots.count == 4 { break }
        }
        // The page alone: one search and four counts, no detail of any row.
        #expect(snapshots[0].requests == 5)
        #expect(snapshots[0].rows.allSatisfy { $0.run == nil })
        // The two rows shown get their run and place; the third, off screen, nothing.
        #expect(snapshots[1].requests == 4)
        #expect(snapshots[1].rows[0].place == .inside(["research_competitor", "research_competitor"]))
        #expect(snapshots[1].rows[1].run?.runID == "run-1")
        #expect(snapshots[1].rows[2].run == nil)
        // Nothing moved: the page, the counts, and the busy row's place (its node moves alone).
        #expect(snapshots[2].requests == 6)
        #expect(snapshots[3].requests == 6)
        #expect(snapshots[3].deployment == [.idle: 1, .busy: 1, .interrupted: 1, .error: 1])
        #expect(snapshots[3].matching == 4)
    }

    @Test func aFailingServerIsSaidWithoutTheKeyAndTheNextGoodRefreshComesBack() async throws {
        let failing = Failing()
        let server = try await Self.server(failing: failing)
        var options = try Self.options(server)
        options.apiKey = "lsv2-secret-key-1234"
        let watch = DeploymentWatch(options)
        var seen: [String] = []
        for await event in watch.events() {
            switch event {
            case .refreshed:
                seen.append("refreshed")
                failing.set(seen.count == 1)
            case .refreshFailed(let reason, _):
                seen.append("failed")
                #expect(reason.contains("HTTP 503"))
                #expect(reason.contains("overloaded"))
                #expect(!reason.contains("lsv2-secret-key-1234"))
                failing.set(false)
            default:
                continue
            }
            if seen.count == 3 { break }
        }
        #expect(seen == ["refreshed", "failed", "refreshed"])
        // The key went to the server, as x-api-key.
        #expect(server.log.value.requests.first?.headers.first(name: "x-api-key") == "lsv2-secret-key-1234")
    }

    @Test func betweenRefreshesTheWatchSleepsOnceAWaitNotInALoop() async throws {
        let server = try await Self.server(failing: Failing())
        var options = try Self.options(server)
        options.refresh = .seconds(3_600)
        let sleeps = Watched(0)
        options.sleep = { _ in
            sleeps.update { $0 += 1 }
            try await Task.sleep(for: .seconds(3_600))
        }
        let watch = DeploymentWatch(options)
        var refreshes = 0
        for await event in watch.events() {
            guard case .refreshed = event else { continue }
            refreshes += 1
            if refreshes == 2 { break }
            // A command that asks nothing of the server wakes the watch, which sleeps again; a
            // wake-up left behind by the first sleep's timer made every later wait return at once.
            Task {
                await sleeps.wait(until: { $0 >= 1 })
                watch.send(.showing([]))
                await sleeps.wait(until: { $0 >= 2 })
                watch.send(.refresh)
            }
        }
        // The wait before the command, the one after it (the refresh ended it).
        #expect(sleeps.value == 2)
    }

    @Test func anAnswerIsSentOnlyToAThreadThatWaitsOnAnInterrupt() async throws {
        let server = try await TestServer { request, _ in
            let json = [("Content-Type", "application/json")]
            if request.path.hasPrefix("/threads/search") { return .init(headers: json, steps: [.send("[]")]) }
            if request.path.hasPrefix("/threads/count") { return .init(headers: json, steps: [.send("0")]) }
            // The thread's run was cancelled: it reads interrupted, with nothing to answer.
            return .init(headers: json, steps: [.send(#"{"thread_id":"t1","status":"interrupted","interrupts":{},"metadata":{"graph_id":"chat"}}"#)])
        }
        let watch = DeploymentWatch(try Self.options(server))
        var acted: (String, Bool)?
        for await event in watch.events() {
            if case .refreshed = event, acted == nil { watch.send(.answer(thread: "t1", text: "yes")) }
            if case .acted(let text, let isError) = event {
                acted = (text, isError)
                break
            }
        }
        #expect(acted?.1 == true)
        #expect(acted?.0.contains("waits on no interrupt; nothing was sent") == true)
        #expect(!server.log.value.requests.contains { $0.path.hasSuffix("/runs") })
    }
}
