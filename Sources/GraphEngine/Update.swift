/// A partial set of writes to state keys, returned by a node.
///
/// Writes are not applied when the node returns: the engine folds the updates of all nodes of
/// a superstep into the state at the end of the step, each key through its schema's reducer.
///
/// ```swift
/// return .write(\.sources, found).write(\.searches, 1)
/// ```
public struct Update<State: Sendable>: Sendable {
    private var writes: [any StateWrite<State>] = []

    /// An update that writes nothing.
    public init() {}

    /// An update that writes `value` to `key`.
    public static func write<Value: Sendable>(
        _ key: WritableKeyPath<State, Value> & Sendable,
        _ value: Value
    ) -> Update {
        Update().write(key, value)
    }

    /// This update followed by a write of `value` to `key`.
    public func write<Value: Sendable>(
        _ key: WritableKeyPath<State, Value> & Sendable,
        _ value: Value
    ) -> Update {
        var update = self
        update.writes.append(KeyedWrite(key: key, value: value))
        return update
    }

    /// The last value this update writes to `key`, or nil if it does not write it.
    public func value<Value: Sendable>(for key: KeyPath<State, Value>) -> Value? {
        for write in writes.reversed() {
            if let keyed = write as? KeyedWrite<State, Value>, keyed.key as AnyKeyPath == key {
                return keyed.value
            }
        }
        return nil
    }

    /// Whether this update writes nothing.
    public var isEmpty: Bool { writes.isEmpty }

    func apply(to state: inout State, using schema: StateSchema<State>) {
        for write in writes {
            write.apply(to: &state, using: schema)
        }
    }
}
