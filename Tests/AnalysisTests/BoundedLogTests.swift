import Analysis
import Testing

@Suite struct BoundedLogTests {
    @Test("keeps the newest items in order, says when the next one lets the oldest go, and counts them", arguments: [1, 2, 63, 64, 65, 200, 500])
    func keepsTheNewest(limit: Int) {
        var log = BoundedLog<Int>(limit: limit)
        var model: [Int] = []
        for value in 0..<2_000 {
            #expect(log.isFull == (model.count == limit))
            log.append(value)
            model.append(value)
            if model.count > limit { model.removeFirst() }
            if value % 97 == 0 || value > 1_990 {
                #expect(Array(log.items) == model)
                #expect(log.items.count == model.count)
                #expect(log.last == model.last)
                #expect(Array(log.newestFirst) == model.reversed())
            }
        }
        #expect(log.total == 2_000)
        #expect(log.dropped == 2_000 - min(limit, 2_000))
    }

    @Test("a copy keeps its own items while the original goes on: snapshots of the state stay true")
    func copiesAreValues() {
        var log = BoundedLog<String>(limit: 100)
        var snapshots: [(BoundedLog<String>, [String])] = []
        for value in 0..<1_000 {
            log.append("item \(value)")
            if value % 37 == 0 { snapshots.append((log, Array(log.items))) }
        }
        for (snapshot, items) in snapshots {
            #expect(Array(snapshot.items) == items)
        }
        #expect(log.items.first == "item 900" && log.items.last == "item 999")
    }

    @Test("logs are equal when they keep the same items and have counted the same")
    func equality() {
        var left = BoundedLog<Int>(limit: 3)
        var right = BoundedLog<Int>(limit: 3)
        for value in 0..<70 { left.append(value) }
        for value in 67..<70 { right.append(value) }
        #expect(left.items == right.items)
        #expect(left.items == [67, 68, 69])
        #expect(left != right, "the totals differ")
    }

    @Test("a copy and its original are equal, and stop being equal when either takes an item; logs built apart compare item by item", arguments: [1, 63, 64, 65, 200])
    func equalityOfCopies(limit: Int) {
        var original = BoundedLog<String>(limit: limit)
        for value in 0..<(limit * 3 + 7) { original.append("item \(value)") }
        var copy = original
        #expect(copy.items == original.items)
        copy.append("one more")
        #expect(copy.items != original.items, "the same count, the items shifted by one")
        original.append("another")
        #expect(copy.items != original.items, "the same blocks but the newest")
        original = copy
        // Built apart: the same items in blocks that are not shared.
        var apart = BoundedLog<String>(limit: limit)
        for item in copy.items { apart.append(item) }
        #expect(apart.items == copy.items)
        apart.append("different")
        copy.append("different!")
        #expect(apart.items != copy.items)
        #expect(original.items != copy.items)
    }
}
