import Analysis
import AsyncHTTPClient
import EventStream
import Feeds
import Foundation
import JSON
import NIOCore

/// One run of a ``LiveFeed``: the connect loop and the state it keeps across connections (the
/// parser, whose last event ID and `retry:` persist; the resume filter; the line count).
final class LiveSession {
    /// How one connection ended.
    private enum Ending {
        case completed
        case stopped
        case failed(String)
        case fallback(reason: String, batchURL: String?)
        /// `opened`: the stream had started (200, `text/event-stream`) when it broke.
        case dropped(ConnectionFailure, opened: Bool, retryAfter: Duration?)
    }

    /// A graph is a picture of the run: a server too slow to draw it has none, and the feed's
    /// end waits no longer than this for it.
    private static let graphDeadline = TimeAmount.seconds(3)
    private static let errorBodyLimit = 64 << 10
    private static let batchBodyLimit = 64 << 20

    private let options: LiveOptions
    private let clock: SessionClock
    private let restarts: RestartSignal
    private let out: RedactingSink
    /// The last state reported: how the feed ends follows from it.
    private var status: ConnectionStatus?
    private let client: HTTPClient

    private var parser: SSEParser
    private var filter = ResumeFilter()
    /// The run has reached the seed servers' final whole-run progress of 1.0.
    private var reachedFinalProgress = false
    private var numbered = SessionItems()

    init(options: LiveOptions, clock: SessionClock, restarts: RestartSignal, out: FeedBuffer) {
        self.options = options
        self.clock = clock
        self.restarts = restarts
        self.out = RedactingSink(out, redactor: SecretRedactor(options.request.secrets))
        parser = SSEParser(maxEventBytes: options.maxEventBytes)
        client = HTTPClientSetup.client(
            for: options.request.url, insecure: options.insecure, idleTimeout: options.idleTimeout, environment: options.environment
        )
    }

    func run() async {
        let graph = options.graphURL.flatMap(URL.init(string:)).map { url in
            Task { [client, request = options.request, out] in await Self.sendGraph(from: url, client: client, request: request, out: out) }
        }
        await connectLoop()
        // The end stays the last element: a graph still on its way is waited for, within its deadline.
        await graph?.value
        try? await client.shutdown()
        await out.send(.end(FeedEnd(after: status)))
    }

    private func report(_ status: ConnectionStatus) async {
        self.status = status
        await out.send(.connection(status))
    }

    private func connectLoop() async {
        var attempt = 0
        while !Task.isCancelled {
            await report(.connecting)
            let began = ContinuousClock.now
            let ending = await connect()
            if Task.isCancelled { return }
            switch ending {
            case .completed:
                await report(.completed)
                return
            case .stopped:
                await report(.ended("the server ended the stream (HTTP 204)"))
                return
            case .failed(let reason):
                await report(.failed(reason))
                return
            case .fallback(let reason, let named):
                await fetchBatch(reason: reason, named: named)
                return
            case .dropped(let failure, let opened, let retryAfter):
                await out.send(.notice(failure.reason, isError: true))
                if failure.stalled { await report(.stalled(seconds: Int(options.idleTimeout.seconds.rounded(.up)))) }
                guard failure.retryable else {
                    await report(.failed(failure.reason))
                    return
                }
                guard !options.once else {
                    await report(.failed("\(failure.reason); not reconnecting (--once)"))
                    return
                }
                if opened, parser.lastEventID.isEmpty {
                    // Without ids the server cannot resume: a new request is a new analysis.
                    restarts.arm()
                    await report(.interrupted("stream ended before completion; the server cannot resume"))
                    switch options.onInterruption {
                    case .end:
                        return
                    case .waitForRestart:
                        await restarts.wait()
                        if Task.isCancelled { return }
                        attempt = 0
                        startNewRun()
                        continue
                    case .restart:
                        startNewRun()
                    }
                }
                if opened, ContinuousClock.now - began >= options.policy.healthyAfter { attempt = 0 }
                attempt += 1
                let retry = parser.retryMilliseconds.map { Duration.milliseconds($0) }
                let delay = retryAfter ?? options.policy.delay(attempt: attempt, retry: retry)
                filter.resuming()
                guard await countDown(delay, attempt: attempt) else { return }
            }
        }
    }

    /// A new analysis: nothing of the broken run's stream carries over.
    private func startNewRun() {
        parser = SSEParser(maxEventBytes: options.maxEventBytes)
        filter = ResumeFilter()
        reachedFinalProgress = false
    }

    /// Shows the wait second by second; false if the feed was cancelled meanwhile.
    private func countDown(_ delay: Duration, attempt: Int) async -> Bool {
        var remaining = delay
        repeat {
            let shown = remaining.seconds.rounded(.up)
            await report(.reconnecting(inSeconds: Int(shown), attempt: attempt))
            let step = remaining - .seconds(max(0, shown - 1))
            do {
                try await options.sleep(step)
            } catch {
                return false
            }
            remaining -= step
        } while remaining > .zero
        return !Task.isCancelled
    }

    // MARK: - One connection

    private func connect() async -> Ending {
        let host = Self.host(of: options.request.url)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(options.request.httpRequest(lastEventID: parser.lastEventID), deadline: .distantFuture)
        } catch {
            return .dropped(ConnectionFailure(error, host: host), opened: false, retryAfter: nil)
        }
        let status = Int(response.status.code)
        let body = status == 200 ? [] : await Self.start(of: response.body)
        let verdict = ResponseVerdict(
            status: status, reason: response.status.reasonPhrase, contentType: response.headers.first(name: "Content-Type"),
            retryAfter: response.headers.first(name: "Retry-After"), body: body, now: options.now()
        )
        switch verdict {
        case .open: break
        case .stop: return .stopped
        case .fail(let reason): return .failed(reason)
        case .fallback(let reason, let named): return .fallback(reason: reason, batchURL: named)
        case .retry(let reason, let after): return .dropped(ConnectionFailure(reason: reason, retryable: true), opened: false, retryAfter: after)
        }
        if let encoding = response.headers.first(name: "Content-Encoding"), encoding.lowercased() != "identity" {
            return .failed("the server sent the stream compressed (Content-Encoding: \(TextSanitizer.clean(encoding))), which streamtop does not read; ask it not to compress text/event-stream")
        }
        await report(.streaming)
        var check = BodyCheck()
        do {
            for try await buffer in response.body {
                check.look(at: buffer)
                // analysis_completed: leaving the loop cancels the request and closes the connection.
                let (items, finished) = deliver(buffer)
                check.events += items.count
                if !items.isEmpty { await out.send(.items(items)) }
                if finished { return .completed }
            }
        } catch {
            await finishBody()
            if reachedFinalProgress { return .completed }
            return .dropped(ConnectionFailure(error, host: host), opened: true, retryAfter: nil)
        }
        await finishBody()
        if reachedFinalProgress { return .completed }
        if let notText = check.notText {
            return .failed("the stream's body is not text (\(notText)): no event could be read from it")
        }
        return .dropped(ConnectionFailure(reason: "the stream ended before the run completed", retryable: true), opened: true, retryAfter: nil)
    }

    /// What a connection's body looked like, to say why a body that gave no event gave none.
    private struct BodyCheck {
        var bytes = 0
        var events = 0
        private var nulBytes = 0

        /// Once an event came the body is a stream: no byte is looked at again.
        mutating func look(at buffer: ByteBuffer) {
            guard events == 0 else { return }
            bytes += buffer.readableBytes
            nulBytes += buffer.readableBytesView.lazy.filter { $0 == 0 }.count
        }

        /// Why the body is not an event stream, when it gave no event and plainly is not one (a
        /// gzip body unannounced, an image…: text never holds NUL bytes).
        var notText: String? {
            guard events == 0, bytes > 0, nulBytes > 0 else { return nil }
            return "\(bytes) bytes, \(nulBytes) of them NUL"
        }
    }

    private func finishBody() async {
        guard let item = numbered.endOfBody(&parser, offset: clock.offset()) else { return }
        await out.send(.items([item]))
    }

    /// Parses, filters and decodes one read into one batch of items, and says whether
    /// `analysis_completed` ended the run (nothing after it is dispatched).
    private func deliver(_ buffer: ByteBuffer) -> (items: [FeedItem], finished: Bool) {
        let offset = clock.offset()
        let arrival = clock.arrival(at: offset)
        var items: [FeedItem] = []
        var finished = false
        buffer.withUnsafeReadableBytes { bytes in
            parser.feed(bytes) { parsed in
                guard !finished else { return }
                switch parsed {
                case .event(let wire, _):
                    guard filter.admit(id: wire.lastEventID) else { return }
                    let item = item(wire, offset: offset, arrival: arrival)
                    switch RunCompletion(item.event) {
                    case .finished: finished = true
                    case .finalProgress: reachedFinalProgress = true
                    case .no: break
                    }
                    items.append(item)
                case .overflow(let overflow):
                    items.append(numbered.diagnostic(overflow.reason, offset: offset))
                }
            }
        }
        return (items, finished)
    }

    /// The next item: the event decoded, a missing timestamp filled by its arrival.
    private func item(_ wire: SSEEvent, offset: Double, arrival: Timestamp) -> FeedItem {
        numbered.event(wire.redacted(by: out.redactor), arrival: arrival, offset: offset)
    }

    private static func host(of url: URL) -> String {
        (url.host ?? "the server") + (url.port.map { ":\($0)" } ?? "")
    }

    /// Up to 64 KiB of an error's body, for its message and a named fallback.
    private static func start(of body: HTTPClientResponse.Body) async -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                bytes.append(contentsOf: buffer.readableBytesView.prefix(errorBodyLimit - bytes.count))
                if bytes.count >= errorBodyLimit { break }
            }
        } catch {
            // The start is all that is wanted; a body cut short still has one.
        }
        return bytes
    }

    // MARK: - The server's graph

    /// The graph the server says its pipeline has, as the feed's pipeline; an error, a slow or
    /// a bad answer is no graph (the dashboard draws the stages seen instead).
    private static func sendGraph(from url: URL, client: HTTPClient, request: StreamRequest, out: RedactingSink) async {
        let asked = request.httpRequest(to: url, accept: "application/json")
        guard let shape = await AssistantGraph.fetch(asked, client: client, within: graphDeadline, redactor: out.redactor) else { return }
        await out.send(.pipeline(shape))
    }

    // MARK: - Batch fallback

    private func fetchBatch(reason: String, named: String?) async {
        guard let url = BatchFallback.url(given: options.batchURL, named: named, stream: options.request.url) else {
            await report(.failed("streaming is unavailable (\(reason)), and there is no batch endpoint to fall back to (give one with --batch-url)"))
            return
        }
        let shown = StreamRequest.display(url)
        await out.send(.notice("streaming is unavailable (\(reason)); fetching the final result from \(shown)", isError: true))
        let noResult = "streaming is unavailable (\(reason)), and the batch endpoint \(shown) has no result"
        do {
            let response = try await client.execute(
                options.request.httpRequest(to: url, accept: "application/json, text/event-stream"), deadline: .distantFuture
            )
            guard response.status == .ok else {
                let start = ResponseVerdict.bodyStart(await Self.start(of: response.body))
                let status = "HTTP \(response.status.code) \(response.status.reasonPhrase)"
                await report(.failed("\(noResult): \(status)\(start.isEmpty ? "" : ": " + start)"))
                return
            }
            let body = try await response.body.collect(upTo: Self.batchBodyLimit)
            let contentType = response.headers.first(name: "Content-Type")
            let answer = try BatchFallback.events(body: Array(body.readableBytesView), contentType: contentType)
            guard !answer.events.isEmpty else { throw BatchError("it holds no events") }
            let offset = clock.offset()
            await out.send(.items(answer.events.map { item($0, offset: offset, arrival: clock.arrival(at: offset)) }))
            if let leftOut = answer.leftOut { await out.send(.notice(leftOut, isError: false)) }
            // "Not live" first: the header cuts a long status at its end.
            await report(.notLive("not live: the final result from \(shown); streaming is unavailable (\(reason))"))
        } catch let error as BatchError {
            await report(.failed("\(noResult): \(error)"))
        } catch {
            await report(.failed("\(noResult): \(ConnectionFailure(error, host: Self.host(of: url)).reason)"))
        }
    }
}
