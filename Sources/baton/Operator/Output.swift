import ArgumentParser
import BatonClient
import enum BatonCore.TimeSpan
import Foundation

/// `-o table` (people) or `-o json` (scripts).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .long], help: "table or json.")
    var output: OutputFormat = .table

    var isJSON: Bool { output == .json }
}

enum Output {
    /// Prints `value` as the API's JSON (the same property names), pretty and sorted.
    static func json(_ value: some Encodable) throws {
        let encoder = WireCoding.encoder
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// One JSON value on one line (a stream of them: `history --follow -o json`).
    static func jsonLine(_ value: some Encodable) throws {
        print(String(decoding: try WireCoding.encoder.encode(value), as: UTF8.self))
        fflush(nil)
    }

    /// Columns padded to their widest cell, two spaces apart.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func text(_ value: String?) -> String { value ?? "-" }

    /// `4.2s`, `3m05s`, `2h10m`, `3d4h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        // From the server's times: a far date must print, not trap.
        guard let whole = Int(exactly: min(seconds, 1e15).rounded(.down)) else { return "-" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        if whole < 86400 { return String(format: "%dh%02dm", whole / 3600, whole / 60 % 60) }
        return "\(whole / 86400)d\(whole / 3600 % 24)h"
    }

    /// A `TimeSpan` as a short duration (`00:00:10` → `10.0s`).
    static func timeSpan(_ text: String?) -> String {
        guard let text, let span = try? TimeSpan.parse(text) else { return text ?? "-" }
        return duration(Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18)
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}

/// Prints `message` on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
