// Fuzzes AnalysisState.reduce fed decoded events: the input is lines, each `<data>` or
// `<event name>\t<data>` (an SSE event as a feed hands it to the decoder). A first line `#`
// folds them with small limits (every bound is reached within a few events), else with the
// defaults. See ReducerFuzz for the checks.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ReducerFuzz.run(fuzzBytes(data, size))
    return 0
}

runFuzzer(fuzzTestOneInput)
