import Analysis
import AsyncHTTPClient
import JSON
import NIOCore

/// A LangGraph assistant's graph, as `GET /assistants/{id}/graph` gives it —
/// `{"nodes": [{"id", "type", "data"}], "edges": [{"source", "target", "conditional"}]}`, the
/// shape `streamtop serve`'s `/api/graph` answers in too —
/// read into the shape the dashboard draws. The answer is untrusted: names are sanitised, cut,
/// and cleared of the user's secrets; a node or edge of the wrong shape is skipped; a graph is
/// cut to ``nodeLimit`` nodes and ``edgeLimit`` edges.
enum AssistantGraph {
    static let nodeLimit = 200
    static let edgeLimit = 1_000
    /// The longest node name kept, in characters.
    static let nameLimit = 128
    /// A graph's answer is a few kilobytes; anything past this is not one.
    private static let bodyLimit = 1 << 20
    /// The graph is a picture of the run, not part of it: a server slow to draw it does not
    /// hold the run back for long.
    static let deadline = TimeAmount.seconds(10)

    /// The shape an answer describes; nil when it names no node.
    static func shape(_ json: JSONValue, redactor: SecretRedactor = SecretRedactor()) -> PipelineShape? {
        func name(_ value: JSONValue?) -> String? {
            guard let text = value?.stringValue else { return nil }
            let clean = redactor.redact(TextSanitizer.clean(String(text.prefix(nameLimit))))
            return clean.isEmpty ? nil : clean
        }
        guard case .array(let listedNodes) = json["nodes"] ?? .null else { return nil }
        var nodes: [String] = []
        var known = Set<String>()
        for node in listedNodes where nodes.count < nodeLimit {
            if let id = name(node["id"]), known.insert(id).inserted { nodes.append(id) }
        }
        guard !nodes.isEmpty else { return nil }
        var edges: [PipelineShape.Edge] = []
        if case .array(let listedEdges) = json["edges"] ?? .null {
            for edge in listedEdges where edges.count < edgeLimit {
                guard let source = name(edge["source"]), let target = name(edge["target"]),
                      known.contains(source), known.contains(target)
                else { continue }
                edges.append(PipelineShape.Edge(source: source, target: target, conditional: edge["conditional"] == .bool(true)))
            }
        }
        return PipelineShape(nodes: nodes, edges: edges, source: .server)
    }

    /// The assistant's graph (an assistant's id, or a graph's name, which the server takes
    /// too); nil when the server cannot say, for whatever reason.
    static func fetch(_ assistant: String, api: LangGraphAPI, redactor: SecretRedactor) async -> PipelineShape? {
        await fetch(api.request(.GET, "/assistants/\(assistant)/graph"), client: api.client, within: deadline, redactor: redactor)
    }

    /// The graph a server answers `request` with (a LangGraph assistant's, or `streamtop serve`'s
    /// `/api/graph`); nil for an error, a slow answer, or one that is not a graph.
    static func fetch(_ request: HTTPClientRequest, client: HTTPClient, within time: TimeAmount, redactor: SecretRedactor) async -> PipelineShape? {
        do {
            let response = try await client.execute(request, deadline: .now() + time)
            let body = try await response.body.collect(upTo: bodyLimit)
            guard response.status == .ok else { return nil }
            return shape(try JSONValue(parsing: String(buffer: body)), redactor: redactor)
        } catch {
            return nil
        }
    }
}
