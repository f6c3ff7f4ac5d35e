import ArgumentParser
import Live

/// How `connect` talks to a server, whichever kind it is: extra headers, TLS, the idle timeout,
/// and whether to reconnect.
struct ConnectionArguments: ParsableArguments {
    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("An extra request header (repeatable).", valueName: "Name: value"))
    var headers: [String] = []

    @Flag(help: "Do not verify the server's TLS certificate.")
    var insecure = false

    @Option(help: "Seconds without a byte (heartbeats count) after which the connection is stalled and remade.")
    var idleTimeout = 45.0

    @Flag(help: "Never reconnect.")
    var once = false

    func validate() throws {
        guard idleTimeout > 0, idleTimeout.isFinite else { throw ValidationError("--idle-timeout must be more than 0 seconds") }
    }

    var idleDuration: Duration { .milliseconds(Int64(idleTimeout * 1000)) }

    func parsedHeaders() throws(StreamRequestError) -> [StreamRequest.Header] {
        var parsed: [StreamRequest.Header] = []
        for header in headers { parsed.append(try StreamRequest.Header(parsing: header)) }
        return parsed
    }
}
