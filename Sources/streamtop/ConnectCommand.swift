import ArgumentParser
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
    var url: String

    @Option(name: .customLong("competitor"), help: "A competitor to analyse (repeat for several): builds the seed's request.")
    var competitors: [String] = []

    @Option(help: "What the analysis is about: builds the seed's request.")
    var focusArea: String?

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("An extra request header (repeatable).", valueName: "Name: value"))
    var headers: [String] = []

    @Flag(help: "Do not verify the server's TLS certificate.")
    var insecure = false

    @Option(help: "Seconds without a byte (heartbeats count) after which the connection is stalled and remade.")
    var idleTimeout = 45.0

    @Flag(help: "Never reconnect.")
    var once = false

    @Flag(help: "When a stream that cannot be resumed breaks, start a new analysis without asking.")
    var restart = false

    @Option(help: "The batch endpoint for when streaming is unavailable (default: the fallback the server names, else URL without /stream).")
    var batchURL: String?

    @OptionGroup var record: RecordOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard idleTimeout > 0, idleTimeout.isFinite else { throw ValidationError("--idle-timeout must be more than 0 seconds") }
        do {
            _ = try request()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func request() throws(StreamRequestError) -> StreamRequest {
        let target = competitors.isEmpty && focusArea == nil
            ? url : try StreamRequest.seedURL(base: url, competitors: competitors, focusArea: focusArea)
        var parsed: [StreamRequest.Header] = []
        for header in headers { parsed.append(try StreamRequest.Header(parsing: header)) }
        return try StreamRequest(
            url: target, headers: parsed, bearerToken: ProcessInfo.processInfo.environment[StreamRequest.tokenVariable]
        )
    }

    func run() async throws {
        var options = LiveOptions(request: try request())
        options.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        options.once = once
        // Without the dashboard nobody can press r: a run that cannot resume ends there.
        options.onInterruption = restart ? .restart : output.showsDashboard ? .waitForRestart : .end
        options.batchURL = batchURL
        options.insecure = insecure
        let host = options.request.url.host ?? url
        try await record.recording(LiveFeed(options)) { try await output.show($0, mode: .live(host: host)) }
    }
}
