// Fuzzes EventStream.SSEParser: the input (after a ChunkedInput header: cut points and a cap
// selector) is a byte stream, fed in one chunk, at the input's cut points, one byte at a time,
// and through a compacted copy. Every way must give the same events, the same unfinished-event
// line, last event id and retry; with the default cap the events must also be those of a plain
// line-by-line reading of the WHATWG algorithm (ReferenceParser).
import EventStream
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SSEParserFuzz.run(fuzzBytes(data, size))
    return 0
}

runFuzzer(fuzzTestOneInput)
