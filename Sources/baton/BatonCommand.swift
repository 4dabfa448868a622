import ArgumentParser

@main
struct BatonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Baton: one Primary per failover group, handed over without overlap.",
        subcommands: [Serve.self, Users.self, Clients.self])
}
