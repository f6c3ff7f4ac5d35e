/// The reducer of each state key that should not simply keep the last written value.
///
/// ```swift
/// let schema = StateSchema<Research>()
///     .reducing(\.sources, with: .append)
///     .reducing(\.scores, with: .merge)
/// ```
public struct StateSchema<State: Sendable>: Sendable {
    /// Values are `Reducer<Value>` for the key's `Value`; the key path fixes which one.
    private var reducers: [PartialKeyPath<State> & Sendable: any Sendable] = [:]

    /// A schema in which every key keeps the last written value.
    public init() {}

    /// This schema with `reducer` combining the writes to `key`.
    public func reducing<Value>(
        _ key: WritableKeyPath<State, Value> & Sendable,
        with reducer: Reducer<Value>
    ) -> StateSchema {
        var schema = self
        schema.reducers[key] = reducer
        return schema
    }

    func reducer<Value>(for key: WritableKeyPath<State, Value> & Sendable) -> Reducer<Value> {
        reducers[key] as? Reducer<Value> ?? .replace
    }
}
