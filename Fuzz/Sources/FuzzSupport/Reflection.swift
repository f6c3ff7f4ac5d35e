/// Every String and Double inside a value, found by reflection (enum payloads, optionals,
/// arrays and structs alike), for invariants that hold for all of an event's text or numbers.
/// `skip` names values not to look into (an event's raw `report` JSON, say).
public struct Contents {
    public var strings: [(path: String, value: String)] = []
    public var doubles: [(path: String, value: Double)] = []

    public init(of value: Any, skip: (Any) -> Bool = { _ in false }) {
        walk(value, path: "", skip: skip, depth: 0)
    }

    private mutating func walk(_ value: Any, path: String, skip: (Any) -> Bool, depth: Int) {
        if skip(value) || depth > 64 { return }
        if let string = value as? String {
            strings.append((path, string))
            return
        }
        if let double = value as? Double {
            doubles.append((path, double))
            return
        }
        if value is Character || value is Int || value is Bool { return }
        for (index, child) in Mirror(reflecting: value).children.enumerated() {
            walk(child.value, path: path + "." + (child.label ?? String(index)), skip: skip, depth: depth + 1)
        }
    }
}
