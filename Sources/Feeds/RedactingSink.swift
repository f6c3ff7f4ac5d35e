import Analysis
import EventStream

/// Where a feed that talks to a server sends its elements: a ``FeedBuffer`` in front of which
/// the texts a server may have filled (connection states, notices) lose their secrets. Events
/// are redacted where they are decoded, from their wire form, so that a recording never holds
/// a secret either.
public struct RedactingSink: Sendable {
    public let buffer: FeedBuffer
    public let redactor: SecretRedactor

    public init(_ buffer: FeedBuffer, redactor: SecretRedactor) {
        self.buffer = buffer
        self.redactor = redactor
    }

    @discardableResult
    public func send(_ element: FeedElement) async -> Bool {
        guard !redactor.isEmpty else { return await buffer.send(element) }
        switch element {
        case .connection(let status): return await buffer.send(.connection(status.redacted(by: redactor)))
        case .notice(let text, let isError): return await buffer.send(.notice(redactor.redact(text), isError: isError))
        case .end(let end): return await buffer.send(.end(end.redacted(by: redactor)))
        case .items, .playback, .snapshot, .pipeline: return await buffer.send(element)
        }
    }
}

extension ConnectionStatus {
    func redacted(by redactor: SecretRedactor) -> ConnectionStatus {
        switch self {
        case .ended(let text): .ended(redactor.redact(text))
        case .failed(let text): .failed(redactor.redact(text))
        case .interrupted(let text): .interrupted(redactor.redact(text))
        case .notLive(let text): .notLive(redactor.redact(text))
        case .needsInput(let text): .needsInput(redactor.redact(text))
        case .connecting, .streaming, .stalled, .reconnecting, .completed: self
        }
    }
}

extension FeedEnd {
    func redacted(by redactor: SecretRedactor) -> FeedEnd {
        switch self {
        case .finished: .finished
        case .failed(let text): .failed(redactor.redact(text))
        case .interrupted(let text): .interrupted(redactor.redact(text))
        }
    }
}


extension SSEEvent {
    /// The event with every secret taken out of its data.
    public func redacted(by redactor: SecretRedactor) -> SSEEvent {
        guard !redactor.isEmpty, dataBytes.withUnsafeBufferPointer(redactor.holdsSecret) else { return self }
        let data = redactor.redact(self.data)
        return data == self.data ? self : SSEEvent(type: type, data: data, lastEventID: lastEventID)
    }
}
