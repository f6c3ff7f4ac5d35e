import ArgumentParser
import Foundation
import JSON
import Live

/// `connect --langgraph URL …`: the options that start, resume or join a run on a LangGraph
/// Server.
struct LangGraphArguments: ParsableArguments {
    @Option(name: .customLong("langgraph"), help: ArgumentHelp("Start or follow a run on the LangGraph Server at URL.", valueName: "URL"))
    var server: String?

    @Option(help: "The assistant (a graph's name or an assistant's id) to run.")
    var assistant: String?

    @Option(help: "Run on this thread instead of a new one (needed with --resume).")
    var thread: String?

    @Flag(help: "Start a stateless run (POST /runs/stream): no thread is kept.")
    var stateless = false

    @Option(help: ArgumentHelp("The run's input as JSON, or @FILE (default: built from --competitor and --focus-area).", valueName: "json"))
    var input: String?

    @Option(help: ArgumentHelp("The run's config as JSON, or @FILE.", valueName: "json"))
    var config: String?

    @Option(help: ArgumentHelp("Stream modes, comma-separated (default: \(LangGraphOptions.defaultStreamModes.joined(separator: ","))).", valueName: "a,b,c"))
    var streamMode: String?

    @Option(help: ArgumentHelp("Answer the interrupt the --thread waits on with this JSON value, or @FILE.", valueName: "json"))
    var resume: String?

    @Option(help: ArgumentHelp("Follow a run that is already going, from its start.", valueName: "THREAD_ID/RUN_ID"))
    var join: String?

    @Flag(help: "With --join, follow from now instead of from the run's start.")
    var live = false

    var isUsed: Bool { server != nil }

    func validate(competitors: [String], focusArea: String?) throws {
        guard isUsed else {
            let used = [assistant != nil, thread != nil, stateless, input != nil, config != nil, streamMode != nil, resume != nil, join != nil, live]
            if used.contains(true) { throw ValidationError("--assistant, --thread, --join and the other run options go with --langgraph URL") }
            return
        }
        if let join {
            guard join.split(separator: "/").count == 2 else { throw ValidationError("--join takes THREAD_ID/RUN_ID") }
            guard assistant == nil, thread == nil, !stateless, resume == nil, input == nil else {
                throw ValidationError("--join follows a run that is going: drop --assistant, --thread, --stateless, --input and --resume")
            }
            return
        }
        guard assistant != nil else { throw ValidationError("--langgraph needs --assistant NAME (or --join THREAD_ID/RUN_ID)") }
        if live { throw ValidationError("--live goes with --join") }
        if stateless, thread != nil || resume != nil { throw ValidationError("--stateless runs have no thread: drop --thread and --resume") }
        if resume != nil, thread == nil { throw ValidationError("--resume answers a thread's interrupt: give the thread with --thread") }
        if input != nil, !competitors.isEmpty || focusArea != nil {
            throw ValidationError("give the input as --input, or as --competitor / --focus-area, not both")
        }
        for (name, text) in [("--input", input), ("--config", config), ("--resume", resume)] {
            if let text { _ = try Self.json(text, option: name) }
        }
    }

    /// What the feed is asked to do. `waitsForAnswers`: someone can answer an interrupt (the dashboard).
    func options(
        headers: [StreamRequest.Header], competitors: [String], focusArea: String?, environment: [String: String]
    ) throws -> LangGraphOptions {
        let request = try StreamRequest(url: server ?? "", headers: headers)
        var options: LangGraphOptions
        if let join {
            let parts = join.split(separator: "/").map(String.init)
            options = LangGraphOptions(server: request, target: .join(thread: parts[0], run: parts[1], live: live))
        } else if stateless {
            options = LangGraphOptions(server: request, target: .stateless(assistant: assistant ?? ""))
        } else {
            options = LangGraphOptions(server: request, target: .start(assistant: assistant ?? "", thread: thread))
        }
        if let input {
            options.input = try Self.json(input, option: "--input")
        } else if !competitors.isEmpty || focusArea != nil {
            var members: [(key: String, value: JSONValue)] = [("competitors", .array(competitors.map(JSONValue.string)))]
            if let focusArea { members.append(("focus_area", .string(focusArea))) }
            options.input = .object(JSONObject(members))
        }
        options.config = try config.map { try Self.json($0, option: "--config") }
        options.resume = try resume.map { try Self.json($0, option: "--resume") }
        if let streamMode {
            options.streamModes = streamMode.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        options.apiKey = LangGraphOptions.apiKey(in: environment)
        options.environment = environment
        return options
    }

    /// JSON given inline, or read from @FILE.
    private static func json(_ text: String, option: String) throws -> JSONValue {
        var source = text
        if text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("\(option): cannot read \(path)")
            }
            source = String(decoding: contents, as: UTF8.self)
        }
        do {
            return try JSONValue(parsing: source)
        } catch {
            throw ValidationError("\(option) is not JSON: \(error)")
        }
    }
}
