import Foundation

/// A file of `Tests/Fixtures` (e.g. `samples/ref-default.sse`), found from this source file so
/// that tests run from any directory.
public func fixtureURL(_ path: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(path)
}

/// `fixtureURL(path)` as a file system path.
public func fixturePath(_ path: String) -> String {
    fixtureURL(path).path
}
