/// A thread's status on a LangGraph Server, as `POST /threads/search` and `/threads/count`
/// filter on it.
public enum ThreadStatus: String, CaseIterable, Comparable, Sendable {
    case idle, busy, interrupted, error

    /// The order the header counts them in and `s` cycles through.
    public static func < (lhs: ThreadStatus, rhs: ThreadStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// `--status idle,busy`: the statuses named, in the order given, each once; or the first
    /// word that is not one.
    public static func list(_ text: String) -> Result<[ThreadStatus], StatusListError> {
        var statuses: [ThreadStatus] = []
        for word in text.split(separator: ",").map({ String($0.filter { $0 != " " }).lowercased() }) where !word.isEmpty {
            guard let status = ThreadStatus(rawValue: word) else { return .failure(StatusListError(word: word)) }
            if !statuses.contains(status) { statuses.append(status) }
        }
        return .success(statuses)
    }
}

public struct StatusListError: Error, CustomStringConvertible {
    public var word: String
    public var description: String {
        "\"\(word)\" is not a thread status (one of \(ThreadStatus.allCases.map(\.rawValue).joined(separator: ", ")))"
    }
}
