import Analysis
import EventStream
import Hummingbird
import NIOCore
import Synchronization

/// One client's stream of a run: the `retry:` hint, the run's events after the client's place
/// as they are held, a heartbeat every `heartbeat` (no id: not part of the run's numbering),
/// and the end — the run's last event, or a final `error` saying why it stopped (cancelled, the
/// server closing). A client that goes is noticed when its side of the connection closes, or
/// at the next write at the latest.
struct RunStream: Sendable {
    let watching: Watching
    var run: ServedRun { watching.run }
    /// The number of the last event the client has (0 for none).
    let after: Int
    let heartbeat: Duration
    let retryHint: Duration
    let metrics: ServeMetrics
    /// True once the server is closing.
    let closing: @Sendable () -> Bool

    /// Writes the stream until it ends; says why it ended.
    func write(to writer: inout any ResponseBodyWriter, request: Request) async -> ServeMetrics.EndReason {
        let watcher = watching
        let clientGone = Atomic(false)
        let heartbeatsDue = Atomic(0)
        let start = ContinuousClock.now
        let ticker = Task { [heartbeat] in
            var tick = 1
            while true {
                do { try await Task.sleep(until: start + heartbeat * tick, clock: .continuous) } catch { return }
                heartbeatsDue.add(1, ordering: .relaxed)
                watcher.ring()
                tick += 1
            }
        }
        defer { ticker.cancel() }
        watcher.ring()
        var sent = after
        var reason = ServeMetrics.EndReason.error
        do {
            try await writer.write(ByteBuffer(string: SSEEncoder.retry(milliseconds: Int(retryHint / .milliseconds(1))) + "\n"))
            try await request.body.consumeWithInboundCloseHandler { _ in
                for await _ in watcher.bell {
                    if clientGone.load(ordering: .relaxed) {
                        reason = .clientGone
                        return
                    }
                    let reading = run.reading(after: sent)
                    var out = ByteBuffer()
                    for event in reading.events { out.writeBytes(event.frame) }
                    let heartbeatDue = heartbeatsDue.exchange(0, ordering: .relaxed) > 0
                    if heartbeatDue { out.writeString(heartbeatFrame()) }
                    let end = endFrame(reading)
                    let serverClosing = end == nil && closing()
                    if let (frame, why) = end {
                        out.writeString(frame)
                        reason = why
                    } else if serverClosing {
                        out.writeString(finalFrame("the server is shutting down", type: "server_shutdown"))
                        reason = .shutdown
                    }
                    if out.readableBytes > 0 { try await writer.write(out) }
                    // Counted once written: a write to a client that went sent nothing.
                    sent += reading.events.count
                    for event in reading.events { metrics.sent(type: event.type) }
                    if heartbeatDue { metrics.heartbeats.increment() }
                    if end != nil || serverClosing { return }
                }
            } onInboundClosed: {
                clientGone.store(true, ordering: .relaxed)
                watcher.ring()
            }
            try await writer.finish(nil)
        } catch {
            // A write to a client that went: the stream is over either way.
            return .clientGone
        }
        return reason
    }

    /// When the run is over and everything is sent: what ends the stream (nothing more for a
    /// run whose own last event says how it ended; an error for one that was stopped).
    private func endFrame(_ reading: ServedRun.Reading) -> (String, ServeMetrics.EndReason)? {
        switch reading.status {
        case .running: nil
        case .completed: ("", .completed)
        case .failed: ("", .error)
        case .cancelled: (finalFrame(reading.endReason ?? "the run was cancelled", type: "run_cancelled"), .error)
        }
    }

    private func heartbeatFrame() -> String {
        let event = AnalysisEvent(.heartbeat, timestamp: .now, sessionID: run.sessionID, requestID: run.requestID)
        return SSEEncoder.encode(SSEEvent(data: event.envelope.serialized()))
    }

    /// An `error` that is not one of the run's events: it carries no id.
    private func finalFrame(_ message: String, type: String) -> String {
        let event = AnalysisEvent(
            .error(ErrorReport(message: message, errorType: type)), timestamp: .now, sessionID: run.sessionID,
            requestID: run.requestID)
        return SSEEncoder.encode(SSEEvent(data: event.envelope.serialized()))
    }
}
