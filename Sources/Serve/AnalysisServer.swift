import Analysis
import Demo
import Foundation
import OutputFormats
import HTTPTypes
import Hummingbird
import JSON
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// `streamtop serve`: the demo pipeline behind the seed's streaming API (Hummingbird for HTTP,
/// swift-service-lifecycle for the signals and a graceful end).
public final class AnalysisServer: Sendable {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// The largest batch request body read.
    static let maxBodyBytes = 64 * 1024

    let configuration: ServeConfiguration
    let metrics = ServeMetrics()
    let runs: HeldRuns
    let slots: StreamSlots
    let limiter: RateLimiter
    let graph: PipelineShape
    private let startedAt = ContinuousClock.now
    private let closingFlag = Atomic(false)

    public init(_ configuration: ServeConfiguration) {
        self.configuration = configuration
        let metrics = metrics
        runs = HeldRuns(pace: configuration.pace, hold: configuration.hold, grace: configuration.grace)
        slots = StreamSlots(limit: configuration.maxStreams) { metrics.activeStreams.set(to: Double($0)) }
        limiter = RateLimiter(configuration.rateLimit)
        graph = DemoPipeline(DemoOptions(competitors: ["A"])).pipelineShape
    }

    var isClosing: Bool { closingFlag.load(ordering: .relaxed) }

    /// Serves until SIGINT or SIGTERM, then ends every open stream with a final event and stops.
    /// `onListening` is told the address bound (the port, when 0 asked for any).
    public func run(onListening: @escaping @Sendable (String, Int) -> Void = AnalysisServer.announce) async throws {
        var logger = Logger(label: "streamtop.serve")
        logger.logLevel = .warning
        let listening = Atomic(false)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "streamtop"),
            onServerRunning: { [configuration] channel in
                listening.store(true, ordering: .relaxed)
                onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
        var group = ServiceGroupConfiguration(
            services: [.init(service: app), .init(service: ClosingNotice(server: self))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Streams end at once when told; this only bounds a client that stops reading.
        group.maximumGracefulShutdownDuration = .seconds(10)
        defer { runs.stopAll(reason: "the server stopped") }
        do {
            try await ServiceGroup(configuration: group).run()
        } catch where !listening.load(ordering: .relaxed) {
            throw ListenFailure(host: configuration.host, port: configuration.port, error: error)
        }
    }

    /// Prints where the server listens, on standard output, as its one line there.
    public static func announce(host: String, port: Int) {
        let shown = host.contains(":") ? "[\(host)]" : host
        FileHandle.standardOutput.write(Data("streamtop serve: listening on http://\(shown):\(port)\n".utf8))
    }

    /// The server starts closing: streams and waiting batch calls are told.
    func close() {
        closingFlag.store(true, ordering: .relaxed)
        runs.ringAll()
    }

    func router() -> Router<ServeRequestContext> {
        let router = Router(context: ServeRequestContext.self)
        router.add(middleware: RequestLog(metrics: metrics))
        router.get(.init(stringLiteral: Endpoint.stream.path)) { request, context in self.stream(request, context) }
        router.get(.init(stringLiteral: Endpoint.batch.path)) { request, _ in
            await self.batch(Self.analysisRequest(query: FormQuery(request.uri.query ?? "")))
        }
        router.post(.init(stringLiteral: Endpoint.batch.path)) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: Self.maxBodyBytes)
            return await self.batch(Self.analysisRequest(body: Array(buffer: body)))
        }
        router.get(.init(stringLiteral: Endpoint.health.path)) { _, _ in self.health() }
        router.get(.init(stringLiteral: Endpoint.metrics.path)) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.text)))
        }
        router.get(.init(stringLiteral: Endpoint.runs.path)) { _, _ in
            Self.json(.ok, .array(self.runs.all.map(\.listing)))
        }
        router.get(.init(stringLiteral: Endpoint.graph.path)) { _, _ in self.graphAnswer() }
        return router
    }

    // MARK: - The stream

    private func stream(_ request: Request, _ context: ServeRequestContext) -> Response {
        if case .refused(let after) = limiter.check(context.clientAddress) {
            metrics.rejected(by: .rateLimit)
            let seconds = Self.wholeSeconds(after)
            return Self.json(
                .tooManyRequests,
                Self.error("too many stream requests: \(configuration.rateLimit) per client address", [("retry_after", .number(Double(seconds)))]),
                headers: [.retryAfter: String(seconds)])
        }
        let run: ServedRun
        let after: Int
        if let lastEventID = request.headers[Self.lastEventID] {
            switch resumePoint(lastEventID) {
            case .failure(let answer): return answer.response
            case .success(let point): (run, after) = point
            }
            let reading = run.reading(after: after)
            if reading.events.isEmpty, reading.status == .completed || reading.status == .failed {
                // Everything was sent: the SSE way to tell a client not to reconnect (with the
                // CORS header, or a browser's EventSource takes it for a network error and retries).
                return Response(status: .noContent, headers: [.accessControlAllowOrigin: "*"])
            }
        } else {
            let analysis: AnalysisRequest
            switch Self.analysisRequest(query: FormQuery(request.uri.query ?? "")) {
            case .failure(let bad): return Self.badRequest(bad)
            case .success(let request): analysis = request
            }
            guard let slot = slots.take() else { return streamsFull() }
            guard let started = runs.start(analysis) else { return runsFull() }
            return streamResponse(started, after: 0, slot: slot, request: request)
        }
        guard let slot = slots.take() else { return streamsFull() }
        return streamResponse(run.watch(), after: after, slot: slot, request: request)
    }

    /// `watching` from the request on, not from when the body starts: the run's grace cannot run out in between.
    private func streamResponse(_ watching: Watching, after: Int, slot: StreamSlot, request: Request) -> Response {
        metrics.streamsStarted.increment()
        let stream = RunStream(
            watching: watching, after: after, heartbeat: configuration.heartbeat, retryHint: configuration.retryHint, metrics: metrics,
            closing: { [weak self] in self?.isClosing ?? true })
        let metrics = metrics
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .accessControlAllowOrigin: "*"],
            body: ResponseBody { writer in
                let reason = await stream.write(to: &writer, request: request)
                metrics.streamEnded(reason)
                withExtendedLifetime(slot) {}
            })
    }

    /// The run and the place a `Last-Event-ID` names, `<run>:<n>`; else the answer to give.
    private func resumePoint(_ lastEventID: String) -> Result<(ServedRun, Int), ErrorAnswer> {
        let parts = lastEventID.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[1]), number >= 0 else {
            return .failure(ErrorAnswer(Self.badRequest(BadParameter("Last-Event-ID", "an id of this server reads <run>:<n>"))))
        }
        guard let run = runs.run(id: String(parts[0])) else {
            return .failure(ErrorAnswer(Self.json(.gone, Self.error(
                "run \(TextSanitizer.clean(String(parts[0]))) is not held: it ended more than \(Int(configuration.hold.seconds)) s ago, or this server never ran it"))))
        }
        guard number <= run.eventCount else {
            return .failure(ErrorAnswer(Self.badRequest(BadParameter("Last-Event-ID", "run \(run.id) has no event \(number) yet"))))
        }
        return .success((run, number))
    }

    private func streamsFull() -> Response {
        metrics.rejected(by: .maxStreams)
        let seconds = max(1, Self.wholeSeconds(configuration.heartbeat))
        return Self.json(
            .serviceUnavailable,
            Self.error("\(slots.limit) streams are open, the most this server takes", [
                ("max_streams", .number(Double(slots.limit))), ("retry_after", .number(Double(seconds))),
            ]),
            headers: [.retryAfter: String(seconds)])
    }

    private func runsFull() -> Response {
        Self.json(.serviceUnavailable, Self.error("\(HeldRuns.limit) runs are going, the most this server holds"), headers: [.retryAfter: "30"])
    }

    // MARK: - The batch fallback

    private func batch(_ parsed: Result<AnalysisRequest, BadParameter>) async -> Response {
        let request: AnalysisRequest
        switch parsed {
        case .failure(let bad): return Self.badRequest(bad)
        case .success(let good): request = good
        }
        guard let watching = runs.sameAnalysis(request)?.watch() ?? runs.start(request) else { return runsFull() }
        let run = watching.run
        watching.ring()
        for await _ in watching.bell where run.status != .running || isClosing { break }
        withExtendedLifetime(watching) {}
        guard run.status != .running else {
            return Self.json(.serviceUnavailable, Self.error("the server is shutting down"), headers: [.retryAfter: "5"])
        }
        return Self.json(.ok, run.batchAnswer)
    }

    // MARK: - Health and the graph

    private func health() -> Response {
        let all = runs.all
        return Self.json(.ok, .object(JSONObject([
            ("status", .string(isClosing ? "shutting_down" : "ok")),
            ("streaming_available", .bool(!isClosing && slots.count < slots.limit)),
            ("active_streams", .number(Double(slots.count))),
            ("max_streams", .number(Double(slots.limit))),
            ("runs_held", .number(Double(all.count))),
            ("runs_running", .number(Double(all.filter { $0.status == .running }.count))),
            ("heartbeat_seconds", .number(configuration.heartbeat.seconds)),
            ("rate_limit", .string(configuration.rateLimit.description)),
            ("uptime_seconds", .number(((ContinuousClock.now - startedAt) / .milliseconds(1)).rounded() / 1000)),
        ])))
    }

    private func graphAnswer() -> Response {
        Self.json(.ok, .object(JSONObject([
            ("nodes", .array(graph.nodes.map { .object(JSONObject([("id", .string($0))])) })),
            ("edges", .array(graph.edges.map { edge in
                .object(JSONObject([
                    ("source", .string(edge.source)), ("target", .string(edge.target)), ("conditional", .bool(edge.conditional)),
                ]))
            })),
            ("mermaid", .string(graph.mermaidFlowchart)),
        ])))
    }

    // MARK: - Requests and answers

    static func analysisRequest(query: FormQuery) -> Result<AnalysisRequest, BadParameter> {
        Result { () throws(BadParameter) in
            try AnalysisRequest(competitors: query.values("competitors"), focusArea: query.value("focus_area"))
        }
    }

    /// `{"competitors": ["A", …], "focus_area": "…"}`.
    static func analysisRequest(body: [UInt8]) -> Result<AnalysisRequest, BadParameter> {
        guard let json = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)), case .object(let fields) = json else {
            return .failure(BadParameter("body", "send a JSON object: {\"competitors\": [...], \"focus_area\": \"...\"}"))
        }
        let names: [String]
        switch fields["competitors"] {
        case .array(let values)?:
            let strings = values.compactMap(\.stringValue)
            guard strings.count == values.count else { return .failure(BadParameter("competitors", "every competitor is a string")) }
            names = strings
        case .string(let name)?: names = [name]
        case nil, .null?: names = []
        default: return .failure(BadParameter("competitors", "a list of names"))
        }
        let focus: String?
        switch fields["focus_area"] {
        case .string(let text)?: focus = text
        case nil, .null?: focus = nil
        default: return .failure(BadParameter("focus_area", "a string"))
        }
        return Result { () throws(BadParameter) in try AnalysisRequest(competitors: names, focusArea: focus) }
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .accessControlAllowOrigin: "*"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized() + "\n")))
    }

    static func error(_ message: String, _ more: [(String, JSONValue)] = []) -> JSONValue {
        .object(JSONObject([(key: "error", value: .string(message))] + more.map { (key: $0.0, value: $0.1) }))
    }

    static func badRequest(_ bad: BadParameter) -> Response {
        json(.badRequest, error("\(bad.parameter): \(bad.reason)", [("parameter", .string(bad.parameter))]))
    }

    /// Rounded up, at least 1: what `Retry-After` says.
    static func wholeSeconds(_ duration: Duration) -> Int {
        max(1, Int((duration / .milliseconds(1) / 1000).rounded(.up)))
    }
}

/// The server could not start listening: the address is taken, the host unknown, the port not allowed.
public struct ListenFailure: Error, CustomStringConvertible {
    public let description: String

    init(host: String, port: Int, error: any Error) {
        let reason: String
        if let error = error as? IOError {
            reason = String(cString: strerror(error.errnoCode)).lowercased()
        } else if error is SocketAddressError.UnknownHost {
            reason = "no such host"
        } else {
            reason = String(describing: error)
        }
        description = "cannot listen on \(host):\(port): \(reason)"
    }
}

/// An answer that ends a request early, carried through a `Result`.
struct ErrorAnswer: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

/// Tells the server when graceful shutdown begins: it stops after the HTTP server in the
/// group's order, so it is told first, while streams can still be written.
private struct ClosingNotice: Service {
    let server: AnalysisServer

    func run() async throws {
        try? await gracefulShutdown()
        server.close()
    }
}
