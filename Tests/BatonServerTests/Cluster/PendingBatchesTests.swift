@testable import BatonServer
import Testing

/// The shared coordinator's queue: no more batches at once than allowed, none bigger than the
/// limit, operations in arrival order, and whatever waited starts as soon as a batch ends.
struct PendingBatchesTests {
    @Test func whatArrivesWhileABatchRunsWaitsAndThenGoesTogether() {
        var pending = PendingBatches<Int>(limit: 3, concurrent: 1)
        #expect(pending.enqueue(1) == [[1]])
        for operation in 2...6 { #expect(pending.enqueue(operation).isEmpty) }
        #expect(pending.finished() == [[2, 3, 4]])
        #expect(pending.finished() == [[5, 6]])
        #expect(pending.finished().isEmpty)
        #expect(pending.enqueue(7) == [[7]])
    }

    @Test func twoBatchesAtOnceWhenTwoAreAllowed() {
        var pending = PendingBatches<Int>(limit: 2, concurrent: 2)
        #expect(pending.enqueue(1) == [[1]])
        #expect(pending.enqueue(2) == [[2]])
        #expect(pending.enqueue(3).isEmpty)
        #expect(pending.enqueue(4).isEmpty)
        #expect(pending.enqueue(5).isEmpty)
        #expect(pending.finished() == [[3, 4]])
        #expect(pending.finished() == [[5]])
    }

    @Test func limitsBelowOneMeanOne() {
        var pending = PendingBatches<Int>(limit: 0, concurrent: -3)
        #expect(pending.enqueue(1) == [[1]])
        #expect(pending.enqueue(2).isEmpty)
        #expect(pending.finished() == [[2]])
    }
}
