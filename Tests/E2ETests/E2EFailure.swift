/// A failed end-to-end step, with what was on the screen when it failed.
struct E2EFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
