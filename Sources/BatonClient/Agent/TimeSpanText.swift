import enum BatonCore.TimeSpan

/// The .NET time span text of `FailoverTimeout`, read by BatonCore's fuzzed reader.
enum TimeSpanText {
    static func parse(_ text: String) throws -> Duration {
        try TimeSpan.parse(text)
    }
}
