import ArgumentParser
import BatonClient

/// `baton cancel TASK`: cancels a queued failover task.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a failover task that is still QUEUED (a running or finished one cannot be).")

    @Argument(help: "The task id.")
    var task: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let canceled = try await connection.withClient { try await $0.cancelFailoverTask(task) }
        if output.isJSON { return try Output.json(canceled) }
        print("Task \(canceled.id) of group \(canceled.groupID): \(canceled.status.rawValue). \(canceled.message ?? "")")
    }
}
