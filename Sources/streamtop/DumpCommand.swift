import ArgumentParser
import EventStream
import JSON
import Replay

struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print each SSE event of a capture as a JSON line: {\"type\", \"data\", \"id\"}.",
        discussion: """
            Type is "message" when the event named none; id is the last event ID at dispatch. \
            If the stream set a reconnection time, a last line {"retry_ms": N} follows. \
            Events too large to keep and an unfinished last event are reported on standard error.
            """
    )

    @Argument(help: "An SSE capture (what `curl -N URL > file` saves), or - for standard input.")
    var file: String = "-"

    @Option(help: "Largest event kept, in bytes; larger ones are dropped with a message.")
    var maxEventBytes = SSEParser.defaultMaxEventBytes

    func run() throws {
        let input: InputFile
        do {
            input = try InputFile(path: file)
        } catch {
            throw RunFailure(error.description)
        }
        let output = StandardOutput.shared
        var parser = SSEParser(maxEventBytes: maxEventBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do {
                count = try input.read(into: buffer)
            } catch {
                output.flush()
                throw RunFailure(error.description)
            }
            if count == 0 { break }
            parser.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { parsed in
                switch parsed {
                case .event(let event, _):
                    output.line(JSONValue.object(JSONObject([
                        ("type", .string(event.type)), ("data", .string(event.data)), ("id", .string(event.lastEventID)),
                    ])).serialized())
                case .overflow(let overflow):
                    warn("line \(overflow.line): \(overflow.reason)")
                }
            }
        }
        if let unfinished = parser.finish() {
            warn("line \(unfinished.line): \(unfinished.reason)")
        }
        if let retry = parser.retryMilliseconds {
            output.line(JSONValue.object(JSONObject([("retry_ms", .number(Double(retry)))])).serialized())
        }
        output.flush()
    }

    private func warn(_ message: String) {
        StandardError.write("streamtop dump: \(message)\n")
    }
}
