import Analysis
import AsyncHTTPClient
import EventStream
import Feeds
import Foundation
import JSON
import NIOCore

/// One run of a ``LangGraphFeed``: checks what it is asked before anything is sent, starts (or
/// joins) the run, follows its stream — rejoining a dropped one at its `Location` with nothing
/// lost or doubled — and, since the server sends no `end` event, asks the server how the run
/// ended once the body closes. That answer is handed out as a `streamtop_run` event, so that a
/// recording replays to the same state.
final class LangGraphSession {
    private let options: LangGraphOptions
    private let clock: SessionClock
    private let out: RedactingSink
    private let answers: CommandInbox<String>
    private let current: CurrentRun
    private let api: LangGraphAPI

    private var parser = SSEParser()
    private var resume = LangGraphResumePoint()
    private var numbered = SessionItems()
    private var run: ServerRun
    /// The stream's `Location`: where a dropped stream is rejoined; nil for stateless runs
    /// once they are gone.
    private var location: String?
    private var errorInStream: String?
    private var status: ConnectionStatus?
    /// The assistant (or graph) whose graph is drawn, when the target names it.
    private var graphAssistant: String?

    init(options: LangGraphOptions, clock: SessionClock, answers: CommandInbox<String>, current: CurrentRun, out: FeedBuffer) {
        self.options = options
        self.clock = clock
        self.answers = answers
        self.current = current
        self.out = RedactingSink(out, redactor: SecretRedactor(options.server.secrets + [options.apiKey].compactMap { $0 }))
        api = LangGraphAPI(
            client: HTTPClientSetup.client(
                for: options.server.url, insecure: options.insecure, idleTimeout: options.idleTimeout, environment: options.environment
            ),
            options: options
        )
        run = ServerRun(assistantID: options.assistant)
    }

    func run() async {
        do throws(LangGraphFailure) {
            var request = try await firstRequest()
            await handOutGraph()
            while !Task.isCancelled {
                if let request {
                    try await follow(request)
                } else {
                    try await showEndState()
                }
                guard !Task.isCancelled, let answer = await nextAnswer() else { break }
                request = try await answering(answer)
            }
        } catch {
            await report(.failed(error.description))
        }
        try? await api.client.shutdown()
        await out.send(.end(FeedEnd(after: status)))
    }


    private func report(_ status: ConnectionStatus) async {
        self.status = status
        await out.send(.connection(status))
    }

    // MARK: - Starting

    /// Checks the assistant and the thread, makes a thread when one is needed, and returns the
    /// request that starts (or joins) the run. Nothing that starts a run is sent before the
    /// checks pass: a bad assistant would leave an empty thread behind, and a resume of a thread
    /// that waits on nothing would fail the thread.
    private func firstRequest() async throws(LangGraphFailure) -> HTTPClientRequest? {
        await report(.connecting)
        switch options.target {
        case .inspect(let thread, let runID):
            run.threadID = thread
            run.runID = runID
            current.set(run)
            let found = try await api.call(.GET, "/threads/\(thread)/runs/\(runID)")
            graphAssistant = found["assistant_id"]?.stringValue
            let status = found["status"]?.stringValue.flatMap(ServerRun.Status.init(rawValue:))
            let going = status == .pending || status == .running
            guard found["kwargs"]?["resumable"] == .bool(true) || going else { return nil }
            location = "/threads/\(thread)/runs/\(runID)/stream"
            return joinRequest(lastEventID: found["kwargs"]?["resumable"] == .bool(true) ? "-1" : nil)
        case .join(let thread, let runID, let live):
            run.threadID = thread
            run.runID = runID
            location = "/threads/\(thread)/runs/\(runID)/stream"
            current.set(run)
            return joinRequest(lastEventID: live ? nil : "-1")
        case .stateless(let assistant):
            try await checkAssistant(assistant)
            graphAssistant = assistant
            return startRequest(path: "/runs/stream", assistant: assistant)
        case .start(let assistant, let thread):
            try await checkAssistant(assistant)
            graphAssistant = assistant
            let threadID: String
            if let thread {
                let state = try await api.call(.GET, "/threads/\(thread)")
                if options.resume != nil { try Self.checkWaits(state, thread: thread) }
                threadID = thread
            } else {
                guard options.resume == nil else { throw LangGraphFailure("--resume answers a thread's interrupt: give the thread with --thread") }
                let made = try await api.call(.POST, "/threads", body: .object(JSONObject()))
                guard let id = made["thread_id"]?.stringValue else { throw LangGraphFailure("POST /threads: the answer names no thread_id") }
                threadID = id
            }
            run.threadID = threadID
            current.set(run)
            return startRequest(path: "/threads/\(threadID)/runs/stream", assistant: assistant)
        }
    }

    /// The assistant's graph, handed out once, before the run's events (a joined run's
    /// assistant is asked of the server). Not an error of the run when the server cannot
    /// say: the dashboard draws the stages seen instead.
    private func handOutGraph() async {
        if graphAssistant == nil, case .join(let thread, let runID, _) = options.target {
            graphAssistant = (try? await api.call(.GET, "/threads/\(thread)/runs/\(runID)"))?["assistant_id"]?.stringValue
        }
        guard let assistant = graphAssistant, let shape = await AssistantGraph.fetch(assistant, api: api, redactor: out.redactor) else { return }
        await out.send(.pipeline(shape))
    }

    /// An assistant's id is looked up as it is; a graph's name through the assistants made for
    /// it (the server takes either in a run, but answers a lookup by name with 422).
    private func checkAssistant(_ assistant: String) async throws(LangGraphFailure) {
        do throws(LangGraphFailure) {
            if UUID(uuidString: assistant) != nil {
                let found = try await api.call(.GET, "/assistants/\(assistant)")
                run.graphID = found["graph_id"]?.stringValue
                return
            }
            let search = JSONValue.object(JSONObject([("graph_id", .string(assistant)), ("limit", .number(1))]))
            guard case .array(let found) = try await api.call(.POST, "/assistants/search", body: search), let first = found.first else {
                throw LangGraphFailure("HTTP 404: no assistant of graph \"\(assistant)\"", status: 404)
            }
            run.graphID = first["graph_id"]?.stringValue
        } catch where error.status == 404 || error.status == 422 {
            throw LangGraphFailure("no assistant \"\(assistant)\" on \(api.host) (\(error.description)); nothing was started")
        }
    }

    /// A resume is sent only to a thread that waits on an interrupt.
    private static func checkWaits(_ thread: JSONValue, thread id: String) throws(LangGraphFailure) {
        let status = thread["status"]?.stringValue ?? "unknown"
        guard status == "interrupted" else {
            throw LangGraphFailure("thread \(id) is \(status) and waits on no interrupt: there is nothing to resume; nothing was sent")
        }
    }

    private func startRequest(path: String, assistant: String) -> HTTPClientRequest {
        Self.startRequest(api: api, options: options, path: path, assistant: assistant)
    }

    private static func startRequest(api: LangGraphAPI, options: LangGraphOptions, path: String, assistant: String) -> HTTPClientRequest {
        var members: [(key: String, value: JSONValue)] = [("assistant_id", .string(assistant))]
        if let resume = options.resume {
            members.append(("command", .object(JSONObject([("resume", resume)]))))
        } else {
            members.append(("input", options.input))
        }
        if let config = options.config { members.append(("config", config)) }
        members.append(("stream_mode", .array(options.streamModes.map(JSONValue.string))))
        members.append(("stream_resumable", .bool(true)))
        return api.request(.POST, path, body: .object(JSONObject(members)), accept: "text/event-stream")
    }

    private func joinRequest(lastEventID: String?) -> HTTPClientRequest {
        var request = api.request(.GET, location ?? "/", accept: "text/event-stream")
        if let lastEventID { request.headers.replaceOrAdd(name: "Last-Event-ID", value: lastEventID) }
        return request
    }

    // MARK: - Following

    /// Follows the run to its end, rejoining dropped streams and streams that closed while the
    /// run still goes; then hands out how it ended.
    private func follow(_ first: HTTPClientRequest) async throws(LangGraphFailure) {
        var request = first
        var attempt = 0
        while !Task.isCancelled {
            let began = ContinuousClock.now
            let dropped = try await stream(request)
            if Task.isCancelled { return }
            if dropped == nil {
                let outcome = try await askHowItEnded()
                if outcome != .pending, outcome != .running {
                    // A finished run whose stream the server no longer holds replays nothing.
                    if case .inspect = options.target, numbered.isEmpty { await handOutEndState(outcome) }
                    return await announce(outcome)
                }
            }
            guard location != nil, !options.once else {
                throw LangGraphFailure((dropped?.reason ?? "the stream closed while the run still goes") + "; not rejoining")
            }
            if let dropped {
                await out.send(.notice(dropped.reason, isError: true))
                guard dropped.retryable else { throw LangGraphFailure(dropped.reason) }
            }
            if ContinuousClock.now - began >= options.policy.healthyAfter { attempt = 0 }
            attempt += 1
            let delay = options.policy.delay(attempt: attempt, retry: nil)
            await report(.reconnecting(inSeconds: Int(delay.seconds.rounded(.up)), attempt: attempt))
            do {
                try await options.sleep(delay)
            } catch {
                return
            }
            resume.rejoining()
            parser = SSEParser()
            request = joinRequest(lastEventID: resume.rejoinID)
        }
    }

    /// One connection: nil when the body closed cleanly, else why it broke.
    private func stream(_ request: HTTPClientRequest) async throws(LangGraphFailure) -> ConnectionFailure? {
        let response: HTTPClientResponse
        do {
            response = try await api.client.execute(request, deadline: .distantFuture)
        } catch {
            return ConnectionFailure(error, host: api.host)
        }
        guard response.status == .ok else {
            let body = (try? await response.body.collect(upTo: 64 << 10)).map { String(buffer: $0) } ?? ""
            throw LangGraphFailure(LangGraphAPI.describe(status: response.status, body: body), status: Int(response.status.code))
        }
        if let path = response.headers.first(name: "Location") { location = Self.path(of: path) }
        await report(.streaming)
        do {
            for try await buffer in response.body {
                let items = deliver(buffer)
                if !items.isEmpty { await out.send(.items(items)) }
            }
        } catch {
            await finishBody()
            return ConnectionFailure(error, host: api.host)
        }
        await finishBody()
        return nil
    }

    private func finishBody() async {
        guard let item = numbered.endOfBody(&parser, offset: clock.offset()) else { return }
        await out.send(.items([item]))
    }

    /// Parses and decodes one read into items, noting what the stream says of the run.
    private func deliver(_ buffer: ByteBuffer) -> [FeedItem] {
        let offset = clock.offset()
        let arrival = clock.arrival(at: offset)
        var items: [FeedItem] = []
        buffer.withUnsafeReadableBytes { bytes in
            parser.feed(bytes) { parsed in
                switch parsed {
                case .event(let received, _):
                    guard resume.admit(id: received.lastEventID, name: received.type, data: received.data) else { return }
                    let item = numbered.event(received.redacted(by: out.redactor), arrival: arrival, offset: offset)
                    note(item.event)
                    items.append(item)
                case .overflow(let overflow):
                    items.append(numbered.diagnostic(overflow.reason, offset: offset))
                }
            }
        }
        return items
    }

    private func note(_ event: AnalysisEvent) {
        switch event.kind {
        case .graph(let graph):
            if case .runStarted(let runID) = graph.part, graph.namespace.isEmpty {
                run.runID = runID
                current.set(run)
            }
        case .error(let report):
            errorInStream = (report.errorType.map { "\($0): " } ?? "") + report.message
        default:
            break
        }
    }

    // MARK: - The end

    /// How the run stands now the body closed: the run's status, and the thread's (which is
    /// the one that says `interrupted`). A stateless run's thread is gone, so its end comes
    /// from the stream: an error event means error, a clean end success.
    private func askHowItEnded() async throws(LangGraphFailure) -> ServerRun.Status {
        if case .stateless = options.target {
            location = nil
            return streamOutcome
        }
        guard let thread = run.threadID, let runID = run.runID else { return streamOutcome }
        return try await askServer(thread: thread, run: runID)
    }

    /// How the run ended by its stream alone: an `error` event means error, a clean end success.
    private var streamOutcome: ServerRun.Status { errorInStream == nil ? .success : .error }

    private func askServer(thread: String, run runID: String) async throws(LangGraphFailure) -> ServerRun.Status {
        let runState = try await api.call(.GET, "/threads/\(thread)/runs/\(runID)")
        let threadState = try await api.call(.GET, "/threads/\(thread)")
        run.graphID = run.graphID ?? threadState["metadata"]?["graph_id"]?.stringValue
        let interrupts = Self.interrupts(in: threadState)
        let runStatus = runState["status"]?.stringValue.flatMap(ServerRun.Status.init(rawValue:))
        // The run of an interrupt() reads success, its thread lists the interrupts; a run that
        // was cancelled reads interrupted, with no interrupt to answer.
        if !interrupts.isEmpty, runStatus != .pending, runStatus != .running {
            run.interrupts = interrupts
            return .interrupted
        }
        if runStatus == .interrupted { return .cancelled }
        return runStatus ?? streamOutcome
    }

    /// The thread's interrupts: a map from task id to a list of `{id, value}`.
    private static func interrupts(in thread: JSONValue) -> [InterruptRequest] {
        guard case .object(let byTask) = thread["interrupts"] ?? .null else { return [] }
        return byTask.members.flatMap { _, list -> [InterruptRequest] in
            guard case .array(let items) = list else { return [] }
            return items.compactMap { item in
                guard let id = item["id"]?.stringValue else { return nil }
                // As the stream's __interrupt__ gives it: compact JSON (a string keeps its quotes).
                let value = item["value"]?.serialized() ?? "null"
                return InterruptRequest(id: id, value: TextSanitizer.clean(value))
            }
        }
    }

    /// Hands out the run's end as a `streamtop_run` event, and the connection's last state.
    private func announce(_ outcome: ServerRun.Status) async {
        run.status = outcome
        current.set(run)
        let wire = SSEEvent(type: "streamtop_run", data: Self.runJSON(run).serialized()).redacted(by: out.redactor)
        let offset = clock.offset()
        await out.send(.items([numbered.event(wire, arrival: clock.arrival(at: offset), offset: offset)]))
        switch outcome {
        case .success:
            await report(.completed)
        case .interrupted where !run.interrupts.isEmpty:
            let asks = run.interrupts.first.map { "it asks \($0.value)" } ?? "it waits for an answer"
            let how = options.waitsForAnswers ? "press a to answer" : "answer with --thread \(run.threadID ?? "?") --resume JSON"
            await report(.needsInput("\(asks); \(how)"))
        case .error:
            await report(.failed("the run failed" + (errorInStream.map { ": \($0)" } ?? "")))
        case .cancelled:
            await report(.failed("the run was cancelled"))
        case .timeout:
            await report(.failed("the run timed out"))
        case .pending, .running, .interrupted:
            await report(.failed("the run ended \(outcome.rawValue)"))
        }
    }

    /// A finished run whose stream cannot be replayed: the thread's end state, then how it ended.
    private func showEndState() async throws(LangGraphFailure) {
        guard let thread = run.threadID, let runID = run.runID else { return }
        let outcome = try await askServer(thread: thread, run: runID)
        await handOutEndState(outcome)
        await announce(outcome)
    }

    /// The thread's state (its last checkpoint's values) told as the envelopes of a run that
    /// ended there, as a batch result is (``ThreadEndState``), with a notice saying so.
    private func handOutEndState(_ outcome: ServerRun.Status) async {
        guard let thread = run.threadID, let state = try? await api.call(.GET, "/threads/\(thread)/state") else { return }
        await out.send(.notice("this run's stream is no longer held by the server: showing the thread's end state", isError: false))
        let told = ThreadEndState.envelopes(state: state, outcome: outcome)
        let offset = clock.offset()
        let arrival = clock.arrival(at: offset)
        let items = told.map { envelope in
            numbered.event(SSEEvent(data: envelope.serialized()).redacted(by: out.redactor), arrival: arrival, offset: offset)
        }
        if !items.isEmpty { await out.send(.items(items)) }
    }

    static func runJSON(_ run: ServerRun) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            ("thread_id", text(run.threadID)), ("run_id", text(run.runID)), ("assistant_id", text(run.assistantID)),
            ("graph_id", text(run.graphID)), ("status", text(run.status?.rawValue)),
            ("interrupts", .array(run.interrupts.map { .object(JSONObject([("id", .string($0.id)), ("value", .string($0.value))])) })),
        ]))
    }

    // MARK: - Answers

    /// The next answer to the interrupt, when the run waits on one and someone can answer.
    private func nextAnswer() async -> String? {
        guard status.map({ if case .needsInput = $0 { true } else { false } }) == true, options.waitsForAnswers else { return nil }
        while !Task.isCancelled {
            if let answer = answers.takeAll().last { return answer }
            await answers.waitForMail()
        }
        return nil
    }

    /// Resumes the thread with the answer (JSON if it parses, else the text as a string), as a
    /// new run on the same thread.
    private func answering(_ answer: String) async throws(LangGraphFailure) -> HTTPClientRequest {
        guard let thread = run.threadID, let assistant = options.assistant ?? run.assistantID ?? run.graphID else {
            throw LangGraphFailure("this run's thread or assistant is unknown: it cannot be resumed from here")
        }
        let value = (try? JSONValue(parsing: answer)) ?? .string(answer)
        var resumed = options
        resumed.resume = value
        run = ServerRun(threadID: thread, assistantID: run.assistantID, graphID: run.graphID)
        resume = LangGraphResumePoint()
        parser = SSEParser()
        errorInStream = nil
        await report(.connecting)
        return LangGraphSession.startRequest(api: api, options: resumed, path: "/threads/\(thread)/runs/stream", assistant: assistant)
    }

    // MARK: - Helpers

    /// A `Location` header's path, whether it came absolute or relative.
    private static func path(of location: String) -> String {
        URL(string: location).flatMap { $0.host == nil ? nil : $0.path } ?? location
    }

}
