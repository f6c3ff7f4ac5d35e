/// Records, across tasks, the order in which things happened.
actor OrderLog {
    private(set) var entries: [String] = []

    func append(_ entry: String) {
        entries.append(entry)
    }
}
