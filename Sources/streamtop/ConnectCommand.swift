import ArgumentParser
import Dashboard
import Foundation
import Live

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Watch a live analysis stream: Server-Sent Events over HTTP(S).",
        discussion: """
            URL is the stream itself, or, with --competitor / --focus-area, the server's base URL: \
            streamtop then asks for BASE/api/analysis/stream?competitors=A&competitors=B&focus_area=X, \
            percent-encoded.

            A bearer token is read from the environment variable \(StreamRequest.tokenVariable) and sent as \
            "Authorization: Bearer …"; it never appears in output, logs or recordings. Proxies come from \
            http_proxy, https_proxy, all_proxy and no_proxy. TLS certificates are always verified unless \
            --insecure is given.

            A dropped stream resumes with Last-Event-ID when it carried ids (backoff with jitter, 1 s to \
            30 s); a complete run is never reconnected. A stream without ids cannot be resumed: streamtop \
            stops and says so, unless --restart lets it start a new analysis. When streaming is unavailable \
            the final result is fetched once from the batch endpoint.

            In the dashboard the header shows the connection's state. Without it, events go to standard \
            output (--ui plain|json, --summary); connection states and reasons go to standard error as \
            "streamtop: …" lines. Exit status 0 when the run completed, the server ended the \
            stream (HTTP 204) or the batch result was shown; 1 when it failed or broke off.
            """
    )

    @Argument(help: "The stream's URL, or the server's base URL with --competitor / --focus-area.")
    var url: String?

    @Option(name: .customLong("competitor"), help: "A competitor to analyse (repeat for several): builds the seed's request.")
    var competitors: [String] = []

    @Option(help: "What the analysis is about: builds the seed's request.")
    var focusArea: String?

    @Flag(help: "When a stream that cannot be resumed breaks, start a new analysis without asking.")
    var restart = false

    @Option(help: "The batch endpoint for when streaming is unavailable (default: the fallback the server names, else URL without /stream).")
    var batchURL: String?

    @OptionGroup var connection: ConnectionArguments
    @OptionGroup(title: "LangGraph Server") var langGraph: LangGraphArguments
    @OptionGroup var record: RecordOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (url == nil) == langGraph.isUsed else { throw ValidationError("give the stream's URL, or --langgraph URL, not both") }
        try langGraph.validate(competitors: competitors, focusArea: focusArea)
        do {
            _ = try request()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func request() throws(StreamRequestError) -> StreamRequest {
        let parsed = try connection.parsedHeaders()
        if let server = langGraph.server { return try StreamRequest(url: server, headers: parsed) }
        let url = url ?? ""
        let target = competitors.isEmpty && focusArea == nil
            ? url : try StreamRequest.seedURL(base: url, competitors: competitors, focusArea: focusArea)
        return try StreamRequest(
            url: target, headers: parsed, bearerToken: ProcessInfo.processInfo.environment[StreamRequest.tokenVariable]
        )
    }

    func run() async throws {
        guard !langGraph.isUsed else { return try await runLangGraph() }
        var options = LiveOptions(request: try request())
        options.idleTimeout = connection.idleDuration
        options.once = connection.once
        // Without the dashboard nobody can press r: a run that cannot resume ends there.
        options.onInterruption = restart ? .restart : output.showsDashboard ? .waitForRestart : .end
        options.batchURL = batchURL
        if !competitors.isEmpty || focusArea != nil { options.graphURL = url.flatMap(StreamRequest.seedGraphURL(base:)) }
        options.insecure = connection.insecure
        let host = options.request.url.host ?? ""
        try await record.recording(LiveFeed(options)) { try await output.show($0, mode: .live(host: host), report: report.writer) }
    }

    private func runLangGraph() async throws {
        var options = try langGraph.options(
            headers: try request().headers, competitors: competitors, focusArea: focusArea, environment: ProcessInfo.processInfo.environment
        )
        options.idleTimeout = connection.idleDuration
        options.once = connection.once
        options.insecure = connection.insecure
        options.waitsForAnswers = output.showsDashboard
        let mode = AppState.Mode.langGraph(host: options.server.url.host ?? "", assistant: langGraph.assistant)
        try await record.recording(LangGraphFeed(options)) { try await output.show($0, mode: mode, report: report.writer) }
    }
}
