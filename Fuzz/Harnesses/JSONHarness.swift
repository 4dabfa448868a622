import BatonJSON

enum JSONHarness {
    /// Whatever parses is written back as JSON that parses to the same value, and writing
    /// is stable (written text parses and writes to the same text).
    static func run(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        let written = value.jsonText
        guard let again = try? JSONValue.parse(written) else {
            check(false, "written JSON does not parse: \(written)")
            return
        }
        check(again == value, "parse(write(v)) != v for \(written)")
        check(again.jsonText == written, "writing is not stable: \(written) then \(again.jsonText)")
    }
}
