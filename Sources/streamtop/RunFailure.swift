/// A failure while running a command (a file that cannot be read, a stream that cannot be
/// opened), as opposed to a mistake in the command line: it prints its reason without the
/// usage text, and the program exits with status 1.
struct RunFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
