import Foundation

/// libFuzzer's entry point for every Baton harness in one binary; `BATON_FUZZ_TARGET`
/// names the harness (scripts/fuzz.sh sets it). A harness traps (`check` fails, or the code
/// under test traps) on a finding; libFuzzer then writes the input as `crash-…`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Harness.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

struct Harness: Sendable {
    var name: String
    var summary: String
    var run: @Sendable ([UInt8]) -> Void

    static let all: [Harness] = [
        Harness(name: "json", summary: "JSON parser: parse, write, parse again gives the same value", run: JSONHarness.run),
        Harness(name: "timespan", summary: "TimeSpan parse/format round trip, and format of any duration", run: TimeSpanHarness.run),
        Harness(name: "date", summary: "ISO-8601 parse/format round trip, and format of any instant", run: DateHarness.run),
        Harness(name: "accesscontrol", summary: "access control body, written and read back equal, set on a group", run: AccessControlHarness.run),
        Harness(name: "group", summary: "group body (POST and PUT) into the engine", run: ClientFailoverHarness.group),
        Harness(name: "session", summary: "client session body into the engine", run: ClientFailoverHarness.session),
        Harness(name: "heartbeat", summary: "heartbeat body into the engine", run: ClientFailoverHarness.heartbeat),
        Harness(name: "override", summary: "role override body into the engine", run: ClientFailoverHarness.roleOverride),
        Harness(name: "failover", summary: "planned failover body into the engine, local and shared clocks", run: ClientFailoverHarness.failover),
        Harness(name: "hcx-appliance", summary: "HCX appliance registration body into the engine", run: HCXHarness.appliance),
        Harness(name: "hcx-heartbeat", summary: "HCX appliance heartbeat body into the engine", run: HCXHarness.heartbeat),
        Harness(name: "hcx-group", summary: "HCX HA group body into the engine, then forceFailover", run: HCXHarness.group),
        Harness(name: "stream-position", summary: "stream ?after= / Last-Event-ID and ?wait= texts", run: PushHarness.streamPosition),
        Harness(name: "pause", summary: "pause/resume body into the engine: pause, pause again, resume", run: PushHarness.pause),
        Harness(name: "token", summary: "token form fields and HTTP Basic credentials", run: TokenHarness.run),
    ]

    static let selected: Harness = {
        let name = ProcessInfo.processInfo.environment["BATON_FUZZ_TARGET"] ?? ""
        if let harness = all.first(where: { $0.name == name }) { return harness }
        var message = "BATON_FUZZ_TARGET must name a harness; got '\(name)'. Harnesses:\n"
        for harness in all { message += "  \(harness.name): \(harness.summary)\n" }
        FileHandle.standardError.write(Data(message.utf8))
        exit(2)
    }()
}

/// A property every input must keep; a violation is a finding (the process traps).
func check(
    _ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) rethrows {
    if try !condition() { fatalError("property violated: \(message())", file: file, line: line) }
}

/// The input as text, when it is UTF-8.
func text(_ bytes: [UInt8]) -> String? {
    String(validating: bytes, as: UTF8.self)
}
