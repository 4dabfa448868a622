import Testing

@Suite struct SmokeTests {
    @Test func aGroupCanBeCreatedAndRead() async throws {
        let baton = TestBaton()
        defer { baton.removeFiles() }
        try await baton.run { client in
            let created = try await client.send(.post, "/api/v1/clientfailover/groups", #"{"Id":"g","FailoverTimeout":"00:00:10"}"#)
            #expect(created.status == .created)
            let read = try await client.send(.get, "/api/v1/clientfailover/groups/g")
            #expect(try read.field("FailoverTimeout")?.stringValue == "00:00:10")
        }
    }
}
