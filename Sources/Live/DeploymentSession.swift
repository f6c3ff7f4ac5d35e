import Analysis
import AsyncHTTPClient
import DequeModule
import Deployment
import Feeds
import Foundation
import JSON
import NIOHTTP1

/// One iteration of a ``DeploymentWatch``: refreshes the page every `refresh` (at once after a
/// command that changes it), asks for the details of the rows shown when they moved, carries
/// out the user's actions, and follows busy threads. Its `next()` makes the next event when the
/// reader asks, so nothing runs ahead of a slow reader.
///
/// A refresh is one `POST /threads/search` (one per status when several are listed), four
/// `POST /threads/count` (the deployment by status; one more per status with `--assistant`), and,
/// for each row shown that moved since it was last asked, its newest run and its last two
/// checkpoints (a busy row's place only, since its node moves while its run does not).
actor DeploymentSession {
    /// Detail requests in flight at once.
    private static let detailConcurrency = 8
    /// The longest a follower waits between two reports of its progress, in seconds.
    private static let progressInterval = 0.25

    private let options: DeploymentOptions
    private let api: LangGraphAPI
    private let commands: CommandInbox<DeploymentCommand>
    private let mail = FollowMail()
    private let redactor: SecretRedactor

    private var query: DeploymentQuery
    private var showing: Set<String> = []
    /// The last page that came back whole: its rows keep their details between refreshes.
    private var last: DeploymentSnapshot?
    /// When each row's details were last asked for: the thread as it was then.
    private var asked: [String: ThreadRow] = [:]
    private var refreshDue = true
    private var detailsDue = false
    private var nextRefresh = 0.0
    private var requests = 0
    private var pending: Deque<DeploymentEvent> = []
    private var followers: [String: Task<Void, Never>] = [:]
    private var progress: [String: ThreadProgress] = [:]

    init(options: DeploymentOptions, commands: CommandInbox<DeploymentCommand>) {
        self.options = options
        self.commands = commands
        query = options.query
        redactor = SecretRedactor(options.server.secrets + [options.apiKey].compactMap { $0 })
        api = LangGraphAPI(
            client: HTTPClientSetup.client(
                for: options.server.url, insecure: options.insecure, idleTimeout: .seconds(30), environment: options.environment
            ),
            server: options.server, apiKey: options.apiKey
        )
    }

    /// The next event; nil once the task is cancelled.
    func next() async -> DeploymentEvent? {
        while !Task.isCancelled {
            if let event = pending.popFirst() ?? takeMail() { return event }
            for command in commands.takeAll() { await handle(command) }
            if !pending.isEmpty { continue }
            if refreshDue || options.now() >= nextRefresh { return await refresh() }
            if detailsDue, let last { return await refreshDetails(of: last) }
            await waitForWork()
        }
        return nil
    }

    /// The iteration ended, or its reader went: the followers stop and the connections close.
    deinit {
        for follower in followers.values { follower.cancel() }
        // Shutting down holds the client until it is done.
        _ = api.client.shutdown()
    }

    // MARK: - Refreshing

    private func refresh() async -> DeploymentEvent {
        refreshDue = false
        detailsDue = false
        let before = requests
        let event: DeploymentEvent
        do throws(LangGraphFailure) {
            let found = try await search(query)
            let deployment = try await deploymentCounts()
            let matching = try await matchingCount(deployment: deployment)
            var rows = found
            if let last {
                let old = Dictionary(last.rows.map { ($0.threadID, $0) }, uniquingKeysWith: { first, _ in first })
                for index in rows.indices {
                    if let previous = old[rows[index].threadID] { rows[index].keepDetails(of: previous) }
                }
            }
            rows = await withDetails(rows)
            let snapshot = DeploymentSnapshot(
                query: query, rows: rows, deployment: deployment, matching: matching, fetchedAt: options.now(), requests: requests - before)
            last = snapshot
            follow(snapshot)
            event = .refreshed(snapshot)
        } catch {
            event = .refreshFailed(reason: redactor.redact(error.description), at: options.now())
        }
        nextRefresh = options.now() + options.refresh.seconds
        return event
    }

    /// The rows shown got details they lacked (after a scroll): the last page again, with them.
    private func refreshDetails(of snapshot: DeploymentSnapshot) async -> DeploymentEvent {
        detailsDue = false
        let before = requests
        var updated = snapshot
        updated.rows = await withDetails(snapshot.rows)
        updated.requests = requests - before
        last = updated
        follow(updated)
        return .refreshed(updated)
    }

    /// The page: one search, or one per status merged newest first.
    private func search(_ query: DeploymentQuery) async throws(LangGraphFailure) -> [ThreadRow] {
        guard query.statuses.count > 1 else {
            return try await searchOnce(status: query.statuses.first, limit: query.limit, offset: query.offset)
        }
        var merged: [ThreadRow] = []
        for status in query.statuses {
            merged += try await searchOnce(status: status, limit: query.offset + query.limit, offset: 0)
        }
        merged.sort { ($0.updatedAt?.seconds ?? 0) > ($1.updatedAt?.seconds ?? 0) }
        return Array(merged.dropFirst(query.offset).prefix(query.limit))
    }

    private func searchOnce(status: ThreadStatus?, limit: Int, offset: Int) async throws(LangGraphFailure) -> [ThreadRow] {
        var members: [(key: String, value: JSONValue)] = [
            ("limit", .number(Double(limit))), ("offset", .number(Double(offset))),
            ("sort_by", .string("updated_at")), ("sort_order", .string("desc")),
            // Not `values`: a page's memory is its rows', however big the threads' states.
            ("select", .array(["thread_id", "created_at", "updated_at", "metadata", "status", "interrupts"].map(JSONValue.string))),
        ]
        members += filter(status: status)
        let answer = try await call(.POST, "/threads/search", body: .object(JSONObject(members)))
        guard case .array = answer else { throw LangGraphFailure("POST /threads/search: the answer is not a list of threads") }
        return ThreadDecoder.threads(answer)
    }

    private func filter(status: ThreadStatus?, graph: Bool = true) -> [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = []
        if graph, let assistant = query.assistant {
            // An assistant's UUID is matched as one; a graph's name as the graph.
            let key = UUID(uuidString: assistant) == nil ? "graph_id" : "assistant_id"
            members.append(("metadata", .object(JSONObject([(key, .string(assistant))]))))
        }
        if let status { members.append(("status", .string(status.rawValue))) }
        return members
    }

    private func count(status: ThreadStatus?, graph: Bool) async throws(LangGraphFailure) -> Int {
        let answer = try await call(.POST, "/threads/count", body: .object(JSONObject(filter(status: status, graph: graph))))
        guard let count = ThreadDecoder.count(answer) else { throw LangGraphFailure("POST /threads/count: the answer is not a count") }
        return count
    }

    /// The whole deployment, by status.
    private func deploymentCounts() async throws(LangGraphFailure) -> [ThreadStatus: Int] {
        var counts: [ThreadStatus: Int] = [:]
        for status in ThreadStatus.allCases { counts[status] = try await count(status: status, graph: false) }
        return counts
    }

    /// The threads the query matches over all its pages.
    private func matchingCount(deployment: [ThreadStatus: Int]) async throws(LangGraphFailure) -> Int {
        let statuses = query.statuses.isEmpty ? ThreadStatus.allCases : query.statuses
        guard query.assistant != nil else { return statuses.reduce(0) { $0.saturatingSum(deployment[$1] ?? 0) } }
        guard !query.statuses.isEmpty else { return try await count(status: nil, graph: true) }
        var total = 0
        for status in statuses { total = total.saturatingSum(try await count(status: status, graph: true)) }
        return total
    }

    // MARK: - Details

    /// The rows with the details of those that need them asked for, a few at a time.
    private func withDetails(_ rows: [ThreadRow]) async -> [ThreadRow] {
        var rows = rows
        let wanted = rows.indices.filter { index in
            let row = rows[index]
            return (options.detailsForAll || showing.contains(row.threadID)) && needsDetails(row)
        }
        for chunk in stride(from: 0, to: wanted.count, by: Self.detailConcurrency) {
            let batch = wanted[chunk..<min(chunk + Self.detailConcurrency, wanted.count)]
            let fetched = await withTaskGroup(of: (Int, LatestRun??, GraphPlace??, Int).self) { group in
                for index in batch {
                    let row = rows[index]
                    let askRun = asked[row.threadID].map { $0.updatedAt != row.updatedAt || $0.status != row.status } ?? true
                        || row.run?.status == "pending"
                    let askPlace = askRun || row.status == .busy
                    group.addTask { [api] in
                        await Self.details(of: row.threadID, run: askRun, place: askPlace, api: api).with(index)
                    }
                }
                var results: [(Int, LatestRun??, GraphPlace??, Int)] = []
                for await result in group { results.append(result) }
                return results
            }
            for (index, run, place, made) in fetched {
                requests += made
                if let run { rows[index].run = run }
                if let place { rows[index].place = place }
                asked[rows[index].threadID] = rows[index]
            }
        }
        let onPage = Set(rows.map(\.threadID))
        asked = asked.filter { onPage.contains($0.key) }
        // Progress belongs to a run that goes: a thread seen idle again carries none.
        for index in rows.indices { rows[index].progress = rows[index].status == .busy ? progress[rows[index].threadID] : nil }
        return rows
    }

    private func needsDetails(_ row: ThreadRow) -> Bool {
        guard let then = asked[row.threadID] else { return true }
        return then.updatedAt != row.updatedAt || then.status != row.status || row.run?.status == "pending" || row.status == .busy
    }

    /// A row's newest run and place, each asked only when wanted (the place not for a thread
    /// without a run); `.some(nil)` when asked and the server has none, nil when not asked or
    /// the ask failed (the old details stay).
    private static func details(of thread: String, run askRun: Bool, place askPlace: Bool, api: LangGraphAPI) async -> Details {
        var details = Details()
        if askRun {
            details.made += 1
            let path = "/threads/\(thread)/runs?limit=1&select=run_id&select=status&select=created_at&select=updated_at&select=kwargs"
            if let answer = try? await api.call(.GET, path) { details.run = .some(ThreadDecoder.latestRun(answer)) }
        }
        // A thread that never ran has no place in its graph to ask for.
        if askPlace, details.run != .some(nil) {
            details.made += 1
            let body = JSONValue.object(JSONObject([("limit", .number(2))]))
            if let answer = try? await api.call(.POST, "/threads/\(thread)/history", body: body) {
                details.place = .some(ThreadDecoder.place(history: answer))
            }
        }
        return details
    }

    private struct Details {
        var run: LatestRun??
        var place: GraphPlace??
        var made = 0

        func with(_ index: Int) -> (Int, LatestRun??, GraphPlace??, Int) { (index, run, place, made) }
    }

    // MARK: - Commands

    private func handle(_ command: DeploymentCommand) async {
        switch command {
        case .query(let new):
            guard new != query else { return }
            query = new
            refreshDue = true
        case .showing(let ids):
            showing = Set(ids)
            if let last, last.rows.contains(where: { showing.contains($0.threadID) && needsDetails($0) }) { detailsDue = true }
        case .refresh:
            refreshDue = true
        case .answer(let thread, let text):
            pending.append(await act { () async throws(LangGraphFailure) in try await self.answer(thread: thread, text: text) })
            refreshDue = true
        case .cancel(let thread, let run):
            pending.append(await act { () async throws(LangGraphFailure) in
                _ = try await self.call(.POST, "/threads/\(thread)/runs/\(run)/cancel", body: .object(JSONObject()))
                return "cancelled run \(Self.short(run)) of thread \(Self.short(thread))"
            })
            refreshDue = true
        case .start(let assistant, let input):
            pending.append(await act { () async throws(LangGraphFailure) in try await self.start(assistant: assistant, input: input) })
            refreshDue = true
        }
    }

    private func act(_ action: () async throws(LangGraphFailure) -> String) async -> DeploymentEvent {
        do throws(LangGraphFailure) {
            return .acted(redactor.redact(try await action()), isError: false)
        } catch {
            return .acted(redactor.redact(error.description), isError: true)
        }
    }

    /// Resumes the thread's interrupt as a new run of its graph; only a thread that waits on
    /// one is sent anything (a resume of any other fails the thread).
    private func answer(thread: String, text: String) async throws(LangGraphFailure) -> String {
        let state = try await call(.GET, "/threads/\(thread)")
        let status = state["status"]?.stringValue ?? "unknown"
        // A thread whose run was cancelled reads interrupted too, with nothing to answer.
        guard status == "interrupted", !ThreadDecoder.interrupts(state["interrupts"]).isEmpty else {
            throw LangGraphFailure("thread \(Self.short(thread)) is \(TextSanitizer.clean(status)) and waits on no interrupt; nothing was sent")
        }
        guard let assistant = state["metadata"]?["assistant_id"]?.stringValue ?? state["metadata"]?["graph_id"]?.stringValue else {
            throw LangGraphFailure("thread \(Self.short(thread)) names no assistant to resume it with")
        }
        let value = (try? JSONValue(parsing: text)) ?? .string(text)
        let body = JSONValue.object(JSONObject([
            ("assistant_id", .string(assistant)), ("command", .object(JSONObject([("resume", value)]))),
        ] + Self.streamed))
        let run = try await call(.POST, "/threads/\(thread)/runs", body: body)
        return "answered thread \(Self.short(thread)); run \(Self.short(run["run_id"]?.stringValue ?? "?")) resumes it"
    }

    /// Starts a run on a new thread, once the input is JSON and the assistant exists (a bad
    /// assistant would leave an empty thread behind).
    private func start(assistant: String, input: String) async throws(LangGraphFailure) -> String {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: input)
        } catch {
            throw LangGraphFailure("the input is not JSON; nothing was started")
        }
        let missing = LangGraphFailure("no assistant \"\(TextSanitizer.clean(assistant))\" on \(api.host); nothing was started")
        do throws(LangGraphFailure) {
            if UUID(uuidString: assistant) != nil {
                _ = try await call(.GET, "/assistants/\(assistant)")
            } else {
                // An unknown graph is an empty list on some versions, a 404 on others.
                let search = JSONValue.object(JSONObject([("graph_id", .string(assistant)), ("limit", .number(1))]))
                guard case .array(let found) = try await call(.POST, "/assistants/search", body: search), !found.isEmpty else { throw missing }
            }
        } catch where error.status == 404 || error.status == 422 {
            throw missing
        }
        let made = try await call(.POST, "/threads", body: .object(JSONObject()))
        guard let thread = made["thread_id"]?.stringValue else { throw LangGraphFailure("POST /threads: the answer names no thread_id") }
        let body = JSONValue.object(JSONObject([
            ("assistant_id", .string(assistant)), ("input", value),
        ] + Self.streamed))
        let run = try await call(.POST, "/threads/\(thread)/runs", body: body)
        return "started run \(Self.short(run["run_id"]?.stringValue ?? "?")) of \(TextSanitizer.clean(assistant)) on thread \(Self.short(thread))"
    }

    /// A run started from the list streams what a dashboard shows, and keeps its stream for
    /// joins from its start (a background run streams only `values` unless asked).
    private static let streamed: [(key: String, value: JSONValue)] = [
        ("stream_mode", .array(LangGraphOptions.defaultStreamModes.map(JSONValue.string))), ("stream_resumable", .bool(true)),
    ]

    // MARK: - Following

    /// Follows the page's busy threads whose run goes, up to `maxFollow`; stops following those
    /// that left the page.
    private func follow(_ snapshot: DeploymentSnapshot) {
        guard options.maxFollow > 0 else { return }
        let onPage = Set(snapshot.rows.map(\.threadID))
        for (thread, follower) in followers where !onPage.contains(thread) {
            follower.cancel()
            followers[thread] = nil
            progress[thread] = nil
        }
        for row in snapshot.rows where followers.count < options.maxFollow && followers[row.threadID] == nil {
            guard row.status == .busy, let run = row.run, run.isGoing else { continue }
            let feed = LangGraphFeed(options.langGraph(.join(thread: row.threadID, run: run.runID, live: true)))
            let (mail, commands, now, thread) = (mail, commands, options.now, row.threadID)
            followers[thread] = Task {
                await Self.watch(feed, thread: thread, now: now, mail: mail, wake: commands.wake)
            }
        }
    }

    /// Reduces a followed run's stream into its progress, reported at most every
    /// `progressInterval`, and once more at its end.
    private static func watch(
        _ feed: LangGraphFeed, thread: String, now: @Sendable () -> Double, mail: FollowMail, wake: @Sendable () -> Void
    ) async {
        var state = AnalysisState()
        // The first events are reported at once; the rate counts from them.
        var reported: (at: Double, events: Int)?
        for await element in feed.elements() {
            guard case .items(let items) = element else { continue }
            for item in items { state.reduce(item.event) }
            let time = now()
            var rate = 0.0
            if let reported {
                guard time - reported.at >= progressInterval else { continue }
                rate = Double(state.eventCounts.total - reported.events) / (time - reported.at)
            }
            reported = (time, state.eventCounts.total)
            mail.post(thread, ThreadProgress(state, eventsPerSecond: rate))
            wake()
        }
        if Task.isCancelled { return }
        mail.post(thread, ThreadProgress(state, eventsPerSecond: 0))
        mail.ended(thread)
        wake()
    }

    /// A follower's report, with the page's rows carrying it from now on.
    private func takeMail() -> DeploymentEvent? {
        guard let event = mail.take() else { return nil }
        switch event {
        case .progressed(let thread, let moved):
            // A report that comes after a refresh saw the thread stop is not shown on it.
            guard followers[thread] != nil, last?.rows.first(where: { $0.threadID == thread })?.status == .busy else { return takeMail() }
            progress[thread] = moved
        case .unfollowed(let thread):
            followers[thread] = nil
            progress[thread] = nil
            refreshDue = true
        default:
            break
        }
        return event
    }

    // MARK: - Helpers

    /// Sleeps until the next refresh, or until a command or a follower's report comes.
    private func waitForWork() async {
        let remaining = Duration.milliseconds(max(1, Int(((nextRefresh - options.now()) * 1000).rounded(.up))))
        let sleep = options.sleep
        await commands.waitForMail(orAfter: { try await sleep(remaining) })
    }

    /// A call, counted; a failure the server answered names the request, as a network one does.
    private func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(LangGraphFailure) -> JSONValue {
        requests += 1
        do {
            return try await api.call(method, path, body: body)
        } catch where error.status != nil {
            let shown = path.split(separator: "?").first.map(String.init) ?? path
            throw LangGraphFailure("\(method) \(shown): \(error.description)", status: error.status, retryable: error.retryable)
        }
    }

    static func short(_ id: String) -> String {
        ShortID.of(TextSanitizer.clean(id))
    }
}
