#if canImport(Glibc)
import Glibc
#endif
import Foundation
import JSON
import Testing
import TestSupport

/// `streamtop runs` without the dashboard, run as a user runs it (the built binary), against a
/// real LangGraph Server (`langgraph dev` with the graphs in `langgraph/`) of each test's own, so
/// that every count is exact: `--summary json` (the page as one document), its filters and
/// pages, `--ui json` (a line per thread each refresh that changed it), `--follow`, and a
/// server that cannot be reached.
///
/// Nothing waits on time: each test polls the server's own state (a thread's status, its
/// checkpoints) or the program's output, with a deadline.
@Suite("streamtop runs, headless, on a LangGraph Server", .serialized)
struct RunsCommandTests {
    // MARK: - 1. Every state

    @Test(
        "--summary json: a finished, a failed, an interrupted, a running and a fresh thread, each as the server has it, and exact counts",
        .timeLimit(.minutes(3))
    )
    func threadsInEveryState() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let lg = LangGraphCalls(server)

        let finished = try await lg.newThread()
        let finishedRun = try await lg.run(on: finished, "analysis", input: Self.analysisInput(["Acme", "Globex"]))
        try await lg.join(finished, finishedRun.runID)

        let failed = try await lg.newThread()
        let failedRun = try await lg.run(
            on: failed, "analysis", input: Self.analysisInput(["Acme"]), configurable: #"{"fail_node":"analyze_findings"}"#)
        try await lg.join(failed, failedRun.runID)

        let interrupted = try await lg.newThread()
        let interruptedRun = try await lg.run(on: interrupted, "chat", input: #"{"topic":"spine"}"#)
        try await lg.join(interrupted, interruptedRun.runID)

        // 20 s a search, two searches: the run stays in research_competitor for 40 s.
        let slow = try await lg.newThread()
        let slowRun = try await lg.run(on: slow, "analysis", input: Self.analysisInput(["Initech"]), configurable: #"{"search_delay":20}"#)
        try await lg.poll("the slow thread busy in research_competitor") {
            let thread = try await lg.thread(slow)
            let newest = try await lg.history(slow, limit: 1).first
            return thread["status"]?.stringValue == "busy" && newest?["next"] == .array([.string("research_competitor")])
        }

        let fresh = try await lg.newThread()

        // What the server says of them, to compare with.
        try #require(try await lg.thread(finished)["status"]?.stringValue == "idle")
        try #require(try await lg.thread(failed)["status"]?.stringValue == "error")
        let interruptedState = try await lg.thread(interrupted)
        try #require(interruptedState["status"]?.stringValue == "interrupted")
        let serverInterrupts = Self.interruptList(interruptedState["interrupts"])
        try #require(serverInterrupts.count == 1, "the server lists \(serverInterrupts.count) interrupts")

        let before = Date().timeIntervalSince1970
        let document = try await Self.summary(server.url)
        let after = Date().timeIntervalSince1970

        #expect(document.keys == ["threads", "by_status", "deployment", "matching", "offset", "limit", "fetched_at"])
        let threads = document["threads"]?.items ?? []
        let byID = Dictionary(threads.map { ($0["thread_id"]?.stringValue ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(threads.count == 5)
        #expect(Set(byID.keys) == [finished, failed, interrupted, slow, fresh])
        for thread in threads { Self.checkMembers(thread, progress: false) }
        Self.expectNewestFirst(threads)

        // Finished: idle, its run a success, ended in the last node.
        if let row = byID[finished] {
            #expect(row["status"] == .string("idle"))
            #expect(row["graph_id"] == .string("analysis"))
            #expect(row["assistant_id"] == .string(finishedRun.assistantID))
            #expect(row["run"]?["run_id"] == .string(finishedRun.runID))
            #expect(row["run"]?["status"] == .string("success"))
            #expect(row["interrupts"] == .array([]))
            #expect(row["ended_in"] == .string("synthesize_report"))
            #expect(row["next"] == nil)
            try await Self.expectTimes(row, of: finished, run: finishedRun.runID, on: lg)
        }
        // Failed: error, its run an error, stopped in the node that raised.
        if let row = byID[failed] {
            #expect(row["status"] == .string("error"))
            #expect(row["graph_id"] == .string("analysis"))
            #expect(row["run"]?["run_id"] == .string(failedRun.runID))
            #expect(row["run"]?["status"] == .string("error"))
            #expect(row["interrupts"] == .array([]))
            #expect(row["next"] == .array([.string("analyze_findings")]))
            #expect(row["ended_in"] == nil)
            try await Self.expectTimes(row, of: failed, run: failedRun.runID, on: lg)
        }
        // Interrupted: its run's status as the server gives it, the question it waits on.
        if let row = byID[interrupted] {
            let serverRun = try await lg.runState(interrupted, interruptedRun.runID)
            #expect(row["status"] == .string("interrupted"))
            #expect(row["graph_id"] == .string("chat"))
            #expect(row["assistant_id"] == .string(interruptedRun.assistantID))
            #expect(row["run"]?["run_id"] == .string(interruptedRun.runID))
            #expect(row["run"]?["status"] != nil && row["run"]?["status"] == serverRun["status"])
            let interrupts = row["interrupts"]?.items ?? []
            #expect(interrupts.count == 1)
            #expect(interrupts.first?["id"] == serverInterrupts.first?["id"])
            #expect(interrupts.first?["value"] == .object(JSONObject([("question", .string("Publish the summary?"))])))
            #expect(row["next"] == .array([.string("confirm")]))
            try await Self.expectTimes(row, of: interrupted, run: interruptedRun.runID, on: lg)
        }
        // Running: busy, its run going, in the node the server says.
        if let row = byID[slow] {
            #expect(row["status"] == .string("busy"))
            #expect(row["graph_id"] == .string("analysis"))
            #expect(row["run"]?["run_id"] == .string(slowRun.runID))
            let status = row["run"]?["status"]?.stringValue
            #expect(status == "running" || status == "pending", "the slow run reads \(String(describing: status))")
            #expect(row["interrupts"] == .array([]))
            #expect(row["next"] == .array([.string("research_competitor")]))
            let state = try await lg.thread(slow)
            #expect(Self.sameTime(row["created_at"], state["created_at"]))
        }
        // Fresh: idle, no graph, no run, nowhere.
        if let row = byID[fresh] {
            #expect(row["status"] == .string("idle"))
            #expect(row["graph_id"] == .null)
            #expect(row["assistant_id"] == .null)
            #expect(row["run"] == .null)
            #expect(row["interrupts"] == .array([]))
            #expect(row["next"] == nil && row["ended_in"] == nil)
            try await Self.expectTimes(row, of: fresh, run: nil, on: lg)
        }

        let counts = ["idle": 2.0, "busy": 1, "interrupted": 1, "error": 1]
        #expect(Self.counts(document["by_status"]) == counts)
        #expect(Self.counts(document["deployment"]) == counts.merging(["total": 5]) { $1 })
        #expect(document["deployment"]?.keys == ["idle", "busy", "interrupted", "error", "total"])
        #expect(document["matching"] == .number(5))
        #expect(document["offset"] == .number(0))
        #expect(document["limit"] == .number(100))
        let fetched = Self.seconds(document["fetched_at"]?.stringValue)
        #expect(fetched.map { $0 >= before - 1 && $0 <= after + 1 } == true, "fetched_at \(String(describing: document["fetched_at"]))")
        // Done with it: the server stops sooner without a run going.
        _ = try? await lg.request("POST", "/threads/\(slow)/runs/\(slowRun.runID)/cancel", json: "{}")
    }

    // MARK: - 2. Filters

    @Test("--assistant and --status: only the threads asked for, newest first, and matching counts only them", .timeLimit(.minutes(3)))
    func filters() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let lg = LangGraphCalls(server)

        // One after another, so that each is newer than the one before: idle and error
        // threads interleave in time, as do the two chat threads.
        let fresh = try await lg.newThread()
        let chatOld = try await lg.finishedThread("chat", input: #"{"topic":"old"}"#)
        let analysisOld = try await lg.finishedThread("analysis", input: Self.analysisInput(["Acme"]))
        let failed = try await lg.finishedThread("analysis", input: Self.analysisInput(["Acme"]), configurable: #"{"fail_node":"plan"}"#)
        let chatNew = try await lg.finishedThread("chat", input: #"{"topic":"new"}"#)
        let analysisNew = try await lg.finishedThread("analysis", input: Self.analysisInput(["Globex"]))
        for (thread, status) in [(fresh, "idle"), (chatOld, "interrupted"), (analysisOld, "idle"), (failed, "error"), (chatNew, "interrupted"), (analysisNew, "idle")] {
            try #require(try await lg.thread(thread)["status"]?.stringValue == status)
        }
        // The order the list must give: the server's updated_at, newest first.
        let newestFirst = try await lg.newestFirst([fresh, chatOld, analysisOld, failed, chatNew, analysisNew])
        let deployment = ["idle": 3.0, "busy": 0, "interrupted": 2, "error": 1, "total": 6]

        let chat = try await Self.summary(server.url, ["--assistant", "chat"])
        #expect(Self.ids(chat) == newestFirst.filter { [chatOld, chatNew].contains($0) })
        #expect(chat["threads"]?.items.allSatisfy { $0["graph_id"] == .string("chat") } == true)
        #expect(chat["matching"] == .number(2))
        #expect(Self.counts(chat["by_status"]) == ["idle": 0, "busy": 0, "interrupted": 2, "error": 0])
        #expect(Self.counts(chat["deployment"]) == deployment, "deployment counts the whole deployment, whatever the filter")

        let waiting = try await Self.summary(server.url, ["--status", "interrupted"])
        #expect(Self.ids(waiting) == newestFirst.filter { [chatOld, chatNew].contains($0) })
        #expect(waiting["threads"]?.items.allSatisfy { $0["status"] == .string("interrupted") } == true)
        #expect(waiting["matching"] == .number(2))
        #expect(Self.counts(waiting["deployment"]) == deployment)

        let idleOrError = [analysisNew, failed, analysisOld, fresh]
        let merged = try await Self.summary(server.url, ["--status", "idle,error"])
        #expect(Self.ids(merged) == newestFirst.filter { idleOrError.contains($0) })
        Self.expectNewestFirst(merged["threads"]?.items ?? [])
        #expect(merged["matching"] == .number(4))
        #expect(Self.counts(merged["by_status"]) == ["idle": 3, "busy": 0, "interrupted": 0, "error": 1])
        #expect(Self.counts(merged["deployment"]) == deployment)

        // A merged page of two: the two newest of both statuses, not the first of each.
        let mergedPage = try await Self.summary(server.url, ["--status", "idle,error", "--limit", "2"])
        #expect(Self.ids(mergedPage) == Array(newestFirst.filter { idleOrError.contains($0) }.prefix(2)))
        #expect(mergedPage["matching"] == .number(4))
        #expect(mergedPage["limit"] == .number(2))

        // Both filters: the fresh thread has no graph, so it is no analysis thread.
        let both = try await Self.summary(server.url, ["--assistant", "analysis", "--status", "idle,error"])
        #expect(Self.ids(both) == newestFirst.filter { [analysisNew, failed, analysisOld].contains($0) })
        #expect(both["matching"] == .number(3))
        let failures = try await Self.summary(server.url, ["--assistant", "analysis", "--status", "error"])
        #expect(Self.ids(failures) == [failed])
        #expect(failures["matching"] == .number(1))
    }

    // MARK: - 3. Pages

    @Test("1,000 threads: --limit 1000 lists them all, --limit 100 the 100 newest, and both count 1,000", .timeLimit(.minutes(6)))
    func thousandThreads() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let lg = LangGraphCalls(server)
        let clock = ContinuousClock()

        var made: [(id: String, updatedAt: Double)] = []
        let making = try await clock.measure { made = try await lg.newThreads(1_000, width: 16) }
        try #require(Set(made.map(\.id)).count == 1_000)

        var all = JSONValue.null
        let listingAll = try await clock.measure { all = try await Self.summary(server.url, ["--limit", "1000"]) }
        let threads = all["threads"]?.items ?? []
        #expect(threads.count == 1_000)
        #expect(Set(Self.ids(all)) == Set(made.map(\.id)))
        #expect(threads.allSatisfy { $0["status"] == .string("idle") && $0["run"] == .null })
        Self.expectNewestFirst(threads)
        #expect(all["deployment"]?["total"] == .number(1_000))
        #expect(Self.counts(all["deployment"]) == ["idle": 1_000, "busy": 0, "interrupted": 0, "error": 0, "total": 1_000])
        #expect(Self.counts(all["by_status"]) == ["idle": 1_000, "busy": 0, "interrupted": 0, "error": 0])
        #expect(all["matching"] == .number(1_000))
        #expect(all["limit"] == .number(1_000))

        var page = JSONValue.null
        let listingPage = try await clock.measure { page = try await Self.summary(server.url, ["--limit", "100"]) }
        let rows = page["threads"]?.items ?? []
        #expect(rows.count == 100)
        Self.expectNewestFirst(rows)
        // The 100 newest by the server's own updated_at: none left out is newer than one listed.
        let listed = Set(Self.ids(page))
        let oldestListed = made.filter { listed.contains($0.id) }.map(\.updatedAt).min() ?? 0
        let newestLeftOut = made.filter { !listed.contains($0.id) }.map(\.updatedAt).max() ?? 0
        #expect(listed.count == 100 && listed.isSubset(of: Set(made.map(\.id))))
        #expect(oldestListed >= newestLeftOut, "a thread left off the page is newer than one on it")
        #expect(page["matching"] == .number(1_000))
        #expect(page["deployment"]?["total"] == .number(1_000))
        #expect(page["limit"] == .number(100))
        #expect(page["offset"] == .number(0))
        print("runs paging: made 1,000 threads in \(making), --limit 1000 took \(listingAll), --limit 100 took \(listingPage)")
    }

    // MARK: - 4. --ui json

    @Test("--ui json: a line per thread, then lines only for the thread that changed, until SIGTERM", .timeLimit(.minutes(3)))
    func jsonLines() async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let lg = LangGraphCalls(server)
        let changed = try await lg.newThread()
        let unchanged = try await lg.finishedThread("chat", input: #"{"topic":"kept"}"#)
        let later = try await lg.newThread()
        let all: Set = [changed, unchanged, later]

        var first: [String] = []
        var linesBeforeLater = 0
        var laterRun = ""
        var changedRun = ""
        let (result, lines) = try await Self.watching(["runs", "--langgraph", server.url, "--ui", "json", "--refresh", "0.2"]) { output in
            first = try await output.wait("a line for each of the 3 threads") { $0.count >= 3 }
            first = Array(first.prefix(3))

            changedRun = try await lg.run(on: changed, "chat", input: #"{"topic":"changed"}"#).runID
            try await lg.join(changed, changedRun)
            try await output.wait("a line for the changed thread, interrupted") { [changedRun] lines in
                lines.dropFirst(3).contains { line in
                    let row = try? JSONValue(parsing: line)
                    return row?["thread_id"] == .string(changed) && row?["status"] == .string("interrupted")
                        && row?["run"]?["run_id"] == .string(changedRun) && row?["next"] != nil
                }
            }

            linesBeforeLater = output.value.count
            laterRun = try await lg.run(on: later, "analysis", input: Self.analysisInput(["Acme"])).runID
            try await lg.join(later, laterRun)
            try await output.wait("a line for the second thread changed, finished") { [laterRun, linesBeforeLater] lines in
                lines.dropFirst(linesBeforeLater).contains { line in
                    let row = try? JSONValue(parsing: line)
                    return row?["thread_id"] == .string(later) && row?["status"] == .string("idle")
                        && row?["run"]?["run_id"] == .string(laterRun) && row?["ended_in"] != nil
                }
            }
        }
        #expect(result.status == 128 + SIGTERM, "\(result.stderr)")
        #expect(!result.stderr.contains("refresh failed"), "\(result.stderr)")

        // The first refresh: each thread once, as compact JSON objects.
        let firstRows = first.compactMap { try? JSONValue(parsing: $0) }
        #expect(firstRows.count == 3, "not JSON: \(first)")
        #expect(Set(firstRows.compactMap { $0["thread_id"]?.stringValue }) == all)
        #expect(first.allSatisfy { $0.hasPrefix(#"{"thread_id":""#) && !$0.contains("\n") }, "\(first)")
        for row in firstRows { Self.checkMembers(row, progress: false) }

        // Then only the threads that changed, each after it changed.
        let rows = lines.map { (line: $0, row: try? JSONValue(parsing: $0)) }
        #expect(rows.allSatisfy { $0.row != nil }, "lines that are not JSON: \(rows.filter { $0.row == nil }.map(\.line))")
        let rest = rows.dropFirst(3).compactMap { $0.row?["thread_id"]?.stringValue }
        #expect(!rest.contains(unchanged), "the unchanged thread was printed again: \(lines)")
        #expect(!rest.prefix(max(0, linesBeforeLater - 3)).contains(later), "the second thread was printed again before it changed: \(lines)")
        #expect(rest.allSatisfy { $0 == changed || $0 == later })

        // The last line printed of each thread is the thread as the summary gives it now.
        let summary = try await Self.summary(server.url)
        for thread in summary["threads"]?.items ?? [] {
            let id = thread["thread_id"]?.stringValue ?? ""
            let last = rows.last { $0.row?["thread_id"] == .string(id) }?.row
            #expect(last == thread, "the last line of thread \(id) is not the thread as it stands:\n\(last.map { $0.serialized() } ?? "none")\n\(thread.serialized())")
        }
    }

    // MARK: - 5. An unreachable server

    @Test("--summary json on a closed port: exit 1, the reason on standard error, nothing on standard output", .timeLimit(.minutes(1)))
    func unreachable() async throws {
        let port = try ClosedPort()
        defer { port.close() }
        let result = try await ChildProcess.streamtop(["runs", "--langgraph", "http://127.0.0.1:\(port.number)", "--summary", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr.contains("127.0.0.1:\(port.number)"), "\(result.stderr)")
        #expect(result.stderr.lowercased().contains("refused"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    /// Not a LangGraph Server: a stub whose first answers fail, so that the refreshes are
    /// counted (a closed port cannot count them).
    @Test("--ui json on a failing server: one stderr line per failure, the program goes on, and says when the server answers again", .timeLimit(.minutes(1)))
    func failingRefreshes() async throws {
        let failures = 3
        let stub = try await TestServer { request, index in
            guard index >= failures else {
                return .init(status: .serviceUnavailable, headers: [("Content-Type", "application/json")], steps: [.send(#"{"detail":"warming up"}"#)])
            }
            // An empty deployment: no threads, all counts 0.
            return .init(headers: [("Content-Type", "application/json")], steps: [.send(request.path.hasPrefix("/threads/search") ? "[]" : "0")])
        }
        defer { stub.stop() }
        let (result, lines) = try await Self.watching(["runs", "--langgraph", stub.baseURL, "--ui", "json", "--refresh", "0.1"]) { _ in
            // Three failed refreshes (one search each), then two whole ones (a search and four counts each).
            let seen = await stub.log.wait(until: { $0.requests.count >= failures + 2 * 5 })
            try #require(seen, "the stub had \(stub.log.value.requests.count) requests")
        }
        #expect(result.status == 128 + SIGTERM, "\(result.stderr)")
        #expect(lines.isEmpty, "\(lines)")
        let errors = result.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 2, "\(result.stderr)")
        #expect(errors.first?.hasPrefix("streamtop: refresh failed: ") == true && errors.first?.contains("503") == true, "\(result.stderr)")
        #expect(errors.first?.contains("warming up") == true, "\(result.stderr)")
        #expect(errors.last == "streamtop: the server answers again", "\(result.stderr)")

        let down = try await Self.alwaysFailing()
        defer { down.stop() }
        let summary = try await ChildProcess.streamtop(["runs", "--langgraph", down.baseURL, "--summary", "json"])
        #expect(summary.status == 1, "\(summary.stderr)")
        #expect(summary.stdout.isEmpty)
        #expect(summary.stderr.contains("503"), "\(summary.stderr)")
    }

    // MARK: - 6. --follow

    @Test(
        "--follow --ui json: a busy thread's line carries its run's progress while the run still goes",
        .timeLimit(.minutes(3)), arguments: [StreamModes.background, .streamtop]
    )
    func followProgress(_ modes: StreamModes) async throws {
        let server = try await LangGraphServer.start()
        defer { server.stop() }
        let lg = LangGraphCalls(server)
        let idle = try await lg.newThread()
        let thread = try await lg.newThread()
        // Two branches of two 3-second searches: 6 s in research_competitor.
        let run = try await lg.run(
            on: thread, "analysis", input: Self.analysisInput(["Acme", "Globex"]), configurable: #"{"search_delay":3}"#, extra: modes.body)
        try await lg.poll("the thread busy") { try await lg.thread(thread)["status"]?.stringValue == "busy" }

        var progressed: JSONValue?
        var runWhenSeen: [String?] = []
        var named: JSONValue?
        let (result, lines) = try await Self.watching(["runs", "--langgraph", server.url, "--ui", "json", "--follow", "--refresh", "0.5"]) { output in
            let seen = try await output.wait("a line of the thread with progress") { lines in
                lines.contains { Self.progressEvents(of: thread, in: $0) > 0 }
            }
            // Asked of the server at once: the run must still go.
            runWhenSeen.append(try await lg.runState(thread, run.runID)["status"]?.stringValue)
            progressed = seen.lazy.compactMap { try? JSONValue(parsing: $0) }.first { Self.progressEvents(of: thread, $0) > 0 }
            if modes == .streamtop {
                let seen = try await output.wait("a progress line naming research_competitor") { lines in
                    lines.contains { line in
                        let row = try? JSONValue(parsing: line)
                        return row?["thread_id"] == .string(thread) && row?["progress"]?["node"] == .string("research_competitor")
                    }
                }
                named = seen.lazy.compactMap { try? JSONValue(parsing: $0) }.first {
                    $0["thread_id"] == .string(thread) && $0["progress"]?["node"] == .string("research_competitor")
                }
                runWhenSeen.append(try await lg.runState(thread, run.runID)["status"]?.stringValue)
            }
            try await lg.join(thread, run.runID)
            try await output.wait("the thread's line once its run ended") { lines in
                lines.contains { line in
                    let row = try? JSONValue(parsing: line)
                    return row?["thread_id"] == .string(thread) && row?["status"] == .string("idle")
                }
            }
        }
        #expect(result.status == 128 + SIGTERM, "\(result.stderr)")
        #expect(!runWhenSeen.isEmpty && runWhenSeen.allSatisfy { $0 == "running" || $0 == "pending" }, "the run was \(runWhenSeen) when its progress came")
        if let progressed {
            #expect(progressed["status"] == .string("busy"))
            #expect(progressed["run"]?["run_id"] == .string(run.runID))
            #expect(progressed.keys.last == "progress")
            #expect(progressed["progress"]?.keys == ["events", "events_per_second", "node", "fraction"])
        }
        if modes == .streamtop, let named {
            let fraction = named["progress"]?["fraction"]?.numberValue
            #expect(fraction.map { $0 > 0 && $0 < 1 } == true, "mid-research the fraction is \(String(describing: fraction))")
        }
        // Progress comes before the line that says the run ended; the idle thread has none.
        let rows = lines.compactMap { try? JSONValue(parsing: $0) }
        let firstProgress = rows.firstIndex { Self.progressEvents(of: thread, $0) > 0 }
        let ended = rows.firstIndex { $0["thread_id"] == .string(thread) && $0["status"] == .string("idle") }
        #expect(firstProgress != nil && ended != nil && firstProgress! < ended!, "\(lines)")
        #expect(!rows.contains { $0["thread_id"] == .string(idle) && $0["progress"] != nil }, "the idle thread got progress")
    }

    enum StreamModes: String, CustomTestStringConvertible, Sendable {
        /// A background run as `POST /threads/{id}/runs` starts it: it streams `values` only.
        case background
        /// The modes streamtop asks for when it starts a run, resumable.
        case streamtop

        var body: String {
            switch self {
            case .background: ""
            case .streamtop: #""stream_mode":["custom","updates","tasks","messages-tuple"],"stream_resumable":true"#
            }
        }

        var testDescription: String { rawValue }
    }

    // MARK: - Running streamtop

    /// `streamtop runs --summary json`: its document, once it exited 0 with nothing on
    /// standard error.
    private static func summary(_ url: String, _ arguments: [String] = []) async throws -> JSONValue {
        let result = try await ChildProcess.streamtop(["runs", "--langgraph", url, "--summary", "json"] + arguments)
        try #require(result.status == 0, "streamtop runs \(arguments) exited \(result.status): \(result.stderr)")
        #expect(result.stderr.isEmpty, "\(arguments): \(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count > 1, "--summary json is pretty-printed")
        return try JSONValue(parsing: result.stdout)
    }

    /// Runs streamtop with its standard output read line by line while `body` goes on, then
    /// stops it with SIGTERM (SIGKILL if it has not ended 30 s later) however `body` ended:
    /// its result and every line it printed.
    private static func watching(
        _ arguments: [String], _ body: (OutputLines) async throws -> Void
    ) async throws -> (result: ChildProcess.Result, lines: [String]) {
        let child = try ChildProcess.startStreamtopPiped(arguments)
        let output = OutputLines(child.stdout)
        var failure: (any Error)?
        do {
            try await body(output)
        } catch {
            failure = error
        }
        child.signal(SIGTERM)
        if !(await output.lines.wait(until: { $0.ended }, timeout: .seconds(30))) {
            child.signal(SIGKILL)
            await output.lines.wait(until: { $0.ended }, timeout: .seconds(30))
        }
        let result = try await child.wait()
        if let failure {
            Issue.record("standard error: \(result.stderr)\nstandard output:\n\(output.value.joined(separator: "\n"))")
            throw failure
        }
        return (result, output.value)
    }

    private static func alwaysFailing() async throws -> TestServer {
        try await TestServer { _, _ in
            .init(status: .serviceUnavailable, headers: [("Content-Type", "application/json")], steps: [.send(#"{"detail":"down"}"#)])
        }
    }

    // MARK: - Checking documents

    /// A thread's members, in the order documented, and no others.
    private static func checkMembers(_ thread: JSONValue, progress: Bool) {
        let keys = thread.keys
        let fixed = ["thread_id", "assistant_id", "graph_id", "status", "run", "interrupts", "created_at", "updated_at"]
        #expect(Array(keys.prefix(fixed.count)) == fixed, "\(keys)")
        var rest = Array(keys.dropFirst(fixed.count))
        if rest.first == "next" || rest.first == "ended_in" { rest.removeFirst() }
        #expect(rest == (progress ? ["progress"] : []), "\(keys)")
        if case .object = thread["run"] ?? .null {
            #expect(thread["run"]?.keys == ["run_id", "status", "created_at", "updated_at"])
        }
        guard case .array(let interrupts) = thread["interrupts"] ?? .null else {
            Issue.record("interrupts is not a list: \(thread.serialized())")
            return
        }
        #expect(interrupts.allSatisfy { $0.keys == ["id", "value"] })
    }

    /// updated_at never grows down the list.
    private static func expectNewestFirst(_ threads: [JSONValue]) {
        let times = threads.map { seconds($0["updated_at"]?.stringValue) }
        #expect(times.allSatisfy { $0 != nil }, "a thread without updated_at")
        let values = times.compactMap { $0 }
        let misplaced = zip(values, values.dropFirst()).enumerated().first { $0.element.0 < $0.element.1 }
        #expect(misplaced == nil, "thread \(misplaced.map { $0.offset + 1 } ?? 0) is newer than the one before it")
    }

    /// The thread's and its run's times as the server gives them.
    private static func expectTimes(_ row: JSONValue, of thread: String, run: String?, on lg: LangGraphCalls) async throws {
        let state = try await lg.thread(thread)
        #expect(sameTime(row["created_at"], state["created_at"]), "created_at \(String(describing: row["created_at"])) vs \(String(describing: state["created_at"]))")
        #expect(sameTime(row["updated_at"], state["updated_at"]), "updated_at \(String(describing: row["updated_at"])) vs \(String(describing: state["updated_at"]))")
        guard let run else { return }
        let runState = try await lg.runState(thread, run)
        #expect(sameTime(row["run"]?["created_at"], runState["created_at"]))
        #expect(sameTime(row["run"]?["updated_at"], runState["updated_at"]))
    }

    private static func sameTime(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let a = seconds(a?.stringValue), let b = seconds(b?.stringValue) else { return false }
        return abs(a - b) < 2e-6
    }

    /// "2026-12-01T13:43:43.486670Z" or "…+00:00": seconds since 1970.
    static func seconds(_ text: String?) -> Double? {
        guard let text, text.utf8.count >= 20 else { return nil }
        // YYYY-MM-DDTHH:MM:SS, its numbers at fixed places.
        let head = Array(text.utf8.prefix(19))
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: head[range], as: UTF8.self)) }
        guard head.count == 19, head[4] == UInt8(ascii: "-"), head[7] == UInt8(ascii: "-"), head[10] == UInt8(ascii: "T"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
        var rest = Substring(text.dropFirst(19))
        var fraction = 0.0
        if rest.first == "." {
            let digits = rest.dropFirst().prefix { $0.isNumber }
            fraction = Double("0." + digits) ?? 0
            rest = rest.dropFirst(1 + digits.count)
        }
        guard rest == "Z" || rest == "+00:00" else { return nil }
        return Double(timegm(&parts)) + fraction
    }

    private static func counts(_ json: JSONValue?) -> [String: Double] {
        guard case .object(let object) = json ?? .null else { return [:] }
        return Dictionary(object.members.compactMap { member in member.value.numberValue.map { (member.key, $0) } }, uniquingKeysWith: { $1 })
    }

    private static func ids(_ document: JSONValue) -> [String] {
        (document["threads"]?.items ?? []).compactMap { $0["thread_id"]?.stringValue }
    }

    /// The server's interrupts (a map from task id to a list) as one list.
    private static func interruptList(_ json: JSONValue?) -> [JSONValue] {
        guard case .object(let byTask) = json ?? .null else { return [] }
        return byTask.members.flatMap { $0.value.items }
    }

    private static func progressEvents(of thread: String, in line: String) -> Double {
        (try? JSONValue(parsing: line)).map { progressEvents(of: thread, $0) } ?? 0
    }

    private static func progressEvents(of thread: String, _ row: JSONValue) -> Double {
        guard row["thread_id"] == .string(thread) else { return 0 }
        return row["progress"]?["events"]?.numberValue ?? 0
    }

    static func analysisInput(_ competitors: [String]) -> String {
        #"{"competitors":[\#(competitors.map { "\"\($0)\"" }.joined(separator: ","))],"focus_area":"spinal implants"}"#
    }
}

// MARK: - The server, through its own API

/// Setting up and checking through the server's HTTP API (`LangGraphServer.request`),
/// independent of the client under test.
private struct LangGraphCalls: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Run {
        var runID: String
        var assistantID: String
    }

    let server: LangGraphServer

    init(_ server: LangGraphServer) {
        self.server = server
    }

    func request(_ method: String, _ path: String, json: String? = nil) async throws -> JSONValue {
        let answer = try await server.request(method, path, json: json)
        guard (200..<300).contains(answer.status) else {
            throw Failure(description: "\(method) \(path) answered \(answer.status): \(answer.body.prefix(500))")
        }
        return try JSONValue(parsing: answer.body)
    }

    func newThread() async throws -> String {
        try await newThreadAndTime().id
    }

    func newThreadAndTime() async throws -> (id: String, updatedAt: Double) {
        let thread = try await request("POST", "/threads", json: "{}")
        guard let id = thread["thread_id"]?.stringValue, let time = RunsCommandTests.seconds(thread["updated_at"]?.stringValue) else {
            throw Failure(description: "POST /threads answered \(thread.serialized())")
        }
        return (id, time)
    }

    /// `count` new threads, `width` requests at a time.
    func newThreads(_ count: Int, width: Int) async throws -> [(id: String, updatedAt: Double)] {
        try await withThrowingTaskGroup(of: (id: String, updatedAt: Double).self) { group in
            var made: [(id: String, updatedAt: Double)] = []
            var started = 0
            while started < min(width, count) {
                group.addTask { try await newThreadAndTime() }
                started += 1
            }
            while let thread = try await group.next() {
                made.append(thread)
                if started < count {
                    group.addTask { try await newThreadAndTime() }
                    started += 1
                }
            }
            return made
        }
    }

    /// Starts a background run (`extra`: more members of the body, JSON text).
    func run(on thread: String, _ assistant: String, input: String, configurable: String = "{}", extra: String = "") async throws -> Run {
        let body = #"{"assistant_id":"\#(assistant)","input":\#(input),"config":{"configurable":\#(configurable)}\#(extra.isEmpty ? "" : "," + extra)}"#
        let run = try await request("POST", "/threads/\(thread)/runs", json: body)
        guard let id = run["run_id"]?.stringValue, let assistantID = run["assistant_id"]?.stringValue else {
            throw Failure(description: "POST /threads/\(thread)/runs answered \(run.serialized())")
        }
        return Run(runID: id, assistantID: assistantID)
    }

    /// Waits for the run's end (the server's join), then until the thread has left busy.
    func join(_ thread: String, _ run: String) async throws {
        _ = try await server.request("GET", "/threads/\(thread)/runs/\(run)/join")
        try await poll("thread \(thread) done with run \(run)") {
            let status = try await runState(thread, run)["status"]?.stringValue
            let threadStatus = try await self.thread(thread)["status"]?.stringValue
            return status != "pending" && status != "running" && threadStatus != "busy"
        }
    }

    /// A new thread with one run of `assistant` to its end.
    func finishedThread(_ assistant: String, input: String, configurable: String = "{}") async throws -> String {
        let thread = try await newThread()
        let run = try await run(on: thread, assistant, input: input, configurable: configurable)
        try await join(thread, run.runID)
        return thread
    }

    func thread(_ id: String) async throws -> JSONValue {
        try await request("GET", "/threads/\(id)")
    }

    func runState(_ thread: String, _ run: String) async throws -> JSONValue {
        try await request("GET", "/threads/\(thread)/runs/\(run)")
    }

    func history(_ thread: String, limit: Int) async throws -> [JSONValue] {
        try await request("POST", "/threads/\(thread)/history", json: #"{"limit":\#(limit)}"#).items
    }

    /// The threads by the server's updated_at, newest first.
    func newestFirst(_ threads: [String]) async throws -> [String] {
        var times: [(String, Double)] = []
        for id in threads {
            times.append((id, RunsCommandTests.seconds(try await thread(id)["updated_at"]?.stringValue) ?? 0))
        }
        return times.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// Asks until `condition` holds, for at most `timeout`: a bound on a wait, never a pace.
    func poll(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw Failure(description: "\(what): not within \(timeout)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

// MARK: - Output as it comes

/// A child's standard output, read line by line on a thread of its own as it comes.
private final class OutputLines: Sendable {
    struct Lines: Sendable {
        var all: [String] = []
        var ended = false
    }

    let lines = Watched(Lines())

    var value: [String] { lines.value.all }

    init(_ descriptor: Int32) {
        let lines = self.lines
        Thread {
            readLines(from: descriptor) { complete in lines.update { $0.all += complete } }
            lines.update { $0.ended = true }
        }.start()
    }

    /// Waits until the lines so far satisfy `condition` (for at most 60 s, or until the output
    /// ends); the lines then.
    @discardableResult
    func wait(_ what: String, _ condition: @escaping @Sendable ([String]) -> Bool) async throws -> [String] {
        await lines.wait(until: { condition($0.all) || $0.ended }, timeout: .seconds(60))
        let now = lines.value
        guard condition(now.all) else {
            throw RunsCommandFailure("\(what): not \(now.ended ? "before the output ended" : "within 60 s"); \(now.all.count) lines")
        }
        return now.all
    }
}

private struct RunsCommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A port of 127.0.0.1 that is bound but not listening, for as long as it is held: a connection
/// to it is refused, and no other process can take it meanwhile.
private final class ClosedPort {
    let descriptor: Int32
    let number: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RunsCommandFailure("cannot create a socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            throw RunsCommandFailure("cannot bind a port")
        }
        self.descriptor = descriptor
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        Glibc.close(descriptor)
    }
}

private extension JSONValue {
    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var keys: [String] {
        if case .object(let object) = self { return object.members.map(\.key) }
        return []
    }
}
