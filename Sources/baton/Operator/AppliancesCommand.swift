import ArgumentParser
import BatonClient

/// `baton appliances`: the HCX appliances and the HA group each is in.
struct AppliancesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appliances", abstract: "List the registered HCX appliances and their HA groups.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let appliances = try await connection.withClient { try await $0.appliances() }
        if output.isJSON { return try Output.json(appliances) }
        guard !appliances.isEmpty else { return print("No appliances.") }
        print(Output.table(
            ["APPLIANCE", "NAME", "TYPE", "PEER", "SERVICE MESH", "HA GROUP"],
            appliances.map {
                [$0.applianceId, Output.text($0.applianceName), Output.text($0.applianceType), Output.text($0.peerApplianceId),
                 Output.text($0.serviceMeshId), Output.text($0.haGroupId)]
            }))
    }
}
