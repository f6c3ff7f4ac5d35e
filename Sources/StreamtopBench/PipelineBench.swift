import Analysis
import EventStream
import Foundation
import JSON

/// Times the stages of the replay pipeline on a log held in memory, so that disk and page
/// cache do not blur them: the SSE parser alone, then parse + decode + reduce.
enum PipelineBench {
    static let chunkSize = 1 << 20

    static func run(path: String) throws -> [BenchRow] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let megabytes = Double(bytes.count) / 1_000_000

        var events = 0
        let parseSeconds = bestOf(3) {
            events = 0
            var parser = SSEParser()
            forEachChunk(of: bytes) { chunk in parser.feed(chunk) { _ in events += 1 } }
        }

        var state = AnalysisState()
        let pipelineSeconds = bestOf(3) {
            state = AnalysisState()
            let cache = StringCache()
            var parser = SSEParser()
            forEachChunk(of: bytes) { chunk in
                parser.feed(chunk) { parsed in
                    if case .event(let event, let line) = parsed { state.reduce(AnalysisEvent.decode(event, line: line, cache: cache)) }
                }
            }
        }

        // What the decoder would cost if it built nothing: every byte still scanned and validated.
        var validated = 0
        let validateSeconds = bestOf(3) {
            validated = 0
            var parser = SSEParser()
            forEachChunk(of: bytes) { chunk in
                parser.feed(chunk) { parsed in
                    guard case .event(let event, _) = parsed else { return }
                    event.dataBytes.withUnsafeBufferPointer { data in
                        var scanner = JSONScanner(data)
                        if (try? scanner.skipValue()) != nil { validated += 1 }
                    }
                }
            }
        }

        var decodeOnly = 0
        let decodeSeconds = bestOf(3) {
            decodeOnly = 0
            let cache = StringCache()
            var parser = SSEParser()
            forEachChunk(of: bytes) { chunk in
                parser.feed(chunk) { parsed in
                    if case .event(let event, _) = parsed, case .malformed = AnalysisEvent.decode(event, cache: cache).kind {} else {
                        decodeOnly += 1
                    }
                }
            }
        }

        var decoded: [AnalysisEvent] = []
        var parser = SSEParser()
        forEachChunk(of: bytes) { chunk in
            parser.feed(chunk) { parsed in
                if case .event(let event, let line) = parsed { decoded.append(AnalysisEvent.decode(event, line: line)) }
            }
        }
        let reduceSeconds = bestOf(3) {
            var state = AnalysisState()
            for event in decoded { state.reduce(event) }
        }

        return [
            BenchRow(name: "log: events / size", value: "\(events) / \(String(format: "%.1f", megabytes)) MB", target: "—"),
            BenchRow(name: "parser alone", value: rate(megabytes / parseSeconds, "MB/s"), target: "≥ 1000 MB/s"),
            BenchRow(name: "parse + JSON validation, building nothing (in memory)", value: rate(Double(validated) / validateSeconds, "events/s"), target: "—"),
            BenchRow(name: "parse + decode (in memory)", value: rate(Double(decodeOnly) / decodeSeconds, "events/s"), target: "—"),
            BenchRow(name: "reduce alone", value: rate(Double(decoded.count) / reduceSeconds, "events/s"), target: "—"),
            BenchRow(
                name: "parse + decode + reduce (in memory)",
                value: rate(Double(state.eventCounts.total) / pipelineSeconds, "events/s")
                    + ", " + rate(megabytes / pipelineSeconds, "MB/s"),
                target: "≥ 1,000,000 events/s"
            ),
        ]
    }

    private static func forEachChunk(of bytes: Data, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + chunkSize)
                body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }

    private static func bestOf(_ runs: Int, _ body: () -> Void) -> Double {
        (0..<runs).map { _ in
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }.min()!
    }

    static func rate(_ value: Double, _ unit: String) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return (formatter.string(from: NSNumber(value: value)) ?? "\(Int(value))") + " " + unit
    }
}
