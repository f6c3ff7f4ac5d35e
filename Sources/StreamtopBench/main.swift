import Analysis
import EventStream
import Foundation
import TestSupport

/// The in-process half of `scripts/bench`: generates the benchmark log and measures the
/// parts that a whole-program timing cannot separate. Prints one row per line as
/// `name<TAB>value<TAB>target`, which the script gathers into its table.
struct BenchRow {
    var name: String
    var value: String
    var target: String
}

func printRows(_ rows: [BenchRow]) {
    for row in rows { print("\(row.name)\t\(row.value)\t\(row.target)") }
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "generate":
    guard arguments.count >= 3, let events = Int(arguments[arguments.startIndex + 2]) else {
        fatalError("usage: StreamtopBench generate FILE EVENTS")
    }
    try BenchLog.write(events: events, to: arguments[arguments.startIndex + 1])
case "pipeline":
    guard arguments.count >= 2 else { fatalError("usage: StreamtopBench pipeline FILE") }
    printRows(try PipelineBench.run(path: arguments[arguments.startIndex + 1]))
case "frames":
    guard arguments.count >= 2 else { fatalError("usage: StreamtopBench frames FILE") }
    printRows(try FrameBench.run(path: arguments[arguments.startIndex + 1]))
case "seek":
    guard arguments.count >= 2 else { fatalError("usage: StreamtopBench seek FILE") }
    printRows(try await SeekBench.run(path: arguments[arguments.startIndex + 1]))
case "live":
    printRows(try await LiveBench.run())
case "engine":
    printRows(await EngineBench.run())
case "runs":
    printRows(RunsBench.frames())
    if arguments.count >= 2 { printRows(try await RunsBench.requests(url: arguments[arguments.startIndex + 1])) }
default:
    print("usage: StreamtopBench generate FILE EVENTS | pipeline FILE | frames FILE | seek FILE | live | engine | runs [LANGGRAPH_URL]")
}
