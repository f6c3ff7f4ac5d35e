import EventStream
import JSON

extension AnalysisEvent {
    /// Decodes one SSE event. See ``decode(json:eventName:line:arrival:)``.
    public static func decode(
        _ event: SSEEvent, line: Int? = nil, arrival: Timestamp? = nil, cache: StringCache? = nil
    ) -> AnalysisEvent {
        decode(payload: event.dataBytes, eventName: event.type, line: line, arrival: arrival, cache: cache)
    }

    /// Decodes one envelope given as a String. See ``decode(json:eventName:line:arrival:)``.
    public static func decode(json: String, eventName: String = "message", line: Int? = nil, arrival: Timestamp? = nil)
        -> AnalysisEvent
    {
        decode(payload: Array(json.utf8), eventName: eventName, line: line, arrival: arrival, cache: nil)
    }

    /// Decodes one envelope, tolerantly and totally: it never throws.
    ///
    /// - The type is the JSON's `type`, else the SSE `event:` name (LangGraph servers put it
    ///   there), else the input is ``Kind/malformed(_:)``.
    /// - Fields come from the `data` object; envelope-less payloads (no `data` object) are read
    ///   from the top level.
    /// - A field of the wrong type is dropped with a note in ``problems``; the rest is kept.
    /// - Progress is clamped to 0…1; a missing timestamp becomes `arrival`.
    /// - Every string is passed through ``TextSanitizer``; invalid UTF-8 becomes U+FFFD, as it
    ///   would had the bytes been made a String first.
    /// - A feed passes one `cache` for its whole stream, so that the ids and names repeated
    ///   on every event are not made again each time.
    /// - A LangGraph Server's stream modes (`metadata`, `tasks`, `updates`, `messages`, …, and
    ///   streamtop's own `streamtop_run`) are read by their `event:` name instead, as
    ///   ``Kind/graph(_:)`` or counted by name (see `GraphEventDecoder`); `custom` and `error`
    ///   events are envelopes as above.
    public static func decode(
        json bytes: UnsafeBufferPointer<UInt8>, eventName: String = "message", line: Int? = nil,
        arrival: Timestamp? = nil, cache: StringCache? = nil
    ) -> AnalysisEvent {
        decode(payload: Array(bytes), eventName: eventName, line: line, arrival: arrival, cache: cache)
    }

    /// The plain texts that the event defers point into `payload`, which the event keeps.
    static func decode(
        payload: [UInt8], eventName: String, line: Int?, arrival: Timestamp?, cache: StringCache?
    ) -> AnalysisEvent {
        payload.withUnsafeBufferPointer { bytes in
            decode(bytes, of: payload, eventName: eventName, line: line, arrival: arrival, cache: cache)
        }
    }

    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, of payload: [UInt8], eventName: String, line: Int?, arrival: Timestamp?,
        cache: StringCache?
    ) -> AnalysisEvent {
        // The seed's events have the default name: for them this one comparison is all that
        // reading LangGraph's modes costs.
        let isDefaultName = eventName == "message" || eventName.isEmpty
        if !isDefaultName, let graph = GraphEventDecoder(eventName: eventName) {
            return graph.decode(bytes, line: line, arrival: arrival, cache: cache)
        }
        let namedType = isDefaultName ? nil : TypeName(eventName)
        var scanner = JSONScanner(bytes, cache: cache)
        var envelope = Envelope()
        do {
            if try scanner.peek() == .object {
                try envelope.read(&scanner)
            } else {
                try scanner.skipValue()
                envelope.isObject = false
            }
            try scanner.expectEnd()
        } catch {
            let reason = "not JSON (\(error)): \(Envelope.preview(bytes))"
            return AnalysisEvent(.malformed(reason: reason), timestamp: arrival, line: line)
        }
        guard let type = envelope.type ?? namedType else {
            let reason = envelope.isObject
                ? "JSON without a \"type\": \(Envelope.preview(bytes))"
                : "JSON that is not an object: \(Envelope.preview(bytes))"
            return AnalysisEvent(.malformed(reason: reason), timestamp: arrival, line: line)
        }
        return envelope.takeEvent(type: type, line: line, arrival: arrival, bytes: bytes, of: payload, cache: cache)
    }
}

/// The fields of one envelope as they are read, before they become an ``AnalysisEvent``.
/// An event's type: one streamtop knows, recognised without making a String, or another.
enum TypeName {
    case known(KnownType)
    case other(String)

    /// Unknown types are counted by name, so a name is kept to this many characters.
    static let nameLimit = 64

    /// A name from the SSE `event:` field: known as sent, or once cleaned (a name that only
    /// control characters kept from being known is that type), else cut as a JSON one is.
    init(_ name: String) {
        var name = name
        if let known = name.withUTF8({ KnownType(wireName: $0) }) {
            self = .known(known)
            return
        }
        var cleaned = TextSanitizer.clean(name)
        self = cleaned.withUTF8 { KnownType(wireName: $0) }.map(TypeName.known) ?? .other(String(cleaned.prefix(Self.nameLimit)))
    }

    static func read(_ scanner: inout JSONScanner, _ problems: inout [String]) throws -> TypeName? {
        if try scanner.peek() == .string, let bytes = try scanner.readPlainStringBytes() {
            if let known = KnownType(wireName: bytes) { return .known(known) }
            return .other(String(decoding: bytes.prefix(nameLimit), as: UTF8.self))
        }
        // Escapes can spell control characters: the text is matched as the event name is, cleaned.
        return try Fields.readText(&scanner, "type", &problems).map(TypeName.init)
    }
}

struct Envelope {
    var isObject = true
    var type: TypeName?
    var timestamp: Timestamp?
    var sessionID: EventText?
    var requestID: EventText?
    /// The `data` object's fields; for a bare payload with no `data` object, the top level's.
    var fields = Fields()
    var sawDataObject = false
    var problems: [String] = []

    mutating func read(_ scanner: inout JSONScanner) throws {
        try scanner.readObject { key, scanner in
            if key.is("type") {
                type = try TypeName.read(&scanner, &problems)
            } else if key.is("data"), try scanner.peek() == .object {
                // The data object wins over any data-like fields seen beside it.
                sawDataObject = true
                fields = Fields()
                try scanner.readObject { key, scanner in try fields.read(key, &scanner, &problems) }
            } else if key.is("timestamp") {
                timestamp = try Fields.readTimestamp(&scanner, &problems)
            } else if key.is("metadata"), try scanner.peek() == .object {
                try scanner.readObject { key, scanner in
                    if key.is("session_id") {
                        sessionID = try Fields.readDeferredText(&scanner, "metadata.session_id", &problems)
                    } else if key.is("request_id") {
                        requestID = try Fields.readDeferredText(&scanner, "metadata.request_id", &problems)
                    } else {
                        try scanner.skipValue()
                    }
                }
            } else if sawDataObject {
                try scanner.skipValue()
            } else {
                try fields.read(key, &scanner, &problems)
            }
        }
    }

    /// The event, its values moved out of the envelope, which is left empty: copied, each
    /// string would be retained here and released again with the envelope, on every event.
    mutating func takeEvent(
        type: TypeName, line: Int?, arrival: Timestamp?, bytes: UnsafeBufferPointer<UInt8>, of payload: [UInt8],
        cache: StringCache?
    ) -> AnalysisEvent {
        let kind = fields.takeKind(type: type, enveloped: sawDataObject, problems: &problems, bytes: bytes, cache: cache)
        var problems: [String] = []
        swap(&problems, &self.problems)
        return AnalysisEvent(
            kind, timestamp: timestamp ?? arrival, sessionIDText: sessionID.take(), requestIDText: requestID.take(),
            stageText: fields.stage.take(), competitorText: fields.competitor.take(), progress: fields.progress,
            competitorProgress: fields.competitorProgress, messageText: fields.message.take(), report: fields.report.take(),
            line: line, problems: problems, payload: payload
        )
    }

    /// The start of a payload for a diagnostic, on one line and safe to print.
    static func preview(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let cleaned = TextSanitizer.clean(String(decoding: bytes.prefix(400), as: UTF8.self))
        return cleaned.count > 80 ? cleaned.prefix(80) + "…" : cleaned
    }
}

/// The `data` fields that any event type may carry.
struct Fields {
    var stage: EventText?
    var competitor: EventText?
    var progress: Double?
    var competitorProgress: Double?
    var message: EventText?
    var query: String?
    var count: Int?
    var sources: [SourcePreview] = []
    var insight: Insight?
    var text: String?
    var category: String?
    var confidence: Double?
    var error: String?
    var errorType: String?
    var durationMs: Double?
    var summary: String?
    var report: JSONValue?

    mutating func read(_ key: JSONKey, _ scanner: inout JSONScanner, _ problems: inout [String]) throws {
        if key.is("stage") {
            stage = try Self.readDeferredText(&scanner, "stage", &problems)
        } else if key.is("competitor") {
            competitor = try Self.readDeferredText(&scanner, "competitor", &problems)
        } else if key.is("progress") {
            progress = try Self.readFraction(&scanner, "progress", &problems)
        } else if key.is("competitor_progress") {
            competitorProgress = try Self.readFraction(&scanner, "competitor_progress", &problems)
        } else if key.is("message") {
            message = try Self.readDeferredText(&scanner, "message", &problems)
        } else if key.is("query") {
            query = try Self.readText(&scanner, "query", &problems, cached: true)
        } else if key.is("count") {
            count = try Self.readNumber(&scanner, "count", &problems).flatMap { $0 >= 0 && $0 < 1e15 ? Int($0) : nil }
        } else if key.is("sources") {
            sources = try Self.readSources(&scanner, &problems)
        } else if key.is("insight") {
            insight = try Self.readInsight(&scanner, &problems)
        } else if key.is("text") {
            text = try Self.readText(&scanner, "text", &problems, cached: true)
        } else if key.is("category") {
            category = try Self.readText(&scanner, "category", &problems, cached: true)
        } else if key.is("confidence") {
            confidence = try Self.readFraction(&scanner, "confidence", &problems)
        } else if key.is("error") {
            try readError(&scanner, &problems)
        } else if key.is("error_type") {
            errorType = try Self.readText(&scanner, "error_type", &problems, cached: true)
        } else if key.is("duration_ms") {
            durationMs = try Self.readNumber(&scanner, "duration_ms", &problems)
        } else if key.is("summary") {
            if try scanner.peek() == .string {
                summary = try Self.readText(&scanner, "summary", &problems)
            } else {
                report = try scanner.readValue()
            }
        } else if key.is("report") {
            report = try scanner.readValue()
        } else {
            try scanner.skipValue()
        }
    }

    /// `enveloped`: the fields came from a `data` object rather than a bare payload. The kind's
    /// own values are moved out; those the event carries too (competitor, message) are copied.
    mutating func takeKind(
        type: TypeName, enveloped: Bool, problems: inout [String], bytes: UnsafeBufferPointer<UInt8>, cache: StringCache?
    ) -> AnalysisEvent.Kind {
        let known: KnownType
        switch type {
        case .other(let name): return .unknown(type: name)
        case .known(let type): known = type
        }
        switch known {
        case .stageStarted:
            if stage == nil { problems.append("stage_started without a stage") }
            return .stageStarted
        case .stageCompleted: return .stageCompleted(durationMs: durationMs)
        case .progressUpdate: return .progressUpdate
        case .searchStarted: return .searchStarted(query: query.take())
        case .sourcesFound:
            var previews: [SourcePreview] = []
            swap(&previews, &sources)
            return .sourcesFound(SourcesFound(count: count ?? previews.count, previews: previews, query: query.take()))
        case .insightGenerated:
            var insight = insight.take() ?? Insight(text: text.take() ?? "")
            insight.competitor = insight.competitor ?? competitor?.string(in: bytes, cache: cache)
            insight.category = insight.category ?? category
            insight.confidence = insight.confidence ?? confidence
            if insight.text.isEmpty {
                problems.append("insight_generated without insight text")
                insight.text = message?.string(in: bytes, cache: cache) ?? "(no text)"
            }
            return .insightGenerated(insight)
        case .error:
            let message = message?.string(in: bytes, cache: cache)
            // LangGraph servers send a bare {"error": "<exception class>", "message": "<what happened>"}.
            if !enveloped, let error, let message, !error.contains(" ") {
                return .error(ErrorReport(message: message, errorType: errorType ?? error))
            }
            return .error(ErrorReport(message: error.take() ?? message ?? "unspecified error", errorType: errorType.take()))
        case .heartbeat: return .heartbeat
        case .analysisCompleted: return .analysisCompleted(summary: summary.take())
        case .malformed: return .unknown(type: known.name)
        }
    }

    private mutating func readError(_ scanner: inout JSONScanner, _ problems: inout [String]) throws {
        guard try scanner.peek() == .object else {
            error = try Self.readText(&scanner, "error", &problems)
            return
        }
        try scanner.readObject { key, scanner in
            if key.is("message") {
                error = try Self.readText(&scanner, "error.message", &problems)
            } else if key.is("type") || key.is("error_type") || key.is("code") {
                errorType = try Self.readText(&scanner, "error.type", &problems)
            } else {
                try scanner.skipValue()
            }
        }
    }

    // MARK: - Tolerant readers

    /// As ``readText(_:_:_:cached:)``, but a plain string is only located, not made.
    static func readDeferredText(_ scanner: inout JSONScanner, _ field: String, _ problems: inout [String]) throws -> EventText? {
        if try scanner.peek() == .string, let range = try scanner.readPlainStringRange() {
            return .span(start: UInt32(range.lowerBound), count: UInt32(range.count))
        }
        return try readText(&scanner, field, &problems, cached: true).map(EventText.string)
    }

    /// A string, sanitised; a number or bool is taken as its text; anything else is a problem.
    static func readText(
        _ scanner: inout JSONScanner, _ field: String, _ problems: inout [String], cached: Bool = false
    ) throws -> String? {
        switch try scanner.peek() {
        case .string:
            let (text, plain) = try scanner.readStringNotingPlainness(cached: cached)
            return plain ? text : TextSanitizer.clean(text)
        case .number: return JSONValue.format(try scanner.readNumber())
        case .bool: return String(try scanner.readBool())
        case .null:
            try scanner.readNull()
            return nil
        case let kind:
            return try reject(&scanner, "\(field) should be a string, not \(kind)", &problems)
        }
    }

    /// A number, or a string holding one.
    static func readNumber(_ scanner: inout JSONScanner, _ field: String, _ problems: inout [String]) throws -> Double? {
        switch try scanner.peek() {
        case .number: return try scanner.readNumber()
        case .null:
            try scanner.readNull()
            return nil
        case .string:
            let text = try scanner.readString()
            if let number = Double(text.filter { $0 != " " }), number.isFinite { return number }
            problems.append("\(field) should be a number, not \"\(TextSanitizer.clean(String(text.prefix(40))))\"")
            return nil
        case let kind:
            return try reject(&scanner, "\(field) should be a number, not \(kind)", &problems)
        }
    }

    /// Skips a value of the wrong kind, noting why it was not used.
    private static func reject<Value>(_ scanner: inout JSONScanner, _ problem: String, _ problems: inout [String]) throws -> Value? {
        try scanner.skipValue()
        problems.append(problem)
        return nil
    }

    static func readFraction(_ scanner: inout JSONScanner, _ field: String, _ problems: inout [String]) throws -> Double? {
        try readNumber(&scanner, field, &problems).map { min(1, max(0, $0)) }
    }

    static func readTimestamp(_ scanner: inout JSONScanner, _ problems: inout [String]) throws -> Timestamp? {
        switch try scanner.peek() {
        case .number:
            // Epoch seconds, or milliseconds from servers that count them.
            let number = try scanner.readNumber()
            return Timestamp(seconds: number > 1e11 ? number / 1000 : number)
        case .string:
            // A plain timestamp, as servers write them, is parsed from its bytes.
            let text: String
            if let bytes = try scanner.readPlainStringBytes() {
                if let timestamp = Timestamp(iso8601: bytes) { return timestamp }
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                text = try scanner.readString()
                if let timestamp = Timestamp(iso8601: text) { return timestamp }
            }
            problems.append("timestamp is not ISO 8601: \"\(TextSanitizer.clean(String(text.prefix(40))))\"")
            return nil
        case .null:
            try scanner.readNull()
            return nil
        case let kind:
            return try reject(&scanner, "timestamp should be a string, not \(kind)", &problems)
        }
    }

    private static func readSources(_ scanner: inout JSONScanner, _ problems: inout [String]) throws -> [SourcePreview] {
        guard try scanner.peek() == .array else {
            try scanner.skipValue()
            problems.append("sources should be an array")
            return []
        }
        var previews: [SourcePreview] = []
        try scanner.readArray { scanner in
            guard try scanner.peek() == .object else {
                try scanner.skipValue()
                problems.append("a source should be an object")
                return
            }
            var title: String?
            var url: String?
            var snippet: String?
            var score: Double?
            var published: String?
            try scanner.readObject { key, scanner in
                if key.is("title") {
                    title = try readText(&scanner, "source.title", &problems, cached: true)
                } else if key.is("url") {
                    url = try readText(&scanner, "source.url", &problems)
                } else if key.is("snippet") || key.is("content") {
                    snippet = try readText(&scanner, "source.snippet", &problems, cached: true)
                } else if key.is("score") {
                    score = try readNumber(&scanner, "source.score", &problems)
                } else if key.is("published_date") {
                    published = try readText(&scanner, "source.published_date", &problems)
                } else {
                    try scanner.skipValue()
                }
            }
            let link = url ?? ""
            previews.append(SourcePreview(
                title: title ?? (link.isEmpty ? "(untitled)" : link), url: link, snippet: snippet,
                score: score, publishedDate: published
            ))
        }
        return previews
    }

    private static func readInsight(_ scanner: inout JSONScanner, _ problems: inout [String]) throws -> Insight? {
        guard try scanner.peek() == .object else {
            return try readText(&scanner, "insight", &problems).map { Insight(text: $0) }
        }
        var fields = Fields()
        var title: String?
        var summary: String?
        var sources: [String] = []
        try scanner.readObject { key, scanner in
            if key.is("title") {
                title = try readText(&scanner, "insight.title", &problems, cached: true)
            } else if key.is("summary") || key.is("description") {
                summary = try readText(&scanner, "insight.summary", &problems, cached: true)
            } else if key.is("sources"), try scanner.peek() == .array {
                try scanner.readArray { scanner in
                    if try scanner.peek() == .string {
                        sources.append(TextSanitizer.clean(try scanner.readString()))
                    } else {
                        try scanner.skipValue()
                    }
                }
            } else {
                try fields.read(key, &scanner, &problems)
            }
        }
        return Insight(
            text: summary ?? fields.text ?? title ?? "", title: title, category: fields.category,
            confidence: fields.confidence, competitor: fields.competitor?.string(in: scanner.bytes, cache: scanner.cache),
            sources: sources
        )
    }
}
