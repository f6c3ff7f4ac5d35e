/// Where a log's bytes come from: a file as it is, or a gzip-compressed one inflated on
/// the fly. Both read in chunks, so a log of any size streams through a fixed buffer.
public protocol ByteSource: AnyObject {
    /// "standard input", or the path.
    var displayName: String { get }
    /// Fills `buffer` from the start with up to its size; returns the byte count, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// Moves to `offset` bytes from the start of the (uncompressed) content.
    func seek(to offset: Int) throws(InputError)
}

/// Opens `path` (or standard input for "-"), inflating it when it starts with the gzip magic
/// bytes, whatever its name.
public func openByteSource(path: String) throws(InputError) -> any ByteSource {
    let file = try InputFile(path: path)
    let magic = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
    defer { magic.deallocate() }
    let count = try file.peek(into: magic)
    guard count == 2, magic[0] == 0x1F, magic[1] == 0x8B else { return file }
    return try GzipInput(file: file)
}
