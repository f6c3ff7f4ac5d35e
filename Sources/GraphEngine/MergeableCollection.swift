/// A collection that `Reducer.merge` can combine with a newer one of its kind.
public protocol MergeableCollection {
    /// Folds `newer` into `self`; where both hold an entry for the same key, `newer` wins.
    mutating func merge(newer: Self)
}

extension Dictionary: MergeableCollection {
    public mutating func merge(newer: Self) {
        merge(newer) { _, newerValue in newerValue }
    }
}

extension Set: MergeableCollection {
    public mutating func merge(newer: Self) {
        formUnion(newer)
    }
}
