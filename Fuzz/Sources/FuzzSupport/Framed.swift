/// Bytes up to the first line end after any leading BOM and blank space, as LogFormat.detect
/// skips them: whether the first line of content is whole.
public func hasWholeFirstLine(_ bytes: [UInt8]) -> Bool {
    var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
    return bytes[start...].contains { $0 == 0x0A || $0 == 0x0D }
}
