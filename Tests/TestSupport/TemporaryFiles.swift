import Foundation

/// A fresh path in the temporary directory, ending in `name`, for a file a test makes.
public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("streamtop-\(UUID().uuidString)-\(name)").path
}

/// Writes `bytes` to a fresh temporary file called `name` and returns its path.
public func temporaryFile(_ bytes: [UInt8], named name: String = "log") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("streamtop-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// A named pipe that hands out `bytes` once, to whoever opens it first, as a shell's
/// `<(zcat log.gz)` or `mkfifo` would: a thread opens its writing end (which waits for a
/// reader), writes everything and closes it. A reader that closes early ends the writing: the
/// thread blocks SIGPIPE, so that its write fails instead of the signal ending the tests.
public func pipeOnce(_ bytes: [UInt8]) throws -> String {
    let path = try temporaryFile([], named: "pipe")
    try FileManager.default.removeItem(atPath: path)
    guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    let writer = Thread {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count <= 0 { return }
                written += count
            }
        }
    }
    writer.start()
    return path
}
