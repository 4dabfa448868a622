import ArgumentParser
import BatonClient
import Foundation

/// `baton tasks [TASK]`: the tasks, newest first, or one task with its steps.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List the tasks (failovers of Client Failover and HA groups, HA group changes), newest first; or show one.")

    @Argument(help: "A task id: show that task with its steps.")
    var task: String?

    @Option(help: "How many tasks to list, 1–1000.")
    var limit: Int = 20

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000") }
    }

    func run() async throws {
        if let task { return try await show(task) }
        let page = try await connection.withClient { try await $0.tasks(offset: 0, pageSize: limit) }
        if output.isJSON { return try Output.json(page) }
        guard !page.items.isEmpty else { return print("No tasks.") }
        print(Output.table(
            ["TASK", "GROUP", "KIND", "STATUS", "PROGRESS", "TARGET", "EPOCH", "STARTED", "MESSAGE"],
            page.items.map { task in
                [task.interconnectTaskId, task.entityDetails.id,
                 (task.entityDetails.type == "HA_GROUP" ? "ha " : "") + task.type.lowercased().replacingOccurrences(of: "_", with: "-"),
                 task.status.rawValue, "\(task.progress)%", Output.text(task.targetApplianceId),
                 task.epoch.map { "\($0)" } ?? "-", Output.time(task.startTime), Output.text(task.message)]
            }))
        if page.paging.totalSize > page.items.count {
            print("(\(page.items.count) of \(page.paging.totalSize); --limit for more)")
        }
    }

    /// A Client Failover task in full when there is one under this id, else the HCX view.
    private func show(_ id: String) async throws {
        try await connection.withClient { client in
            let failover: FailoverTask?
            do {
                failover = try await client.failoverTask(id)
            } catch let error as BatonAPIError where error.status == 404 {
                failover = nil
            }
            if let failover {
                if output.isJSON { return try Output.json(failover) }
                print("""
                    Task \(failover.id): \(failover.status.rawValue) (\(failover.progress)%)
                    Group:    \(failover.groupID)
                    From:     \(Output.text(failover.fromPrimary))
                    Target:   \(Output.text(failover.targetSessionID ?? failover.requestedTargetSessionID))
                    Epoch:    \(failover.epoch.map { "\($0)" } ?? "-")
                    Reason:   \(Output.text(failover.reason))
                    Asked by: \(Output.text(failover.principal))
                    Created:  \(Output.time(failover.createdTime))\(failover.scheduledTime.map { "\nScheduled: \(Output.time($0))" } ?? "")
                    Message:  \(Output.text(failover.message))
                    """)
                print(Output.table(["STEP", "STATUS", "START", "END", "MESSAGE"], failover.steps.map {
                    [$0.title, $0.status.rawValue, Output.time($0.startTime), Output.time($0.endTime), Output.text($0.message)]
                }))
                return
            }
            let task = try await client.task(id)
            if output.isJSON { return try Output.json(task) }
            print("""
                Task \(task.interconnectTaskId): \(task.type) of \(task.entityDetails.id), \(task.status.rawValue) (\(task.progress)%)
                Target:   \(Output.text(task.targetApplianceId))
                Epoch:    \(task.epoch.map { "\($0)" } ?? "-")
                Asked by: \(Output.text(task.principal))
                Message:  \(Output.text(task.message))
                """)
            print(Output.table(["STEP", "STATUS", "START", "END", "MESSAGE"], task.steps.map {
                [$0.title, $0.status, Output.time($0.startTime), Output.time($0.endTime), Output.text($0.message)]
            }))
        }
    }
}
