import Analysis
import EventStream
import Foundation

/// The state after every event of a recorded SSE capture in `Tests/Fixtures/samples`, each
/// decoded and reduced as the program does.
public func replay(sample name: String) throws -> AnalysisState {
    var parser = SSEParser()
    var state = AnalysisState()
    for parsed in parser.feed(Array(try Data(contentsOf: fixtureURL("samples/\(name)")))) {
        if case .event(let event, let line) = parsed { state.reduce(.decode(event, line: line)) }
    }
    return state
}
