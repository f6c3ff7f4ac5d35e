import Foundation

/// A program to run in a tmux pane, wrapped in a shell command that records how it left the
/// terminal: its exit status, then `stty -a` as the shell sees the tty afterwards, then a
/// marker that says all of that is done. Then `cat` keeps the pane open (a dead pane changes
/// what tmux reports about it) until the test's tmux server goes.
struct PaneProgram {
    static let finishedMarker = "E2E-PROGRAM-FINISHED"

    var executable: String
    var arguments: [String]
    var environment: [String: String] = [:]
    let sttyFile = FileManager.default.temporaryDirectory.appendingPathComponent("streamtop-e2e-stty-\(UUID().uuidString)").path

    /// The `streamtop` executable SwiftPM built beside this test binary.
    static func streamtop(_ arguments: [String]) -> PaneProgram {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return PaneProgram(executable: directory.appendingPathComponent("streamtop").path, arguments: arguments)
    }

    /// One of TerminalTests' `TerminalChildPrograms`, run from this same test binary.
    static func terminalChild(_ name: String, environment: [String: String] = [:]) -> PaneProgram {
        PaneProgram(
            executable: CommandLine.arguments[0],
            arguments: ["--testing-library", "swift-testing", "--filter", "TerminalChildPrograms/\(name)"],
            environment: environment.merging(["STREAMTOP_TERMINAL_CHILD": name]) { $1 }
        )
    }

    /// For `sh -c`. A UTF-8 locale, as on any desktop (the dashboard draws box lines and
    /// dashes), and none of the test run's own NO_COLOR (`swift test` sets it) or CI.
    var shellCommand: String {
        let variables = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"].merging(environment) { $1 }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let command = (["env", "-u", "NO_COLOR", "-u", "CI"] + variables + [executable] + arguments).map(Self.quoted).joined(separator: " ")
        return "\(command); echo \"exit=$?\"; stty -a > \(Self.quoted(sttyFile)); echo \(Self.finishedMarker); exec cat >/dev/null"
    }

    /// How the terminal was left, once the screen shows the marker.
    func terminalAfterExit(in tmux: Tmux) async throws -> TerminalAfterExit {
        try await tmux.waitForScreen(showing: [Self.finishedMarker])
        let screen = try tmux.capture(history: true)
        defer { try? FileManager.default.removeItem(atPath: sttyFile) }
        let stty = try String(contentsOfFile: sttyFile, encoding: .utf8)
        let status = screen.split(separator: "\n").last { $0.hasPrefix("exit=") }.flatMap { Int32($0.dropFirst(5)) }
        return TerminalAfterExit(
            screen: screen,
            status: status,
            modes: Set(stty.split { " ;\n".contains($0) }.map(String.init)),
            alternateScreenAndCursor: try tmux.display("#{alternate_on} #{cursor_flag}")
        )
    }

    private static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The terminal as a program left it.
struct TerminalAfterExit {
    var screen: String
    var status: Int32?
    /// `stty -a`'s words: `icanon`, `-icanon`, `echo`…
    var modes: Set<String>
    /// tmux's `#{alternate_on} #{cursor_flag}`: "0 1" is the main screen with a visible cursor.
    var alternateScreenAndCursor: String

    /// Main screen, cursor shown, line editing, echo and signal keys back on.
    var isRestored: Bool {
        alternateScreenAndCursor == "0 1" && modes.isSuperset(of: ["icanon", "echo", "isig"])
    }
}
