// Fuzzes Replay.LogFormat.detect and Replay.LogFramer: the input (after a ChunkedInput header
// whose selector picks the format and size cap) is a log, detected, then framed in one chunk,
// at the input's cut points and one byte at a time. See LogFormatFuzz for the checks.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    LogFormatFuzz.run(fuzzBytes(data, size))
    return 0
}

runFuzzer(fuzzTestOneInput)
