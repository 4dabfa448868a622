import ArgumentParser

@main
struct BatonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Baton: one Primary per failover group, handed over without overlap.",
        discussion: """
            `serve` runs the coordinator; `users` and `clients` manage its principals in the store. The \
            other commands talk to a running server (--server or BATON_SERVER, default http://127.0.0.1:5590). \
            Shell completion: baton --generate-completion-script bash|zsh|fish.
            """,
        subcommands: [
            Serve.self, Users.self, Clients.self,
            GroupsCommand.self, StatusCommand.self, FailoverCommand.self, TasksCommand.self, CancelCommand.self,
            OverrideCommand.self, DrainCommand.self, UndrainCommand.self, PauseCommand.self, ResumeCommand.self,
            HistoryCommand.self, WatchCommand.self, AppliancesCommand.self, RunCommand.self, RunChildCommand.self,
        ])
}
