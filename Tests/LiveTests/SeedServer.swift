import Foundation

/// `scripts/seed_server.py` — FastAPI + uvicorn, written to the seed's rules — run from the
/// virtualenv that `scripts/setup` makes, on a free port of 127.0.0.1.
final class SeedServer: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let port: Int
    private let process: Process
    private let input: Pipe

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `noStreaming`: the server degrades as the seed's do (`--no-streaming`): the stream
    /// answers 503 naming the batch endpoint, which answers with the result object.
    init(delay: Double = 0.002, noStreaming: Bool = false) async throws {
        let python = Self.root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SeedServerError("no \(python.path): run scripts/setup, which makes the virtualenv with FastAPI and uvicorn")
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [Self.root.appendingPathComponent("scripts/seed_server.py").path, "--delay", String(delay), "--exit-with-stdin"]
            + (noStreaming ? ["--no-streaming"] : [])
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        // Held open while this object lives: if the test process dies, the server goes too.
        process.standardInput = input
        try process.run()
        // The server prints its port on its first line once it listens. Read on a thread of
        // its own: a blocking read must not hold one of the test executor's few threads.
        let firstLine = await withCheckedContinuation { continuation in
            Thread {
                var text = ""
                while !text.contains("\n") {
                    let data = output.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }.start()
        }
        guard let port = Int(firstLine.split(separator: "\n").first ?? "") else {
            process.terminate()
            throw SeedServerError("scripts/seed_server.py did not start (it printed \"\(firstLine)\")")
        }
        self.port = port
        self.process = process
        self.input = input
    }

    func stop() {
        process.terminate()
        try? input.fileHandleForWriting.close()
    }
}

struct SeedServerError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
