#if canImport(Glibc)
import Glibc
#endif

/// Keeps standard error off the screen while the dashboard is up, without losing it.
///
/// Anything written to fd 2 meanwhile (a warning, a library's diagnostics, Swift's "Fatal
/// error" line) would scribble over the dashboard, so it goes to an unlinked temporary file
/// instead and is copied to the real standard error once the terminal is restored, up to
/// `replayLimit` bytes. Every step uses only async-signal-safe calls, because the crash hook
/// also ends the capture.
struct StderrCapture {
    static let replayLimit = 64 * 1024

    /// The real standard error, kept aside.
    let original: Int32
    let file: Int32

    /// Starts capturing; nil (and stderr left alone) when no temporary file can be made.
    static func begin() -> StderrCapture? {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/streamtop-stderr-XXXXXX".utf8CString)
        let file = mkstemp(&template)
        guard file >= 0 else { return nil }
        unlink(template)
        let original = dup(STDERR_FILENO)
        guard original >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            close(file)
            if original >= 0 { close(original) }
            return nil
        }
        return StderrCapture(original: original, file: file)
    }

    /// Gives fd 2 back and copies what was captured to it.
    func end() {
        dup2(original, STDERR_FILENO)
        var offset: off_t = 0
        // At most 1 KiB stays on the stack: this also runs in the crash handler, which must not
        // allocate (the crash may have left malloc's lock held).
        withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 1) { buffer in
            while offset < Self.replayLimit {
                let count = pread(file, buffer.baseAddress, min(buffer.count, Self.replayLimit - Int(offset)), offset)
                guard count > 0 else { break }
                _ = write(STDERR_FILENO, buffer.baseAddress, count)
                offset += off_t(count)
            }
        }
        close(file)
        close(original)
    }
}
