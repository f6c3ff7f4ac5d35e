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
