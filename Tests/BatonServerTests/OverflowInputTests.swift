import BatonCore
import BatonJSON
import Foundation
import HTTPTypes
import Testing

/// Request values at the edges of what the engine can compute with (issue 9, items 4 to 6,
/// and what fuzzing found; see scripts/fuzz.sh): time spans beyond `Int64` nanoseconds,
/// numbers where an integer is expected, schedules centuries ahead. Before the fixes each
/// of these single requests trapped the whole process; now each is a 400 with the API's
/// error body and changes nothing.
@Suite struct OverflowInputTests {
    static let prefix = APIPrefix.onPremises

    /// Spans whose nanoseconds do not fit an `Int64` (the first trapped when its range error
    /// was formatted), and one just inside, which only the engine's range refuses.
    static let spansBeyondTheClock = [
        "-99999999.00:00:00", "-99999999.23:59:59.9999999", "99999999.23:59:59.9999999",
        "-106751.23:47:16.8547759", "106751.23:47:16.8547759", "106752.00:00:00",
    ]
    static let spans = spansBeyondTheClock + ["-106751.23:47:16.8547758"]

    // MARK: Item 4: time spans

    @Test(arguments: APIPrefix.allCases)
    func aFailoverTimeoutBeyondTheClockIsA400(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "keep", timeout: "00:00:10")
            let before = try await client.send(.get, prefix.group("keep")).text
            for span in Self.spans {
                let bad = BadInputTests.Case(label: "FailoverTimeout \(span)")
                try BadInputTests.expectRefused(
                    try await client.send(.post, prefix.groups, #"{"Id":"x","FailoverTimeout":"\#(span)"}"#), bad)
                try BadInputTests.expectRefused(
                    try await client.send(.put, prefix.group("keep"), #"{"Id":"keep","FailoverTimeout":"\#(span)"}"#), bad)
                try await BadInputTests.expectGroupsUnchanged(client, prefix, keep: before, bad)
            }
        }
    }

    @Test func aTimeSpanOutOfRangeSaysSo() async throws {
        try await withBaton { client in
            let reply = try await client.send(.post, Self.prefix.groups, #"{"Id":"x","FailoverTimeout":"-99999999.00:00:00"}"#)
            try reply.expectRefusal(.badRequest)
            #expect(try reply.string("Reason")?.contains("out of range") == true, "\(reply.text)")
        }
    }

    @Test func anExpirationPeriodBeyondTheClockIsA400() async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(Self.prefix)
            let before = try await client.session(Self.prefix, "g", "b")
            let statusBefore = try await client.status(Self.prefix, "g")
            for span in Self.spans {
                for value in [1, 2] {
                    let bad = BadInputTests.Case(label: "Value \(value) ExpirationPeriod \(span)")
                    let reply = try await client.send(
                        .post, Self.prefix.roleOverride("g", "b"), #"{"Value":\#(value),"ExpirationPeriod":"\#(span)"}"#)
                    try BadInputTests.expectRefused(reply, bad)
                    #expect(try await client.session(Self.prefix, "g", "b") == before, "\(bad)")
                    #expect(try await client.status(Self.prefix, "g") == statusBefore, "\(bad)")
                }
            }
        }
    }

    @Test func anHAGroupFailoverTimeoutBeyondTheClockIsA400() async throws {
        try await withBaton { client in
            try await client.registerAppliance("a1")
            try await client.registerAppliance("a2")
            for span in Self.spans {
                let reply = try await client.hcx(
                    .post, HCX.groups, #"{"groupId":"h","appliances":["a1","a2"],"failoverTimeout":"\#(span)"}"#)
                try reply.expectHCXError(.badRequest, code: "GroupActionBadRequest")
            }
            let list = try await client.hcx(.get, HCX.groups)
            #expect(try list.field("items")?.arrayValue?.isEmpty == true, "\(list.text)")
            // The appliances are still free to form a group.
            try await client.createHAGroup("h", ["a1", "a2"])
        }
    }

    // MARK: Item 5: numbers where an integer is expected

    static let listsWithHugeNumbers: [String] = [
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1e19,"ObjectId":"alice"},"AccessType":0,"AccessRights":1}]}"#,
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":-1e19,"ObjectId":"alice"},"AccessType":0,"AccessRights":1}]}"#,
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":"alice"},"AccessType":1e19,"AccessRights":1}]}"#,
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":"alice"},"AccessType":-1e300,"AccessRights":1}]}"#,
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":1,"ObjectId":"alice"},"AccessType":0,"AccessRights":1e19}]}"#,
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":9223372036854775807,"ObjectId":"alice"},"AccessType":0,"AccessRights":1}]}"#,
        #"{"RoleTrusteeAccessControlEntries":[{"Trustee":{"Type":0.5,"ObjectId":"alice"},"AccessType":0,"AccessRights":1}]}"#,
    ]

    @Test(arguments: APIPrefix.allCases)
    func anAccessControlListWithAHugeNumberIsA400(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.createGroup(prefix, "g")
            let uri = prefix.group("g") + "/accesscontrol"
            let before = try await client.send(.get, uri).text
            let collection = String(prefix.rawValue.dropLast("/clientfailover".count)) + "/accesscontrol/clientfailover/groups"
            let collectionBefore = try await client.send(.get, collection).text
            for body in Self.listsWithHugeNumbers {
                let bad = BadInputTests.Case(label: body)
                try BadInputTests.expectRefused(try await client.send(.put, uri, body), bad)
                #expect(try await client.send(.get, uri).text == before, "\(bad)")
                try BadInputTests.expectRefused(try await client.send(.put, collection, body), bad)
                #expect(try await client.send(.get, collection).text == collectionBefore, "\(bad)")
            }
        }
    }

    // MARK: Found by fuzzing: times outside 1583 to 9999

    /// Before 1583 the parser read a time in the Julian calendar and the answer wrote it in the
    /// Gregorian one (`0001-01-01` came back as `0000-12-30`); past 9999 the answer's year had
    /// five digits, which nothing reads back. Both are refused now.
    @Test func aHeartbeatTimeOutsideTheYears1583To9999IsA400() async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(Self.prefix)
            let before = try await client.session(Self.prefix, "g", "b")
            let statusBefore = try await client.status(Self.prefix, "g")
            for time in ["0001-01-01T00:00:00Z", "1582-10-04T23:59:59.999Z", "1582-12-31T23:59:59.999Z",
                         "9999-12-31T23:59:59-01:00"] {
                for field in ["HeartbeatTime", "LastDataProcessedTime"] {
                    let bad = BadInputTests.Case(label: "\(field) \(time)")
                    let reply = try await client.send(
                        .post, Self.prefix.heartbeat("g", "b"), #"{"FailoverScore":50,"\#(field)":"\#(time)"}"#)
                    try BadInputTests.expectRefused(reply, bad)
                    #expect(try await client.session(Self.prefix, "g", "b") == before, "\(bad)")
                    #expect(try await client.status(Self.prefix, "g") == statusBefore, "\(bad)")
                }
            }
            let failover = try await client.send(.post, Self.prefix.failover("g"), #"{"ScheduledTime":"0001-01-01T00:00:00Z"}"#)
            try BadInputTests.expectRefused(failover, BadInputTests.Case(label: "ScheduledTime 0001-01-01"))
            // The ends of the range are taken and read back as sent.
            for time in ["1583-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"] {
                try await client.heartbeat(Self.prefix, "g", "b", #"{"FailoverScore":50,"HeartbeatTime":"\#(time)"}"#)
                let heartbeat = try await client.session(Self.prefix, "g", "b")[caseInsensitive: "Heartbeat"]
                #expect(heartbeat?.string("HeartbeatTime") == time, "\(heartbeat?.jsonText ?? "no heartbeat")")
            }
        }
    }

    // MARK: Item 6: schedules far ahead

    static func wire(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }

    @Test(arguments: StoreKind.available)
    func aFailoverScheduledBeyondTheLimitIsA400(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(Self.prefix)
            let events = try await client.events(Self.prefix, "g").count
            let now = store.now
            // 2400 trapped converting to nanoseconds; 2290 did not, but on PostgreSQL (whose
            // instants count from 1970) it wrapped negative and the failover started at once.
            let times = ["2400-01-01T00:00:00Z", "2290-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                         Self.wire(now.addingTimeInterval(367 * 86_400))]
            for time in times {
                let reply = try await client.send(.post, Self.prefix.failover("g"), #"{"ScheduledTime":"\#(time)"}"#)
                try BadInputTests.expectRefused(reply, BadInputTests.Case(label: "ScheduledTime \(time)"))
                #expect(try reply.string("Reason")?.contains("ScheduledTime") == true, "\(reply.text)")
            }
            #expect(try await client.status(Self.prefix, "g").primary == "a")
            #expect(try await client.events(Self.prefix, "g").count == events, "a refused failover was recorded")
        }
    }

    @Test(arguments: StoreKind.available)
    func aFailoverScheduledWithinTheLimitWaitsForItsTime(store: StoreKind) async throws {
        try await withBaton(on: store) { client in
            try await client.groupWithPrimaryAndSecondary(Self.prefix)
            let time = Self.wire(store.now.addingTimeInterval(365 * 86_400))
            let task = try await client.requestFailover(Self.prefix, "g", #"{"ScheduledTime":"\#(time)"}"#)
            #expect(task.taskStatus == "QUEUED", "\(task.text)")
            await client.advance(by: .seconds(5))
            try await client.heartbeatAll(Self.prefix, "g", [("a", 100), ("b", 100)])
            #expect(try await client.task(Self.prefix, task.taskID).taskStatus == "QUEUED")
            #expect(try await client.status(Self.prefix, "g").primary == "a")
        }
    }
}

extension StoreKind {
    /// Now on a fresh test Baton's clock: the TestClock's start on SQLite, the database's on
    /// PostgreSQL (a schedule ahead of it must stay within Engine.maximumScheduleAhead).
    var now: Date {
        self == .sqlite ? Date(timeIntervalSince1970: 1_800_000_000) : Date()
    }
}
