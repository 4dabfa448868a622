import ArgumentParser
import BatonClient

/// `baton override GROUP SESSION primary|secondary|off [--for DURATION] [--hcx]`.
struct OverrideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "override",
        abstract: "Set or clear a session's role override: primary (make it the desired Primary), secondary (drain it) or off.")

    @Argument(help: "The group.")
    var group: String

    @Argument(help: "The session.")
    var session: String

    @Argument(help: "primary, secondary or off (with --hcx also active, standby).")
    var value: OverrideValue

    @Option(name: .customLong("for"), help: ArgumentHelp("How long it holds (90s, 10m, 8h, 2d); left out, until changed.", valueName: "duration"))
    var period: String?

    @Flag(help: "An HCX HA group (SESSION is an appliance) instead of a Client Failover group.")
    var hcx = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    enum OverrideValue: String, ExpressibleByArgument, CaseIterable {
        case primary, secondary, off, active, standby

        var roleOverride: RoleOverride {
            switch self {
            case .primary, .active: .primary
            case .secondary, .standby: .secondary
            case .off: .off
            }
        }
    }

    func validate() throws { _ = try OverridePeriod.parse(period) }

    func run() async throws {
        if hcx {
            let answer = try await connection.withClient {
                try await $0.setRoleOverride(value.roleOverride, forAppliance: session, inHAGroup: group, period: try OverridePeriod.parse(period))
            }
            return try OverridePeriod.report(answer, appliance: session, group: group, output: output)
        }
        let answer = try await connection.withClient {
            try await $0.setRoleOverride(value.roleOverride, for: session, in: group, period: try OverridePeriod.parse(period))
        }
        try OverridePeriod.report(answer, session: session, group: group, output: output)
    }
}

/// `--for` of override and drain, and how their answer is shown.
enum OverridePeriod {
    static func parse(_ text: String?) throws -> Duration? {
        guard let text else { return nil }
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last, let factor = units[unit], let value = Int64(text.dropLast()), value > 0 else {
            throw ValidationError("--for '\(text)' is not a duration such as 90s, 10m, 8h or 2d")
        }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw ValidationError("--for '\(text)' is longer than any override may last") }
        return .seconds(seconds)
    }

    static func report(_ answer: RoleOverrideAnswer, session: String, group: String, output: OutputOptions) throws {
        if output.isJSON { return try Output.json(answer) }
        let until = answer.roleOverrideExpirationTime.map { " until \(Output.time($0))" } ?? ""
        switch answer.value {
        case .off: print("\(session) in \(group): no override.")
        case .primary: print("\(session) in \(group): Primary override\(until).")
        case .secondary: print("\(session) in \(group): drained (Secondary override)\(until).")
        }
    }

    /// An HA group appliance's override (`--hcx`).
    static func report(_ answer: HCXRoleOverrideAnswer, appliance: String, group: String, output: OutputOptions) throws {
        if output.isJSON { return try Output.json(answer) }
        let until = answer.expirationTime.map { " until \(Output.time($0))" } ?? ""
        switch answer.value {
        case "ACTIVE": print("\(appliance) in HA group \(group): ACTIVE override\(until).")
        case "STANDBY": print("\(appliance) in HA group \(group): drained (STANDBY override)\(until).")
        default: print("\(appliance) in HA group \(group): no override.")
        }
    }
}
