@testable import baton_bench
import BatonClient
import Testing

/// The simulator's check of the promise (Benchmarks/Bench/PrimaryTerms.swift) finds what it
/// must: it is what makes the simulator stage of the test command able to fail.
struct PrimaryTermsTests {
    private func at(_ milliseconds: Int) -> MonotonicInstant { MonotonicInstant(sinceOrigin: .milliseconds(milliseconds)) }
    private func primary(_ epoch: Int) -> AgentState { .primary(epoch: epoch, deadline: at(1_000_000)) }

    @Test func termsOneAfterTheOtherWithRisingEpochsAreFine() {
        let terms = PrimaryTerms()
        terms.record(group: "g", member: "a#1", state: primary(1), at: at(0))
        terms.record(group: "g", member: "a#1", state: .secondary, at: at(100))
        terms.record(group: "g", member: "b#1", state: primary(2), at: at(101))
        // Another group's terms never conflict with this one's.
        terms.record(group: "h", member: "a#1", state: primary(1), at: at(50))
        terms.closeAll(at: at(200))
        #expect(terms.violations().isEmpty)
        #expect(terms.terms.count == 3)
    }

    @Test func twoMembersPrimaryAtOnceIsAnOverlap() {
        let terms = PrimaryTerms()
        terms.record(group: "g", member: "a#1", state: primary(1), at: at(0))
        terms.record(group: "g", member: "b#1", state: primary(2), at: at(90))
        terms.record(group: "g", member: "a#1", state: .secondary, at: at(100))
        terms.closeAll(at: at(200))
        let violations = terms.violations()
        #expect(violations.count == 1)
        #expect(violations.first?.contains("both Primary for 10.0 ms") == true)
    }

    @Test func anEpochGivenToTwoSessionsOrGoingBackIsAViolation() {
        let terms = PrimaryTerms()
        terms.record(group: "g", member: "a#1", state: primary(3), at: at(0))
        terms.record(group: "g", member: "a#1", state: .secondary, at: at(10))
        terms.record(group: "g", member: "b#1", state: primary(3), at: at(20))
        terms.record(group: "g", member: "b#1", state: .secondary, at: at(30))
        terms.record(group: "g", member: "c#1", state: primary(2), at: at(40))
        terms.closeAll(at: at(50))
        #expect(terms.violations().count == 2)
    }

    @Test func aRestartedSessionMayTakeUpItsOwnTermAndEpoch() {
        let terms = PrimaryTerms()
        terms.record(group: "g", member: "a#1", state: primary(1), at: at(0))
        terms.record(group: "g", member: "a#1", state: .stopped, at: at(10))
        terms.record(group: "g", member: "a#2", state: primary(1), at: at(20))
        terms.closeAll(at: at(30))
        #expect(terms.violations().isEmpty)
    }

    @Test func anOverlapWhileTheDemotionAnswerTravelsIsAFencedHandoverNotAViolation() {
        let terms = PrimaryTerms()
        terms.record(group: "g", member: "a#1", state: primary(1), at: at(0))
        // The successor's grant arrives first; a's demotion answers a heartbeat sent before it.
        terms.record(group: "g", member: "b#1", state: primary(2), at: at(100))
        terms.record(group: "g", member: "a#1", state: .secondary, at: at(101), demotedBySend: at(99))
        terms.closeAll(at: at(200))
        let review = terms.review()
        #expect(review.violations.isEmpty)
        #expect(review.fencedHandovers == 1)
    }

    @Test func anOverlapIsAViolationWhenTheDemotingHeartbeatWasSentAfterTheSuccessorBeganOrTheEpochIsNotHigher() {
        let late = PrimaryTerms()
        late.record(group: "g", member: "a#1", state: primary(1), at: at(0))
        late.record(group: "g", member: "b#1", state: primary(2), at: at(100))
        late.record(group: "g", member: "a#1", state: .secondary, at: at(120), demotedBySend: at(110))
        late.closeAll(at: at(200))
        #expect(late.violations().count == 1)

        let notDemoted = PrimaryTerms()   // the lease ran out, or it yielded: no answer ended it
        notDemoted.record(group: "g", member: "a#1", state: primary(1), at: at(0))
        notDemoted.record(group: "g", member: "b#1", state: primary(2), at: at(100))
        notDemoted.record(group: "g", member: "a#1", state: .secondary, at: at(101))
        notDemoted.closeAll(at: at(200))
        #expect(notDemoted.violations().count == 1)
    }
}
