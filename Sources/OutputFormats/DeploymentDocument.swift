import Analysis
import Deployment
import JSON

extension ThreadRow {
    /// A thread as `streamtop runs` prints it (`--ui json`, and in `--summary json`): the
    /// members the README lists, in a fixed order; nulls for what is not known.
    public var document: JSONValue {
        var members: [(String, JSONValue)] = [
            ("thread_id", .string(threadID)),
            ("assistant_id", text(assistantID)),
            ("graph_id", text(graphID)),
            ("status", text(status?.rawValue)),
            ("run", run.map { run in
                object([
                    ("run_id", .string(run.runID)), ("status", .string(run.status)),
                    ("created_at", text(run.createdAt?.text)), ("updated_at", text(run.updatedAt?.text)),
                ])
            } ?? .null),
            ("interrupts", .array(interrupts.map { interrupt in
                object([("id", .string(interrupt.id)), ("value", (try? JSONValue(parsing: interrupt.value)) ?? .string(interrupt.value))])
            })),
            ("created_at", text(createdAt?.text)),
            ("updated_at", text(updatedAt?.text)),
        ]
        switch place {
        case .inside(let nodes): members.append(("next", .array(nodes.map(JSONValue.string))))
        case .endedIn(let node): members.append(("ended_in", .string(node)))
        case nil: break
        }
        if let progress {
            members.append(("progress", object([
                ("events", .number(Double(progress.events))),
                ("events_per_second", .number((progress.eventsPerSecond * 10).rounded() / 10)),
                ("node", text(progress.node)),
                ("fraction", progress.fraction.map(JSONValue.number) ?? .null),
            ])))
        }
        return object(members)
    }
}

extension DeploymentSnapshot {
    /// The page as `--summary json` prints it: its threads, `by_status` counting those listed,
    /// `deployment` counting the whole deployment's threads by status (and their `total`),
    /// `matching` the threads the filters match over all pages.
    public var document: JSONValue {
        let listed = Dictionary(grouping: rows.compactMap(\.status), by: { $0 }).mapValues(\.count)
        func byStatus(_ counts: [ThreadStatus: Int]) -> [(String, JSONValue)] {
            ThreadStatus.allCases.map { ($0.rawValue, .number(Double(counts[$0] ?? 0))) }
        }
        return object([
            ("threads", .array(rows.map(\.document))),
            ("by_status", object(byStatus(listed))),
            ("deployment", object(byStatus(deployment) + [("total", .number(Double(total)))])),
            ("matching", .number(Double(matching))),
            ("offset", .number(Double(query.offset))),
            ("limit", .number(Double(query.limit))),
            ("fetched_at", .string(Timestamp(seconds: fetchedAt).text)),
        ])
    }
}

private func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

private func object(_ members: [(String, JSONValue)]) -> JSONValue {
    .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
}

extension ThreadRow {
    /// A thread as one readable line (`streamtop runs --ui plain`): its id, assistant, status,
    /// latest run, where it is, and what its interrupt asks.
    public func plainLine(now: Double) -> String {
        var parts = [threadID, assistant ?? "-", status?.rawValue ?? "unknown"]
        if let run {
            parts.append("run \(run.runID) \(run.status)" + (run.duration(now: now).map { " " + DurationText.milliseconds($0 * 1000) } ?? ""))
        } else {
            parts.append("no run")
        }
        switch place {
        case .inside: parts.append("in " + (place?.label ?? ""))
        case .endedIn(let node): parts.append("ended in " + node)
        case nil: break
        }
        if let progress {
            parts.append("\(progress.events) events" + (progress.fraction.map { " " + Percent.text($0) } ?? ""))
        }
        if let waiting = interrupts.first { parts.append("waits: " + waiting.value) }
        return parts.joined(separator: "  ")
    }
}
