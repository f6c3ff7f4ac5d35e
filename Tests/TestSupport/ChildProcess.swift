import Foundation

/// Runs a program to its end, as a user would from a shell, without blocking a thread of
/// the test's executor (test servers may run on it): input and output go through files, so no
/// pipe can fill up and stall it, and the end is awaited.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `streamtop` that SwiftPM built beside this test bundle.
    public static var streamtop: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("streamtop")
    }

    public static func streamtop(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) async throws -> Result {
        try await run(streamtop, arguments, stdin: stdin, environment: environment)
    }

    public static func run(
        _ executable: URL, _ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("streamtop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        let input = directory.appendingPathComponent("stdin")
        try stdin.write(to: input)
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status, stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8)
        )
    }
}

public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("streamtop-\(UUID().uuidString)-\(name)").path
}
