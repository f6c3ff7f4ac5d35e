import ArgumentParser
import Dashboard
import Deployment
import Foundation
import Live

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Watch every thread and run on a LangGraph Server, live.",
        discussion: """
            Lists the deployment's threads, newest activity first (POST URL/threads/search, a page of \
            --limit at a time), refreshed every --refresh seconds: each thread's status, its latest run \
            and how long it ran, the node it is in or ended in, and a mark when an interrupt waits. The \
            header counts the whole deployment's threads by status.

            In the dashboard: ↑↓ select, Enter opens the thread's latest run in the full dashboard \
            (Esc comes back), a answers its interrupt, c cancels its run (twice), n starts a new run, \
            / filters the rows by text, s cycles the status filter, [ and ] page, r refreshes, ? lists \
            the keys.

            Without it: --ui json prints one JSON object per thread each refresh that changed it, --ui \
            plain one line; --summary json prints the page once, as one document, and exits. Refresh \
            failures go to standard error as "streamtop: …" lines; the list keeps its last good rows.

            An API key is read from \(LangGraphOptions.apiKeyVariables.joined(separator: " or ")) and sent \
            as x-api-key; it never appears in output.
            """
    )

    @Option(name: .customLong("langgraph"), help: ArgumentHelp("The LangGraph Server's base URL.", valueName: "URL"))
    var server: String

    @Option(help: "Only the threads of this graph (their metadata.graph_id), or of this assistant's UUID.")
    var assistant: String?

    @Option(help: ArgumentHelp("Only threads in these statuses: idle, busy, interrupted, error.", valueName: "a,b"))
    var status: String?

    @Option(help: "Threads a page holds (1–1000).")
    var limit = DeploymentQuery.defaultLimit

    @Option(help: "Seconds between refreshes.")
    var refresh = 2.0

    @Flag(help: "Follow the streams of busy threads: events/s, current node and progress in their rows.")
    var follow = false

    @Option(help: "With --follow, the most streams followed at once.")
    var maxFollow = 20

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("An extra request header (repeatable).", valueName: "Name: value"))
    var headers: [String] = []

    @Flag(help: "Do not verify the server's TLS certificate.")
    var insecure = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard DeploymentQuery.limitRange.contains(limit) else {
            throw ValidationError("--limit must be between \(DeploymentQuery.limitRange.lowerBound) and \(DeploymentQuery.limitRange.upperBound)")
        }
        guard refresh >= 0.1, refresh <= 86_400 else { throw ValidationError("--refresh must be between 0.1 and 86400 seconds") }
        guard maxFollow >= 1, maxFollow <= 200 else { throw ValidationError("--max-follow must be between 1 and 200") }
        if let status, case .failure(let error) = ThreadStatus.list(status) { throw ValidationError("--status: \(error)") }
        do {
            _ = try options()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func options() throws -> DeploymentOptions {
        var parsed: [StreamRequest.Header] = []
        for header in headers { parsed.append(try StreamRequest.Header(parsing: header)) }
        let statuses = (try? ThreadStatus.list(status ?? "").get()) ?? []
        var options = DeploymentOptions(
            server: try StreamRequest(url: server, headers: parsed),
            query: DeploymentQuery(assistant: assistant, statuses: statuses, limit: limit))
        options.refresh = .milliseconds(Int64(refresh * 1000))
        options.maxFollow = follow ? maxFollow : 0
        options.apiKey = LangGraphOptions.apiKey(in: ProcessInfo.processInfo.environment)
        options.insecure = insecure
        // Without the dashboard every row of the page is shown.
        options.detailsForAll = !output.showsDashboard
        return options
    }

    func run() async throws {
        let watch = DeploymentWatch(try options())
        if output.showsDashboard {
            try await RunsFace(output: output).show(watch)
        } else {
            try await RunsPrinter(format: output.summary == .json ? .summary : output.ui == .json ? .json : .plain).show(watch)
        }
    }
}
