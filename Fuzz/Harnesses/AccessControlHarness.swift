import BatonCore
import BatonJSON
import BatonWire

enum AccessControlHarness {
    /// A body that reads as a list writes as one that reads back equal, and the engine
    /// takes it on a group and gives it back unchanged.
    static func run(_ bytes: [UInt8]) {
        guard let body = try? JSONValue.parse(bytes), let list = try? ClientFailoverRequests.accessControlList(body) else { return }
        let again = try? AccessControlList(json: list.jsonValue)
        check(again == list, "the list written as \(list.jsonValue.jsonText) reads back differently")
        let engine = Engine(clock: TestClock())
        let key = GroupKey(id: "g")
        do {
            try engine.createGroup(key, GroupConfiguration(id: "g"))
            try engine.setAccessControl(list, on: key)
            try check(try engine.accessControl(of: key) == list, "the engine changed the list")
        } catch {
            // A refusal is an answer; only a trap or a broken property is a finding.
        }
    }
}
