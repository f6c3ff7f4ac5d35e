import Analysis
import Demo
import Feeds
import Foundation
import Replay

/// How long a replay takes to index a log, and then to seek anywhere in it, measured
/// through the player itself: from the command to the rebuilt state.
enum SeekBench {
    static func run(path: String) async throws -> [BenchRow] {
        let index = ReplayIndex()
        let indexStart = ContinuousClock.now
        await index.build(path: path, maxIdle: nil)
        let indexSeconds = (ContinuousClock.now - indexStart).seconds
        guard let total = index.total else { throw CocoaError(.fileReadCorruptFile) }
        let indexedRSS = peakRSSMegabytes()

        let commands = CommandInbox<PlaybackCommand>()
        let player = try ReplayPlayer(path: path, options: .init(startPaused: true), clock: ContinuousClock(), commands: commands, index: index)
        let (outputs, continuation) = AsyncStream<FeedElement>.makeStream()
        let playing = Task {
            await player.run { element in
                continuation.yield(element)
                return true
            }
        }
        var iterator = outputs.makeAsyncIterator()
        var times: [Double] = []
        var random = SplitMix64(state: 3)
        for _ in 0..<20 {
            let fraction = Double(random.next() % 10_000) / 10_000
            let start = ContinuousClock.now
            commands.send(.jump(toFraction: fraction))
            while let output = await iterator.next() {
                if case .snapshot = output { break }
            }
            times.append((ContinuousClock.now - start).seconds)
        }
        playing.cancel()
        times.sort()
        return [
            BenchRow(name: "replay index: \(total) events read once", value: String(format: "%.2f s", indexSeconds), target: "< 1 s"),
            BenchRow(
                name: "replay seek anywhere (20 seeks)",
                value: String(format: "median %.0f ms, 90th %.0f ms, max %.0f ms", times[times.count / 2] * 1000, times[times.count * 9 / 10] * 1000, times.last! * 1000),
                target: "< 100 ms"
            ),
            BenchRow(name: "replay memory: peak RSS after indexing (\(index.snapshotCount) snapshots)", value: "\(indexedRSS) MB", target: "—"),
            BenchRow(name: "replay memory: peak RSS after indexing and seeking", value: "\(peakRSSMegabytes()) MB", target: "< 64 MB"),
        ]
    }

    private static func peakRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
