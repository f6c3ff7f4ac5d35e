// Fuzzes Analysis.AnalysisEvent.decode (the envelope decoder and, by event name, the LangGraph
// GraphEventDecoder). The input is `<event name>\n<data>` (a name is looked for in the first 80
// bytes only; without one the event is a plain "message"). See EnvelopeFuzz for the checks.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    EnvelopeFuzz.run(fuzzBytes(data, size))
    return 0
}

runFuzzer(fuzzTestOneInput)
