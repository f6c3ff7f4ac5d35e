import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion the way a shell would, for tmux.
///
/// Not Foundation's `Process`, for two reasons that make tmux hang: the child inherits the
/// test process's blocked signals (libdispatch's threads block SIGTERM, SIGHUP, SIGCHLD…),
/// which a tmux server and the programs in its panes then keep; and `Process` learns that its
/// child exited when a socket the child inherits closes, which never happens once the child
/// has forked a tmux server that keeps it open. Here the child starts with default signal
/// handling, an empty signal mask and no descriptors but 0, 1 and 2, and is reaped with waitpid.
enum ChildProcess {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `arguments` (looked up in PATH) with `environment` and waits for it.
    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let output = try TemporaryFile()
        let errors = try TemporaryFile()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.descriptor, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors.descriptor, STDERR_FILENO)
        closeDescriptorsFromThree(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else { throw E2EFailure("cannot start \(arguments[0]): \(String(cString: strerror(status)))") }
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let exitStatus = waitStatus & 0x7F == 0 ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F)
        return Result(status: exitStatus, output: try output.contents(), errors: try errors.contents())
    }

    /// glibc (2.34 and later) has `posix_spawn_file_actions_addclosefrom_np`, but the Glibc
    /// module does not export it, so it is looked up by name.
    private static func closeDescriptorsFromThree(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, STDERR_FILENO + 1)
    }

    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// An unlinked temporary file to collect a child's output without a pipe.
private final class TemporaryFile {
    let descriptor: Int32

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/streamtop-e2e-XXXXXX".utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw E2EFailure("cannot create a temporary file") }
        unlink(template)
    }

    deinit {
        close(descriptor)
    }

    func contents() throws -> String {
        let size = lseek(descriptor, 0, SEEK_END)
        var bytes = [UInt8](repeating: 0, count: Int(max(size, 0)))
        let count = pread(descriptor, &bytes, bytes.count, 0)
        guard count == bytes.count else { throw E2EFailure("cannot read a temporary file") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
