// Fuzzes Terminal.KeyDecoder, and the dashboard the decoded keys drive: the input is records
// of 5 bytes, a tag (even: a character from wget_wch, odd: a key code) and a 32-bit value,
// little-endian. See KeyDecoderFuzz for the checks.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    KeyDecoderFuzz.run(fuzzBytes(data, size))
    return 0
}

runFuzzer(fuzzTestOneInput)
