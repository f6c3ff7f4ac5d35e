import JSON

/// Reads a LangGraph Server event by its SSE `event:` name, `<mode>` or `<mode>|<ns>|<ns>…`.
///
/// | mode | becomes |
/// |---|---|
/// | `metadata` | ``GraphEvent/Part/runStarted(runID:)`` from `run_id` |
/// | `tasks` | a start (`id`, `name`, `input`, `triggers`): ``GraphEvent/Part/taskStarted(taskID:node:)``, with the input's `competitor` as the event's; a result (`id`, `name`, `error`, `result`, `interrupts`): ``GraphEvent/Part/taskFinished(taskID:node:error:interrupted:)`` |
/// | `updates` | `{"__interrupt__": [{"value", "id"}]}`: ``GraphEvent/Part/interrupted(_:)``; else its keys: ``GraphEvent/Part/nodesUpdated(_:)`` |
/// | `messages` (messages-tuple) | `[chunk, metadata]`: a delta ``GraphEvent/Part/message(_:)`` |
/// | `messages/partial` | `[message_so_far]`: the whole text so far |
/// | `streamtop_run` | ``GraphEvent/Part/runStatus(_:)`` |
/// | `values`, `debug`, `checkpoints`, `events`, `messages/metadata`, `messages/complete` | ``AnalysisEvent/Kind/unknown(type:)`` named by the mode; only `debug`'s `timestamp` is read |
///
/// `custom` and `error` (and any other name) are not read here: they are envelopes. A payload
/// that is JSON but not of the expected shape keeps what can be kept, with notes; when nothing
/// usable is left, it is counted by its mode as an unknown type, with the notes. The payload's
/// JSON `type`, if any, is never the event's type (a graph state may well have such a key).
struct GraphEventDecoder {
    enum Mode {
        case metadata, tasks, updates, messagesTuple, messagesPartial, streamtopRun
        /// Counted by name, nothing read.
        case counted
        /// Counted by name; its `timestamp` is the server's.
        case debug
    }

    let mode: Mode
    /// The mode's name, as events are counted.
    let modeName: String
    /// The whole name, sanitised.
    let name: String
    let namespace: [String]

    /// Nil for a name that is not one of LangGraph's modes read by name.
    init?(eventName: String) {
        let modeName = eventName.prefix { $0 != "|" }
        switch modeName {
        case "metadata": mode = .metadata
        case "tasks": mode = .tasks
        case "updates": mode = .updates
        case "messages": mode = .messagesTuple
        case "messages/partial": mode = .messagesPartial
        case "streamtop_run": mode = .streamtopRun
        case "debug": mode = .debug
        case "values", "checkpoints", "events", "messages/metadata", "messages/complete": mode = .counted
        default: return nil
        }
        self.modeName = String(modeName)
        let isNamespaced = modeName.endIndex < eventName.endIndex
        name = isNamespaced ? TextSanitizer.clean(eventName) : self.modeName
        namespace = isNamespaced
            ? eventName[eventName.index(after: modeName.endIndex)...].split(separator: "|", omittingEmptySubsequences: false)
                .map { TextSanitizer.clean(String($0)) }
            : []
    }

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, line: Int?, arrival: Timestamp?, cache: StringCache?) -> AnalysisEvent {
        var reader = Reader(problems: [])
        var scanner = JSONScanner(bytes, cache: cache)
        let part: GraphEvent.Part?
        do {
            part = try reader.part(mode, modeName, &scanner)
            try scanner.expectEnd()
        } catch {
            let reason = "not JSON (\(error)): \(Envelope.preview(bytes))"
            return AnalysisEvent(.malformed(reason: reason), timestamp: arrival, line: line)
        }
        let kind: AnalysisEvent.Kind = part.map { .graph(GraphEvent(name: name, namespace: namespace, part: $0)) }
            ?? .unknown(type: modeName)
        return AnalysisEvent(
            kind, timestamp: reader.timestamp ?? arrival, competitor: reader.competitor, line: line, problems: reader.problems
        )
    }
}

/// What one payload yields beside its part.
private struct Reader {
    var problems: [String]
    var timestamp: Timestamp?
    var competitor: String?

    /// The part the payload makes, or nil (with a note) when it has none; throws only for
    /// input that is not JSON.
    mutating func part(_ mode: GraphEventDecoder.Mode, _ modeName: String, _ scanner: inout JSONScanner) throws
        -> GraphEvent.Part?
    {
        switch mode {
        case .counted:
            try scanner.skipValue()
            return nil
        case .debug:
            guard try scanner.peek() == .object else {
                try scanner.skipValue()
                return nil
            }
            try scanner.readObject { key, scanner in
                if key.is("timestamp") {
                    timestamp = try Fields.readTimestamp(&scanner, &problems)
                } else {
                    try scanner.skipValue()
                }
            }
            return nil
        case .metadata: return try runStarted(&scanner)
        case .tasks: return try task(&scanner)
        case .updates: return try updates(&scanner)
        case .messagesTuple: return try messageDelta(&scanner)
        case .messagesPartial: return try messageSoFar(&scanner)
        case .streamtopRun: return try runStatus(&scanner)
        }
    }

    // MARK: - Modes

    private mutating func runStarted(_ scanner: inout JSONScanner) throws -> GraphEvent.Part? {
        guard try expectObject(&scanner, "metadata") else { return nil }
        var runID: String?
        try scanner.readObject { key, scanner in
            if key.is("run_id") {
                runID = try Fields.readText(&scanner, "run_id", &problems)
            } else {
                try scanner.skipValue()
            }
        }
        guard let runID else { return note("metadata without a run_id") }
        return .runStarted(runID: runID)
    }

    private mutating func task(_ scanner: inout JSONScanner) throws -> GraphEvent.Part? {
        guard try expectObject(&scanner, "a task") else { return nil }
        var id: String?
        var node: String?
        var isStart = false
        var isResult = false
        var error: ErrorReport?
        var interrupted = false
        try scanner.readObject { key, scanner in
            if key.is("id") {
                id = try Fields.readText(&scanner, "id", &problems)
            } else if key.is("name") {
                node = try Fields.readText(&scanner, "name", &problems, cached: true)
            } else if key.is("input") {
                isStart = true
                try readTaskInput(&scanner)
            } else if key.is("triggers") {
                isStart = true
                try scanner.skipValue()
            } else if key.is("result") {
                isResult = true
                try scanner.skipValue()
            } else if key.is("error") {
                isResult = true
                error = try readTaskError(&scanner)
            } else if key.is("interrupts") {
                isResult = true
                interrupted = try readCount(&scanner, "interrupts") > 0
            } else {
                try scanner.skipValue()
            }
        }
        guard let id else { return note("a task without an id") }
        guard isStart || isResult else { return note("a task that is neither a start (input, triggers) nor a result (result, error, interrupts)") }
        let name = node ?? "(unnamed)"
        if node == nil { problems.append("a task without a name") }
        if isResult {
            competitor = nil
            return .taskFinished(taskID: id, node: name, error: error, interrupted: interrupted)
        }
        return .taskStarted(taskID: id, node: name)
    }

    /// A task's input: only a `competitor` it names is kept (a `Send` per competitor).
    private mutating func readTaskInput(_ scanner: inout JSONScanner) throws {
        guard try scanner.peek() == .object else { return try scanner.skipValue() }
        try scanner.readObject { key, scanner in
            if key.is("competitor"), try scanner.peek() == .string {
                competitor = try Fields.readText(&scanner, "input.competitor", &problems, cached: true)
            } else {
                try scanner.skipValue()
            }
        }
    }

    /// `{"error": "<Class>", "message": "…"}` on the server tested against; a plain string (or
    /// number) elsewhere. Anything else non-null still means the task failed.
    private mutating func readTaskError(_ scanner: inout JSONScanner) throws -> ErrorReport? {
        switch try scanner.peek() {
        case .null:
            try scanner.readNull()
            return nil
        case .object:
            var type: String?
            var message: String?
            try scanner.readObject { key, scanner in
                if key.is("error") || key.is("type") {
                    type = try Fields.readText(&scanner, "error.error", &problems, cached: true)
                } else if key.is("message") {
                    message = try Fields.readText(&scanner, "error.message", &problems)
                } else {
                    try scanner.skipValue()
                }
            }
            // A class name has no space; a sentence there is the message.
            if let text = type, text.contains(" ") { return ErrorReport(message: message ?? text) }
            return ErrorReport(message: message ?? type ?? "unspecified error", errorType: type)
        case .array:
            try scanner.skipValue()
            problems.append("error should be an object or a string, not array")
            return ErrorReport(message: "unspecified error")
        default:
            return ErrorReport(message: try Fields.readText(&scanner, "error", &problems) ?? "unspecified error")
        }
    }

    private mutating func updates(_ scanner: inout JSONScanner) throws -> GraphEvent.Part? {
        guard try expectObject(&scanner, "updates") else { return nil }
        var nodes: [String] = []
        var interrupts: [InterruptRequest]?
        try scanner.readObject { key, scanner in
            if key.is("__interrupt__") {
                interrupts = try readInterrupts(&scanner, "__interrupt__", valueIsText: false)
            } else {
                let name = key.string
                // Pregel's own channels (`__start__`, …) are not nodes.
                if !(name.hasPrefix("__") && name.hasSuffix("__")) { nodes.append(TextSanitizer.clean(name)) }
                try scanner.skipValue()
            }
        }
        if let interrupts { return .interrupted(interrupts) }
        return .nodesUpdated(nodes)
    }

    /// `[{"value": …, "id": "…", …}]`. `valueIsText`: a string value is already the value's
    /// JSON text (as `streamtop_run` writes it); otherwise the value is made compact JSON text.
    private mutating func readInterrupts(_ scanner: inout JSONScanner, _ field: String, valueIsText: Bool) throws
        -> [InterruptRequest]?
    {
        guard try scanner.peek() == .array else {
            if try scanner.peek() == .null {
                try scanner.readNull()
                return []
            }
            return try skip(&scanner, "\(field) should be an array")
        }
        var interrupts: [InterruptRequest] = []
        try scanner.readArray { scanner in
            guard try scanner.peek() == .object else {
                try scanner.skipValue()
                problems.append("an interrupt should be an object")
                return
            }
            var id: String?
            var value = "null"
            try scanner.readObject { key, scanner in
                if key.is("id") {
                    id = try Fields.readText(&scanner, "interrupt.id", &problems)
                } else if key.is("value") {
                    value = try readInterruptValue(&scanner, valueIsText: valueIsText)
                } else {
                    try scanner.skipValue()
                }
            }
            if id == nil { problems.append("an interrupt without an id") }
            interrupts.append(InterruptRequest(id: id ?? "", value: value))
        }
        return interrupts
    }

    private mutating func readInterruptValue(_ scanner: inout JSONScanner, valueIsText: Bool) throws -> String {
        let text: String
        if valueIsText, try scanner.peek() == .string {
            text = TextSanitizer.clean(try scanner.readString())
        } else {
            text = try scanner.readValue().sanitized.serialized()
        }
        guard let cut = TextLimit.prefix(text, maxBytes: InterruptRequest.maxValueBytes) else { return text }
        problems.append("an interrupt value of \(text.utf8.count) bytes was cut to \(InterruptRequest.maxValueBytes)")
        return cut + "…"
    }

    /// messages-tuple: `[chunk, metadata]`, the chunk a delta with `content` and `id`, the
    /// metadata naming the node (`langgraph_node`).
    private mutating func messageDelta(_ scanner: inout JSONScanner) throws -> GraphEvent.Part? {
        guard try scanner.peek() == .array else { return try skip(&scanner, "messages should be an array [chunk, metadata]") }
        var message: (id: String?, text: String)?
        var node: String?
        var index = 0
        try scanner.readArray { scanner in
            defer { index += 1 }
            guard index < 2, try scanner.peek() == .object else {
                if index < 2 { problems.append(index == 0 ? "a message chunk should be an object" : "message metadata should be an object") }
                return try scanner.skipValue()
            }
            if index == 0 {
                message = try readMessage(&scanner)
            } else {
                try scanner.readObject { key, scanner in
                    if key.is("langgraph_node") {
                        node = try Fields.readText(&scanner, "langgraph_node", &problems, cached: true)
                    } else {
                        try scanner.skipValue()
                    }
                }
            }
        }
        guard let message else { return note("messages without a message chunk") }
        guard let id = message.id else { return note("a message chunk without an id") }
        let (text, cut) = capped(message.text, ModelMessageChunk.maxDeltaBytes, noting: "a message chunk")
        return .message(ModelMessageChunk(messageID: id, node: node, text: text, isWholeSoFar: false, isTruncated: cut))
    }

    /// messages/partial: `[message_so_far]`.
    private mutating func messageSoFar(_ scanner: inout JSONScanner) throws -> GraphEvent.Part? {
        guard try scanner.peek() == .array else { return try skip(&scanner, "messages/partial should be an array of messages") }
        var message: (id: String?, text: String)?
        var count = 0
        try scanner.readArray { scanner in
            count += 1
            guard message == nil, try scanner.peek() == .object else { return try scanner.skipValue() }
            message = try readMessage(&scanner)
        }
        if count > 1 { problems.append("messages/partial with \(count) messages: only the first was read") }
        guard let message else { return note("messages/partial without a message") }
        guard let id = message.id else { return note("a message without an id") }
        let (text, cut) = capped(message.text, ModelMessageChunk.maxWholeBytes, noting: nil)
        return .message(ModelMessageChunk(messageID: id, node: nil, text: text, isWholeSoFar: true, isTruncated: cut))
    }

    /// A message's `id` and the text of its `content`: a string, or content blocks whose
    /// `text` is joined (other blocks, such as tool calls, have none).
    private mutating func readMessage(_ scanner: inout JSONScanner) throws -> (id: String?, text: String) {
        var id: String?
        var text = ""
        try scanner.readObject { key, scanner in
            if key.is("id") {
                id = try Fields.readText(&scanner, "message.id", &problems, cached: true)
            } else if key.is("content") {
                text = try readContent(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        return (id, TextSanitizer.clean(text))
    }

    private mutating func readContent(_ scanner: inout JSONScanner) throws -> String {
        switch try scanner.peek() {
        case .string: return try scanner.readString()
        case .null:
            try scanner.readNull()
            return ""
        case .array:
            var text = ""
            try scanner.readArray { scanner in
                switch try scanner.peek() {
                case .string: text += try scanner.readString()
                case .object:
                    try scanner.readObject { key, scanner in
                        if key.is("text"), try scanner.peek() == .string {
                            text += try scanner.readString()
                        } else {
                            try scanner.skipValue()
                        }
                    }
                default: try scanner.skipValue()
                }
            }
            return text
        case let kind:
            try scanner.skipValue()
            problems.append("content should be a string or a list of blocks, not \(kind)")
            return ""
        }
    }

    /// `streamtop_run`, as streamtop's LangGraph feed writes it:
    /// `{"thread_id", "run_id", "assistant_id", "graph_id", "status", "interrupts": [{"id", "value"}]}`.
    private mutating func runStatus(_ scanner: inout JSONScanner) throws -> GraphEvent.Part? {
        guard try expectObject(&scanner, "streamtop_run") else { return nil }
        var run = ServerRun()
        try scanner.readObject { key, scanner in
            if key.is("thread_id") {
                run.threadID = try Fields.readText(&scanner, "thread_id", &problems, cached: true)
            } else if key.is("run_id") {
                run.runID = try Fields.readText(&scanner, "run_id", &problems, cached: true)
            } else if key.is("assistant_id") {
                run.assistantID = try Fields.readText(&scanner, "assistant_id", &problems, cached: true)
            } else if key.is("graph_id") {
                run.graphID = try Fields.readText(&scanner, "graph_id", &problems, cached: true)
            } else if key.is("status") {
                guard let text = try Fields.readText(&scanner, "status", &problems) else { return }
                run.status = ServerRun.Status(rawValue: text)
                if run.status == nil { problems.append("status \"\(String(text.prefix(40)))\" is not a run's status") }
            } else if key.is("interrupts") {
                run.interrupts = try readInterrupts(&scanner, "interrupts", valueIsText: true) ?? []
            } else {
                try scanner.skipValue()
            }
        }
        return .runStatus(run)
    }

    // MARK: - Helpers

    /// True when the next value is an object; otherwise skips it with a note.
    private mutating func expectObject(_ scanner: inout JSONScanner, _ what: String) throws -> Bool {
        let kind = try scanner.peek()
        guard kind == .object else {
            try scanner.skipValue()
            problems.append("\(what) should be an object, not \(kind)")
            return false
        }
        return true
    }

    /// The number of elements of an array (null: 0); another kind is noted and counts 0.
    private mutating func readCount(_ scanner: inout JSONScanner, _ field: String) throws -> Int {
        switch try scanner.peek() {
        case .array:
            var count = 0
            try scanner.readArray { scanner in
                count += 1
                try scanner.skipValue()
            }
            return count
        case .null:
            try scanner.readNull()
            return 0
        case let kind:
            try scanner.skipValue()
            problems.append("\(field) should be an array, not \(kind)")
            return 0
        }
    }

    private mutating func skip<Value>(_ scanner: inout JSONScanner, _ problem: String) throws -> Value? {
        try scanner.skipValue()
        problems.append(problem)
        return nil
    }

    private mutating func note<Value>(_ problem: String) -> Value? {
        problems.append(problem)
        return nil
    }

    /// The text within `maxBytes`, and whether it was cut (noted when `what` is given).
    private mutating func capped(_ text: String, _ maxBytes: Int, noting what: String?) -> (String, Bool) {
        guard let cut = TextLimit.prefix(text, maxBytes: maxBytes) else { return (text, false) }
        if let what { problems.append("\(what) of \(text.utf8.count) bytes was cut to \(maxBytes)") }
        return (cut, true)
    }
}

/// Cutting text to a size in bytes without splitting a character's encoding.
enum TextLimit {
    /// The longest prefix of at most `maxBytes` UTF-8 bytes that ends between scalars; nil when
    /// the whole text fits.
    static func prefix(_ text: String, maxBytes: Int) -> String? {
        let utf8 = text.utf8
        guard utf8.count > maxBytes else { return nil }
        var end = utf8.index(utf8.startIndex, offsetBy: max(0, maxBytes))
        // Back up over continuation bytes (10xxxxxx) to the start of the scalar that did not fit.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }
}

extension JSONValue {
    /// The value with every string and key passed through ``TextSanitizer``.
    var sanitized: JSONValue {
        switch self {
        case .string(let text): .string(TextSanitizer.clean(text))
        case .array(let elements): .array(elements.map(\.sanitized))
        case .object(let object): .object(JSONObject(object.members.map { (TextSanitizer.clean($0.key), $0.value.sanitized) }))
        case .null, .bool, .number: self
        }
    }
}
