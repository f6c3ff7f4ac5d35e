/// How a state key combines the value it holds with a value a node writes to it.
///
/// Writes from the nodes of one superstep are folded into the state one after another, in
/// schedule order, so a reducer decides what "two nodes wrote this key in the same step" means.
public struct Reducer<Value>: Sendable {
    /// In place, so that appending to a large collection does not copy it on every write.
    let combine: @Sendable (inout Value, Value) -> Void

    /// A custom reducer: `combine(current, written)` becomes the key's new value.
    public init(_ combine: @escaping @Sendable (_ current: Value, _ written: Value) -> Value) {
        self.combine = { current, written in current = combine(current, written) }
    }

    private init(inPlace combine: @escaping @Sendable (inout Value, Value) -> Void) {
        self.combine = combine
    }

    /// The written value replaces the current one: the last write of a step wins.
    /// Keys without a registered reducer behave like this.
    public static var replace: Reducer {
        Reducer(inPlace: { current, written in current = written })
    }
}

extension Reducer where Value: RangeReplaceableCollection & SendableMetatype {
    /// The written elements are appended after the current ones.
    public static var append: Reducer {
        Reducer(inPlace: { current, written in current.append(contentsOf: written) })
    }
}

extension Reducer where Value: MergeableCollection & SendableMetatype {
    /// The written collection is merged into the current one (see `MergeableCollection`).
    public static var merge: Reducer {
        Reducer(inPlace: { current, written in current.merge(newer: written) })
    }
}
