import Foundation
import Testing

/// The replay player's keys in a real terminal: pause, step, speed and seek, read off the
/// header ("PAUSED 2× 0:05.0/16:40.0 #3/11").
@Suite("replay controls in a real terminal")
struct ReplayControlsTerminalTests {
    /// A recording of eleven events 100 s apart: slow enough that nothing plays on its own
    /// between two keys.
    private func slowRecording() throws -> String {
        var lines = [#"{"streamtop_recording":1,"source":"test","started_at":"2024-01-01T00:00:00Z"}"#]
        for index in 0...10 {
            let data = #"{\"type\":\"progress_update\",\"data\":{\"progress\":\#(Double(index) / 10),\"message\":\"step \#(index)\"}}"#
            lines.append(#"[\#(index * 100),"e",{"data":"\#(data)"}]"#)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("streamtop-e2e-\(UUID().uuidString).jsonl")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("space, . and , step; + and - change speed; arrows seek; Home and End jump; q quits cleanly")
    func controls() async throws {
        let program = PaneProgram.streamtop(["replay", "--ui", "tui", "--start-paused", try slowRecording()])
        let tmux = try Tmux(width: 120, height: 30, command: program.shellCommand)
        try await tmux.waitForScreen(showing: ["PAUSED 1×", "#0/11"])

        let steps: [(keys: [String], shows: [String])] = [
            (["."], ["PAUSED", "#1/11"]),
            (["."], ["#2/11"]),
            ([","], ["#1/11"]),
            (["+"], ["PAUSED 2×"]),
            (["-", "-"], ["PAUSED 0.5×"]),
            (["="], ["PAUSED 1×"]),
            (["Right"], ["0:05.0", "#1/11"]),
            (["Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right", "Right"], ["1:35.0", "#1/11"]),
            (["Right"], ["#2/11"]),
            (["Left"], ["#1/11"]),
            (["End"], ["#11/11", "100%"]),
            (["Home"], ["#0/11"]),
            (["5"], ["#6/11"]),
            (["Space"], ["PLAYING"]),
            (["Space"], ["PAUSED"]),
        ]
        for step in steps {
            try tmux.sendKeys(step.keys)
            try await tmux.waitForScreen(showing: step.shows)
        }
        try tmux.sendKeys(["q"])
        let after = try await program.terminalAfterExit(in: tmux)
        #expect(after.isRestored, "\(after)")
        #expect(after.status == 0)
    }
}
