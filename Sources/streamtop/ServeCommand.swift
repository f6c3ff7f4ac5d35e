import ArgumentParser
import Demo
import Serve

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the analysis pipeline as the seed's streaming backend: SSE with resume, a batch fallback, health and metrics.",
        discussion: """
            Each GET /api/analysis/stream?competitors=A&competitors=B&focus_area=X runs the demo pipeline \
            (no API keys, no network) and streams its events; GET or POST /api/analysis answers once, as JSON. \
            Also /api/health, /metrics (Prometheus), /api/runs and /api/graph. Runs with the same competitors, \
            focus area and --seed emit the same events. One line per request goes to standard error; SIGINT \
            or SIGTERM closes open streams with a final event and stops.
            """
    )

    @Option(help: "The address to listen on; only loopback unless you say otherwise.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one (printed on standard output).")
    var port = 8000

    @Option(help: "The runs' pace: 1 is realistic (a minute or two a run), 0 as fast as possible.")
    var speed = 1.0

    @Option(help: "Seeds every run's simulated search: the same seed, the same events.")
    var seed = DemoOptions.defaultSeed

    @Option(help: "The chance, 0…1, that a simulated search fails.")
    var failRate = 0.1

    @Option(help: "Seconds between heartbeat events on each stream.")
    var heartbeat = 15.0

    @Option(help: "Streams open at once; the next gets 503 with Retry-After.")
    var maxStreams = 10

    @Option(help: "Stream requests per client address, reconnects included (N/second, N/minute or N/hour); more get 429.")
    var rateLimit = "5/minute"

    @Option(help: "Seconds a run is held after it ends, for resumes and batch calls.")
    var hold = 300.0

    @Option(help: "Seconds a run goes on with no one watching before it is cancelled.")
    var grace = 30.0

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard heartbeat > 0, heartbeat.isFinite else { throw ValidationError("--heartbeat must be more than 0 seconds") }
        guard maxStreams >= 1 else { throw ValidationError("--max-streams must be at least 1") }
        guard RateLimit(rateLimit) != nil else {
            throw ValidationError("--rate-limit must read N/second, N/minute or N/hour with N at least 1, not \"\(rateLimit)\"")
        }
        guard hold >= 0, hold.isFinite else { throw ValidationError("--hold must be 0 seconds or more") }
        guard grace >= 0, grace.isFinite else { throw ValidationError("--grace must be 0 seconds or more") }
    }

    func run() async throws {
        let configuration = ServeConfiguration(
            host: host, port: port, pace: .init(speed: speed, seed: seed, failRate: failRate),
            heartbeat: .seconds(heartbeat), maxStreams: maxStreams, rateLimit: RateLimit(rateLimit)!,
            hold: .seconds(hold), grace: .seconds(grace))
        do {
            try await AnalysisServer(configuration).run()
        } catch let failure as ListenFailure {
            throw RunFailure(failure.description)
        }
    }
}
