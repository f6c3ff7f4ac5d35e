/// The items a list panel shows, read in place: a frame copies none of them, and only a
/// filter (case-insensitive containment in an item's text) makes a list of positions.
struct ListItems<Item> {
    let count: Int
    private let item: (Int) -> Item

    init<Source: RandomAccessCollection>(
        _ source: Source, newestFirst: Bool, filter: String, text: (Item) -> String
    ) where Source.Element == Item, Source.Index == Int {
        let position: (Int) -> Int = newestFirst ? { source.endIndex - 1 - $0 } : { source.startIndex + $0 }
        guard !filter.isEmpty else {
            count = source.count
            item = { source[position($0)] }
            return
        }
        let needle = filter.lowercased()
        let matches = (0..<source.count).filter { text(source[position($0)]).lowercased().contains(needle) }
        count = matches.count
        item = { source[position(matches[$0])] }
    }

    subscript(index: Int) -> Item { item(index) }
}
