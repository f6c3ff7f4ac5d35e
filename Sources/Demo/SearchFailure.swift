/// Why a search failed, as a search client would report it.
struct SearchFailure: Error, Sendable {
    /// The exception's class, as the seed's server would name it.
    let errorType: String
    let message: String
}
