/// One value written to one state key; an `Update` is a list of these.
///
/// A protocol with a generic conformer keeps each write's value type while the update holds
/// writes to keys of different types.
protocol StateWrite<State>: Sendable {
    associatedtype State: Sendable
    func apply(to state: inout State, using schema: StateSchema<State>)
}

struct KeyedWrite<State: Sendable, Value: Sendable>: StateWrite {
    let key: WritableKeyPath<State, Value> & Sendable
    let value: Value

    func apply(to state: inout State, using schema: StateSchema<State>) {
        schema.reducer(for: key).combine(&state[keyPath: key], value)
    }
}
