/// A checker for the Mermaid streamtop writes, standing in for `@mermaid-js/mermaid-cli`
/// (which cannot be installed here). It accepts exactly the subset the report emits and
/// nothing else, and is stricter than Mermaid wherever Mermaid would quietly misread a line:
///
/// - `gantt`: `title`, `dateFormat x`, `axisFormat`, `todayMarker off`, `section`, and tasks
///   `name :[tags, ]id, start, end` with tags from `done`, `active`, `crit`, `milestone` and
///   times in milliseconds; a name holds no `:` `#` `;` `%` quote or backtick and does not begin
///   with a word Mermaid's lexer takes for a statement (or with a date); ids are unique.
/// - `flowchart TD`: nodes `id["label"]` and `id(["label"])` (a `"` in a label written as an
///   entity such as `#quot;`), edges `a --> b` and `a -.-> b` between declared nodes,
///   `classDef name prop:value,…` and `class a,b name`; ids are unique and not reserved words.
///
/// The rules follow Mermaid's Gantt lexer (`gantt.jison`) and its flowchart documentation.
public enum MermaidSyntax {
    public struct Task: Equatable, Sendable {
        public var section: String?
        public var name: String
        public var tags: [String]
        public var id: String
        public var start: Int64
        public var end: Int64
    }

    public struct Gantt: Equatable, Sendable {
        public var title: String?
        public var sections: [String] = []
        public var tasks: [Task] = []
    }

    public struct Node: Equatable, Sendable {
        public var id: String
        public var label: String
        /// `(["…"])` rather than `["…"]`.
        public var isStadium: Bool
    }

    public struct Edge: Equatable, Sendable {
        public var source: String
        public var target: String
        public var isDotted: Bool

        public init(source: String, target: String, isDotted: Bool) {
            self.source = source
            self.target = target
            self.isDotted = isDotted
        }
    }

    public struct Flowchart: Equatable, Sendable {
        public var nodes: [Node] = []
        public var edges: [Edge] = []
        /// Node ids by the class they were given.
        public var classes: [String: [String]] = [:]

        /// The label of the node with `id`.
        public func label(of id: String) -> String? {
            nodes.first { $0.id == id }?.label
        }
    }

    public enum Diagram: Equatable, Sendable {
        case gantt(Gantt)
        case flowchart(Flowchart)
    }

    /// What is wrong, one line each: `line N: …`.
    public struct Problems: Error, Equatable, CustomStringConvertible {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    /// The text of each ```` ```mermaid ```` block in a Markdown text, without its fences;
    /// a block whose fence never closes is returned too, to fail the check.
    public static func blocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                if line == "```mermaid" { current = [] }
            } else if line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current!.append(line)
            }
        }
        if let current { blocks.append(current.joined(separator: "\n") + "```unclosed") }
        return blocks
    }

    /// The diagram `text` describes, or every problem found in it.
    public static func parse(_ text: String) -> Result<Diagram, Problems> {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.firstIndex(where: { !$0.trimmed.isEmpty }) else {
            return .failure(Problems(lines: ["the diagram is empty"]))
        }
        let body = Array(lines.enumerated().dropFirst(first + 1))
        switch lines[first].trimmed {
        case "gantt": return gantt(body).map(Diagram.gantt)
        case "flowchart TD": return flowchart(body).map(Diagram.flowchart)
        default: return .failure(Problems(lines: ["line \(first + 1): not a gantt or a flowchart TD: \(lines[first])"]))
        }
    }

    /// The problems in `text`; none when it is a diagram of the subset.
    public static func problems(in text: String) -> [String] {
        if case .failure(let problems) = parse(text) { return problems.lines }
        return []
    }

    // MARK: - gantt

    /// What Mermaid's Gantt lexer reads as a statement at the start of a line, before any
    /// task name: a word that needs white space after it, or (`prefixes`) any text after it.
    static let ganttKeywords = [
        "dateformat", "axisformat", "tickinterval", "includes", "excludes", "todaymarker", "weekday", "title",
        "accdescription", "section", "click", "call", "href", "acctitle", "accdescr",
    ]
    static let ganttPrefixes = ["gantt", "inclusiveenddates", "topaxis", "acctitle:", "accdescr:", "accdescr{"]
    static let ganttTags: Set<String> = ["done", "active", "crit", "milestone"]

    private static func gantt(_ lines: [(offset: Int, element: String)]) -> Result<Gantt, Problems> {
        var gantt = Gantt()
        var problems: [String] = []
        var ids = Set<String>()
        var hasDateFormat = false
        var section: String?
        for (offset, raw) in lines {
            let line = raw.trimmed
            func problem(_ text: String) { problems.append("line \(offset + 1): \(text): \(raw)") }
            guard !line.isEmpty else { continue }
            let (word, rest) = line.firstWord
            switch word.lowercased() {
            case "title":
                if rest.isEmpty || rest.contains(where: "#;".contains) { problem("a title needs text without # or ;") }
                gantt.title = rest
            case "dateformat":
                if rest != "x" { problem("only dateFormat x (milliseconds) is written") }
                hasDateFormat = true
            case "axisformat":
                if !isAxisFormat(rest) { problem("not an axis format of %-directives") }
            case "todaymarker":
                if rest != "off" { problem("only todayMarker off is written") }
            case "section":
                if rest.isEmpty || rest.contains(where: "#:;".contains) { problem("a section needs a name without # : or ;") }
                section = rest
                gantt.sections.append(rest)
            default:
                let lowered = line.lowercased()
                if ganttKeywords.contains(where: { lowered.hasPrefix($0) && lowered.dropFirst($0.count).first?.isWhitespace != false })
                    || ganttPrefixes.contains(where: lowered.filter { $0 != " " }.hasPrefix) {
                    problem("a keyword this subset does not write, or a task name Mermaid would read as one")
                    continue
                }
                guard let task = ganttTask(line, section: section, problem: problem) else { continue }
                if !hasDateFormat { problem("a task before dateFormat") }
                if !ids.insert(task.id).inserted { problem("a second task with the id \(task.id)") }
                gantt.tasks.append(task)
            }
        }
        if gantt.tasks.isEmpty { problems.append("a gantt without tasks") }
        return problems.isEmpty ? .success(gantt) : .failure(Problems(lines: problems))
    }

    private static func ganttTask(_ line: String, section: String?, problem: (String) -> Void) -> Task? {
        let parts = line.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            problem(parts.count == 1 ? "not a statement of the subset (a task needs name :data)" : "a task with more than one :")
            return nil
        }
        let name = parts[0].trimmed
        if name.isEmpty { problem("a task without a name") }
        if name.contains(where: "#;%\"`".contains) { problem("a task name with a character Mermaid reads as syntax") }
        let lowered = name.lowercased()
        if lowered.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }) && lowered.count > 4 && lowered.dropFirst(4).first == "-" {
            problem("a task name that begins like a date")
        }
        let data = parts[1]
        if data.contains(where: "#;".contains) { problem("task data with # or ;") }
        var items = data.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmed }
        var tags: [String] = []
        while let first = items.first, ganttTags.contains(first) {
            if tags.contains(first) { problem("the tag \(first) twice") }
            tags.append(first)
            items.removeFirst()
        }
        guard items.count == 3 else {
            problem("a task needs an id, a start and an end after its tags")
            return nil
        }
        let id = items[0]
        guard let head = id.first, head.isLetter || head == "_", id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), id.allSatisfy(\.isASCII) else {
            problem("not a task id: \(id)")
            return nil
        }
        guard let start = milliseconds(items[1]), let end = milliseconds(items[2]) else {
            problem("a start and an end in milliseconds since 1970 (dateFormat x)")
            return nil
        }
        if end <= start { problem("a task that ends before it starts, or when it starts") }
        return Task(section: section, name: name, tags: tags, id: id, start: start, end: end)
    }

    private static func milliseconds(_ text: String) -> Int64? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }

    private static func isAxisFormat(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains(where: "#;".contains) else { return false }
        var characters = text.makeIterator()
        while let character = characters.next() {
            if character == "%", !(characters.next().map { "aAbBcdeHIjLmMpSUwWxXyYZ%".contains($0) } ?? false) { return false }
        }
        return true
    }

    // MARK: - flowchart

    static let reservedIDs: Set<String> = [
        "end", "graph", "flowchart", "subgraph", "class", "classdef", "click", "style", "linkstyle", "direction", "call", "href", "default",
    ]

    private static func flowchart(_ lines: [(offset: Int, element: String)]) -> Result<Flowchart, Problems> {
        var chart = Flowchart()
        var problems: [String] = []
        var declared = Set<String>()
        var classDefs = Set<String>()
        var later: [(line: Int, raw: String, ids: [String], className: String?)] = []
        for (offset, raw) in lines {
            let line = raw.trimmed
            func problem(_ text: String) { problems.append("line \(offset + 1): \(text): \(raw)") }
            guard !line.isEmpty else { continue }
            let words = line.split(separator: " ").map(String.init)
            if words.first == "classDef" {
                if words.count != 3 || !isIdentifier(words[1]) || !isStyle(words[2]) { problem("classDef needs a name and prop:value,…") }
                if words.count > 1 { classDefs.insert(words[1]) }
            } else if words.first == "class" {
                guard words.count == 3 else {
                    problem("class needs ids and a class name")
                    continue
                }
                let ids = words[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                later.append((offset + 1, raw, ids, words[2]))
                chart.classes[words[2], default: []] += ids
            } else if words.count == 3, words[1] == "-->" || words[1] == "-.->" {
                if !isNodeID(words[0]) || !isNodeID(words[2]) { problem("an edge between things that are not node ids") }
                later.append((offset + 1, raw, [words[0], words[2]], nil))
                chart.edges.append(Edge(source: words[0], target: words[2], isDotted: words[1] == "-.->"))
            } else if let node = node(line, problem: problem) {
                if !declared.insert(node.id).inserted { problem("a second node with the id \(node.id)") }
                chart.nodes.append(node)
            }
        }
        for use in later {
            for id in use.ids where !declared.contains(id) { problems.append("line \(use.line): \(id) is not a declared node: \(use.raw)") }
            if let name = use.className, !classDefs.contains(name) { problems.append("line \(use.line): no classDef \(name): \(use.raw)") }
        }
        if chart.nodes.isEmpty { problems.append("a flowchart without nodes") }
        return problems.isEmpty ? .success(chart) : .failure(Problems(lines: problems))
    }

    /// `id["label"]` or `id(["label"])`, and nothing after.
    private static func node(_ line: String, problem: (String) -> Void) -> Node? {
        let id = String(line.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        var rest = Substring(line.dropFirst(id.count))
        guard isNodeID(id), !rest.isEmpty else {
            problem(id.isEmpty ? "not a statement of the subset" : "not a node id, or a node without a shape")
            return nil
        }
        let isStadium = rest.hasPrefix("([")
        let (opener, closer) = isStadium ? ("([", "])") : ("[", "]")
        guard rest.hasPrefix(opener) else {
            problem("a node shape this subset does not write")
            return nil
        }
        rest = rest.dropFirst(opener.count)
        guard rest.first == "\"", let closingQuote = rest.dropFirst().firstIndex(of: "\"") else {
            problem("a node label that is not in quotes")
            return nil
        }
        let label = String(rest[rest.index(after: rest.startIndex)..<closingQuote])
        let after = rest[rest.index(after: closingQuote)...]
        guard after == closer else {
            problem("unbalanced brackets, or text after the node (a quote inside a label ends it)")
            return nil
        }
        if label.trimmed.isEmpty { problem("an empty label") }
        if label.hasPrefix("`") { problem("a label Mermaid reads as Markdown") }
        if !hasOnlyEntities(label) { problem("a # in a label that is not an entity such as #quot;") }
        return Node(id: id, label: label, isStadium: isStadium)
    }

    private static func isNodeID(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !reservedIDs.contains(text.lowercased())
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    private static func isStyle(_ text: String) -> Bool {
        text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { declaration in
            let pair = declaration.split(separator: ":", omittingEmptySubsequences: false)
            return pair.count == 2 && !pair[0].isEmpty && pair[0].allSatisfy { $0.isLetter || $0 == "-" } && !pair[1].isEmpty && !pair[1].contains(";")
        }
    }

    private static func hasOnlyEntities(_ label: String) -> Bool {
        var rest = Substring(label)
        while let hash = rest.firstIndex(of: "#") {
            let after = rest[rest.index(after: hash)...]
            let name = after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
            guard !name.isEmpty, after.dropFirst(name.count).first == ";" else { return false }
            rest = after.dropFirst(name.count + 1)
        }
        return true
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The text up to the first space, and what follows it, trimmed.
    fileprivate var firstWord: (String, String) {
        guard let space = firstIndex(where: \.isWhitespace) else { return (String(self), "") }
        return (String(self[..<space]), self[space...].trimmed)
    }
}
