import Analysis
import JSON

/// Reads what a LangGraph Server says of its threads and runs into ``ThreadRow``s. Everything
/// in it is untrusted: text is sanitised and cut, and a field of the wrong shape is as absent.
public enum ThreadDecoder {
    /// The longest id or name kept, in characters; server ids are 36.
    static let nameLimit = 128

    /// A thread from `POST /threads/search`; nil without a `thread_id`.
    public static func thread(_ json: JSONValue) -> ThreadRow? {
        guard let id = name(json["thread_id"]) else { return nil }
        var row = ThreadRow(threadID: id)
        row.graphID = name(json["metadata"]?["graph_id"])
        row.assistantID = name(json["metadata"]?["assistant_id"])
        row.status = json["status"]?.stringValue.flatMap(ThreadStatus.init(rawValue:))
        row.createdAt = time(json["created_at"])
        row.updatedAt = time(json["updated_at"])
        row.interrupts = interrupts(json["interrupts"])
        return row
    }

    /// A thread search's answer: the threads it lists, in its order.
    public static func threads(_ json: JSONValue) -> [ThreadRow] {
        guard case .array(let items) = json else { return [] }
        return items.compactMap(thread)
    }

    /// The newest run from `GET /threads/{id}/runs?limit=1`; nil when the thread has none.
    public static func latestRun(_ json: JSONValue) -> LatestRun? {
        var run = json
        if case .array(let runs) = json { run = runs.first ?? .null }
        guard let id = name(run["run_id"]) else { return nil }
        return LatestRun(
            runID: id, status: name(run["status"]) ?? "unknown", createdAt: time(run["created_at"]),
            updatedAt: time(run["updated_at"]), resumable: run["kwargs"]?["resumable"] == .bool(true))
    }

    /// Where the thread is, from `POST /threads/{id}/history` with `limit: 2` (newest first):
    /// the newest checkpoint's `next`, or, when that is empty (the run ended), the node its
    /// parent checkpoint was about to run. Nil when neither says.
    public static func place(history json: JSONValue) -> GraphPlace? {
        guard case .array(let checkpoints) = json, let newest = checkpoints.first else { return nil }
        let next = nodes(newest["next"])
        if !next.isEmpty { return .inside(next) }
        guard checkpoints.count > 1, let last = nodes(checkpoints[1]["next"]).last else { return nil }
        return .endedIn(last)
    }

    /// `POST /threads/count`'s answer: a bare number.
    public static func count(_ json: JSONValue) -> Int? {
        guard let number = json.numberValue, number >= 0, number < 1e15 else { return nil }
        return Int(number)
    }

    /// A thread's interrupts: a map from task id to a list of `{id, value}`, each value as
    /// compact JSON (a string keeps its quotes), as the stream's `__interrupt__` gives it.
    public static func interrupts(_ json: JSONValue?) -> [InterruptRequest] {
        guard case .object(let byTask) = json ?? .null else { return [] }
        return byTask.members.prefix(nameLimit).flatMap { _, list -> [InterruptRequest] in
            guard case .array(let items) = list else { return [] }
            return items.prefix(nameLimit).compactMap { item in
                guard let id = name(item["id"]) else { return nil }
                let value = TextSanitizer.clean(item["value"]?.serialized() ?? "null")
                return InterruptRequest(id: id, value: String(value.prefix(InterruptRequest.maxValueBytes)))
            }
        }
    }

    private static func nodes(_ json: JSONValue?) -> [String] {
        guard case .array(let items) = json ?? .null else { return [] }
        return items.prefix(nameLimit).compactMap(name)
    }

    /// A short text field, sanitised and cut; nil when absent, empty or not text.
    static func name(_ json: JSONValue?) -> String? {
        guard let text = json?.stringValue else { return nil }
        let clean = TextSanitizer.clean(String(text.prefix(nameLimit)))
        return clean.isEmpty ? nil : clean
    }

    private static func time(_ json: JSONValue?) -> Timestamp? {
        json?.stringValue.flatMap { Timestamp(iso8601: $0) }
    }
}
