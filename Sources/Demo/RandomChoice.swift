extension Array {
    /// A random element of an array known not to be empty, such as a vocabulary list.
    func randomChoice(using generator: inout SplitMix64) -> Element {
        self[Int.random(in: indices, using: &generator)]
    }
}
