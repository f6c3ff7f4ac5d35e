import Analysis
import EventStream
import Foundation
import JSON

/// A stream request to the server whose head has been read; its body is read as the test asks.
struct OpenStream: Sendable {
    let exchange: LoopbackExchange

    var status: Int { exchange.status }
    func header(_ name: String) -> String? { exchange.header(name) }
    var frames: [SSEFrame] { exchange.frames }
    /// The frames that are the run's own numbered events.
    var events: [SSEFrame] { exchange.frames.filter { $0.id != nil } }

    /// Reads until `condition` holds of the frames so far; false if the stream ended first.
    @discardableResult
    func read(until condition: @escaping @Sendable ([SSEFrame]) -> Bool) async throws -> Bool {
        let exchange = exchange
        return try await onThread {
            try exchange.readBody(until: condition)
            return condition(exchange.frames)
        }
    }

    /// Reads until the run's event number `number` has come.
    @discardableResult
    func read(toEvent number: Int) async throws -> Bool {
        try await read { $0.contains { $0.number == number } }
    }

    /// Reads until the body ends (its chunked terminator) or the server closes; every frame.
    @discardableResult
    func readToEnd() async throws -> [SSEFrame] {
        let exchange = exchange
        return try await onThread {
            try exchange.readBody()
            return exchange.frames
        }
    }

    /// Reads until the server closes the connection.
    func readUntilClosed() async throws {
        let exchange = exchange
        try await onThread { try exchange.readUntilEOF() }
    }

    /// The client goes: the socket is closed.
    func close() {
        exchange.close()
    }

    /// The frames' events as the project's own SSE parser and envelope decoder read the body.
    func decodedEvents() -> [AnalysisEvent] {
        var parser = SSEParser()
        return parser.feed(exchange.body).compactMap { parsed in
            guard case .event(let event, let line) = parsed else { return nil }
            return AnalysisEvent.decode(event, line: line)
        }
    }
}

extension ServeProcess {
    /// One request, its whole response.
    func request(_ method: String = "GET", _ target: String, headers: [Header] = [], body: String? = nil) async throws -> HTTPResponse {
        let port = port
        return try await onThread {
            let exchange = try LoopbackExchange(
                port: port, method: method, target: target, headers: headers, body: body.map { Array($0.utf8) })
            defer { exchange.close() }
            try exchange.readHead()
            try exchange.readBody()
            return HTTPResponse(status: exchange.status, headers: exchange.headers, body: exchange.body)
        }
    }

    func get(_ target: String, lastEventID: String? = nil) async throws -> HTTPResponse {
        try await request("GET", target, headers: lastEventID.map { [Header(name: "Last-Event-ID", value: $0)] } ?? [])
    }

    func post(_ target: String, json: String) async throws -> HTTPResponse {
        try await request("POST", target, headers: [Header(name: "Content-Type", value: "application/json")], body: json)
    }

    /// GET `target` as an event source would; returns once the response's head is read.
    func openStream(_ target: String = "/api/analysis/stream", lastEventID: String? = nil) async throws -> OpenStream {
        let port = port
        var headers = [Header(name: "Accept", value: "text/event-stream"), Header(name: "Cache-Control", value: "no-cache")]
        if let lastEventID { headers.append(Header(name: "Last-Event-ID", value: lastEventID)) }
        return try await onThread { [headers] in
            let exchange = try LoopbackExchange(port: port, method: "GET", target: target, headers: headers)
            try exchange.readHead()
            return OpenStream(exchange: exchange)
        }
    }

    /// A JSON endpoint's answer, which must be 200.
    func json(_ target: String) async throws -> JSONValue {
        let response = try await get(target)
        guard response.status == 200 else { throw Failure("GET \(target) answered \(response.status): \(response.text)") }
        return try response.json()
    }

    func health() async throws -> JSONValue { try await json("/api/health") }

    func runs() async throws -> [JSONValue] {
        guard case .array(let runs) = try await json("/api/runs") else { throw Failure("/api/runs is not a list") }
        return runs
    }

    func metrics() async throws -> Metrics {
        let response = try await get("/metrics")
        guard response.status == 200 else { throw Failure("GET /metrics answered \(response.status)") }
        return Metrics(response.text)
    }

    /// Polls `target` (a JSON endpoint) until `condition` holds of its answer, for at most 30 s:
    /// for a state the server has no event to say it reached. The answer then.
    @discardableResult
    func poll(_ target: String, _ what: String, until condition: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let answer = try await json(target)
            if condition(answer) { return answer }
            guard ContinuousClock.now < deadline else { throw Failure("\(what): not within 30 s; \(target) says \(answer.serialized())") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A Prometheus text exposition, read line by line: each sample by its name and labels (in
/// whatever order the labels came).
struct Metrics: Sendable {
    struct Sample: Sendable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let text: String
    let samples: [Sample]

    init(_ text: String) {
        self.text = text
        samples = text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                return nil
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)...].dropLast().split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The one sample of that name with exactly those labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels == labels }
        return matching.count == 1 ? matching[0].value : nil
    }

    func samples(named name: String) -> [Sample] {
        samples.filter { $0.name == name }
    }
}

extension JSONValue {
    /// An object's keys in order.
    var keys: [String] {
        guard case .object(let object) = self else { return [] }
        return object.members.map(\.key)
    }

    var arrayValue: [JSONValue]? {
        guard case .array(let values) = self else { return nil }
        return values
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
