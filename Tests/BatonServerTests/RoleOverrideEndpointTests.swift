import BatonCore
import Foundation
import HTTPTypes
import Testing

/// `POST …/clientsessions/{id}/roleoverride`, under every prefix.
@Suite struct RoleOverrideEndpointTests {
    /// A wire spelling of `Value` and the integer it means.
    struct ValueSpelling: Sendable, CustomTestStringConvertible {
        var json: String
        var expected: Double
        var testDescription: String { "Value \(json)" }
    }

    static let spellings: [ValueSpelling] = [
        .init(json: "1", expected: 1),
        .init(json: #""Primary""#, expected: 1),
        .init(json: #""primary""#, expected: 1),
        .init(json: #""PRIMARY""#, expected: 1),
        .init(json: "0", expected: 0),
        .init(json: #""Off""#, expected: 0),
        .init(json: #""off""#, expected: 0),
        .init(json: "2", expected: 2),
        .init(json: #""Secondary""#, expected: 2),
    ]

    /// Each spelling on a group of its own, all on one Baton.
    @Test(arguments: APIPrefix.allCases)
    func valueIsReadAsIntegerOrName(prefix: APIPrefix) async throws {
        try await withBaton { client in
            for (index, spelling) in Self.spellings.enumerated() {
                let group = "g\(index)"
                try await client.groupWithPrimaryAndSecondary(prefix, group: group)
                let reply = try await client.send(.post, prefix.roleOverride(group, "b"), #"{"Value":\#(spelling.json)}"#)
                #expect(reply.status == .ok, "\(spelling): \(reply.text)")
                #expect(try reply.number("Value") == spelling.expected, "\(spelling)")
                #expect(try reply.isNull("RoleOverrideExpirationTime"), "\(spelling)")
                let session = try await client.session(prefix, group, "b")
                #expect(session.number("RoleOverride") == spelling.expected, "\(spelling)")
                #expect(session[caseInsensitive: "RoleOverrideExpirationTime"] == .null, "\(spelling)")
                // What the override does to the group: Primary starts a handover to b.
                let status = try await client.status(prefix, group)
                #expect(status.primary == "a", "\(spelling)")
                #expect(status.pending == (spelling.expected == 1 ? "b" : nil), "\(spelling)")
            }
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func propertyNamesAreCaseInsensitive(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let reply = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"value":"Primary","expirationperiod":"01:00:00"}"#)
            #expect(reply.status == .ok, "body: \(reply.text)")
            #expect(try reply.number("Value") == 1)
            #expect(try reply.string("RoleOverrideExpirationTime") == "2027-01-15T09:00:00.000Z")
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func expirationPeriodGivesTheExpirationTime(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let eight = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":1,"ExpirationPeriod":"08:00:00"}"#)
            #expect(eight.status == .ok, "body: \(eight.text)")
            #expect(try eight.string("RoleOverrideExpirationTime") == "2027-01-15T16:00:00.000Z")
            #expect(try await client.session(prefix, "g", "b").string("RoleOverrideExpirationTime") == "2027-01-15T16:00:00.000Z")

            let day = try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Secondary","ExpirationPeriod":"1.00:00:00"}"#)
            #expect(day.status == .ok, "body: \(day.text)")
            #expect(try day.number("Value") == 2)
            #expect(try day.string("RoleOverrideExpirationTime") == "2027-01-16T08:00:00.000Z")

            // The longest period allowed is 366 days.
            let year = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":1,"ExpirationPeriod":"366.00:00:00"}"#)
            #expect(year.status == .ok, "body: \(year.text)")
            #expect(try year.string("RoleOverrideExpirationTime") == "2028-01-16T08:00:00.000Z")

            // Setting it again without a period makes it hold until changed.
            let forever = try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":"Primary"}"#)
            #expect(try forever.isNull("RoleOverrideExpirationTime"))
            #expect(try await client.session(prefix, "g", "b")[caseInsensitive: "RoleOverrideExpirationTime"] == .null)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func theOverrideExpiresWhenTheClockPassesIt(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let set = try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Primary","ExpirationPeriod":"00:00:05"}"#)
            #expect(try set.string("RoleOverrideExpirationTime") == "2027-01-15T08:00:05.000Z")

            await client.advance(by: .milliseconds(4_999))
            #expect(try await client.session(prefix, "g", "a").number("RoleOverride") == 1)
            await client.advance(by: .milliseconds(1))
            // The timer expired it: the event is there before anyone reads the session.
            let expired = try await client.events(prefix, "g").filter { $0.string("Type") == "RoleOverrideExpired" }
            #expect(expired.count == 1)
            #expect(expired.first?.string("Time") == "2027-01-15T08:00:05.000Z")
            #expect(expired.first?.string("To") == "a")

            let session = try await client.session(prefix, "g", "a")
            #expect(session.number("RoleOverride") == 0)
            #expect(session[caseInsensitive: "RoleOverrideExpirationTime"] == .null)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aDrainedPrimaryHandsTheRoleOver(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let drained = try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":2}"#)
            #expect(drained.status == .ok)
            #expect(try drained.number("Value") == 2)
            let both = try await client.status(prefix, "g")
            #expect(both.roles == StatusReading(primary: "a", pending: "b", epoch: 1))
            #expect(try await client.role(prefix, "g", "a") == 0)
            #expect(try await client.status(prefix, "g").primary == "b")
            #expect(try await client.status(prefix, "g").epoch == 2)
            // Drained means never eligible: a's better score does not bring it back.
            for _ in 0..<4 {
                await client.advance(by: .seconds(5))
                #expect(try await client.role(prefix, "g", "a", score: 100) == 0)
                #expect(try await client.role(prefix, "g", "b", score: 10) == 1)
            }
            // Off lifts the drain (a may take the role back later by score, not at once).
            let off = try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Off"}"#)
            #expect(try off.number("Value") == 0)
            #expect(try await client.session(prefix, "g", "a").number("RoleOverride") == 0)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func aPrimaryOverrideOnOneSessionClearsAnother(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            #expect(try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":"Primary"}"#).status == .ok)
            #expect(try await client.send(.post, prefix.roleOverride("g", "b"), #"{"Value":"Primary"}"#).status == .ok)
            #expect(try await client.session(prefix, "g", "a").number("RoleOverride") == 0)
            #expect(try await client.session(prefix, "g", "b").number("RoleOverride") == 1)
        }
    }

    @Test(arguments: APIPrefix.allCases)
    func unknownSessionOrGroupAnswers404(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":1}"#).expectRefusal(.notFound)
            try await client.createGroup(prefix, "g")
            try await client.send(.post, prefix.roleOverride("g", "a"), #"{"Value":1}"#).expectRefusal(.notFound)
            try await client.register(prefix, "g", "a")
            try await client.send(.post, prefix.roleOverride("h", "a"), #"{"Value":1}"#).expectRefusal(.notFound)
            try await client.send(.post, prefix.roleOverride("g", "A"), #"{"Value":1}"#).expectRefusal(.notFound)
            #expect(try await client.session(prefix, "g", "a").number("RoleOverride") == 0)
        }
    }

    /// Bodies the role override refuses with 400.
    static let refused: [String] = [
        #"{"Value":7}"#,
        #"{"Value":-1}"#,
        #"{"Value":1.5}"#,
        #"{"Value":"Bogus"}"#,
        #"{"Value":"PendingPrimary"}"#,
        #"{"Value":""}"#,
        #"{"Value":true}"#,
        #"{"Value":null}"#,
        #"{"ExpirationPeriod":"08:00:00"}"#,
        #"{"Value":1,"ExpirationPeriod":"soon"}"#,
        #"{"Value":1,"ExpirationPeriod":"8 hours"}"#,
        #"{"Value":1,"ExpirationPeriod":"25:00:00"}"#,
        #"{"Value":1,"ExpirationPeriod":"-01:00:00"}"#,
        #"{"Value":1,"ExpirationPeriod":"-00:00:00.5"}"#,
        #"{"Value":1,"ExpirationPeriod":"00:00:00"}"#,
        #"{"Value":1,"ExpirationPeriod":"0.00:00:00"}"#,
        #"{"Value":1,"ExpirationPeriod":"367.00:00:00"}"#,
        #"{"Value":1,"ExpirationPeriod":"366.00:00:00.0000001"}"#,
        #"{"Value":1,"ExpirationPeriod":28800}"#,
        #"{"Value":"Secondary","ExpirationPeriod":"00:00:00"}"#,
        #"{"Value":"Secondary","ExpirationPeriod":"-1.00:00:00"}"#,
    ]

    /// Each body in turn on one Baton, checking after each that nothing changed.
    @Test(arguments: APIPrefix.allCases)
    func badValueOrPeriodAnswers400AndChangesNothing(prefix: APIPrefix) async throws {
        try await withBaton { client in
            try await client.groupWithPrimaryAndSecondary(prefix)
            let before = try await client.status(prefix, "g")
            let eventsBefore = try await client.events(prefix, "g").count
            for body in Self.refused {
                let reply = try await client.send(.post, prefix.roleOverride("g", "b"), body)
                #expect(reply.status == .badRequest, "\(body): \(reply.text)")
                try reply.expectRefusal(.badRequest)
                let session = try await client.session(prefix, "g", "b")
                #expect(session.number("RoleOverride") == 0, "\(body)")
                #expect(session[caseInsensitive: "RoleOverrideExpirationTime"] == .null, "\(body)")
                let status = try await client.status(prefix, "g")
                #expect(status == before, "\(body)")
                #expect(try await client.events(prefix, "g").count == eventsBefore, "\(body)")
            }
        }
    }
}
