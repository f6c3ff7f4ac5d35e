// Fuzzes the recording reader: Feeds.Recording (header and entry lines) and Replay.LogReader
// reading the input as a file (gzip or not, any format it detects), as `streamtop replay` does.
// See RecordingFuzz for the checks.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    RecordingFuzz.run(fuzzBytes(data, size))
    return 0
}

runFuzzer(fuzzTestOneInput)
