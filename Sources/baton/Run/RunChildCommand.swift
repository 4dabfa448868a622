import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `baton run-child -- COMMAND ARGS…` (hidden): what `baton run` starts in place of COMMAND, in
/// a process group of its own, with a pipe from `baton run` on its standard input. It starts
/// COMMAND in the same group and waits for it; when that pipe ends — `baton run` is gone, even
/// killed with SIGKILL — it kills the whole group at once. Without it a command would outlive a
/// killed `baton run` and keep acting as Primary after its lease (consul#1843).
struct RunChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-child", abstract: "Used by baton run.", shouldDisplay: false)

    @Argument(parsing: .postTerminator)
    var command: [String] = []

    func run() throws {
        guard !command.isEmpty else { throw ValidationError("no command") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The command reads nothing of the pipe: it gets /dev/null.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, nil, &arguments, environ)
        guard spawned == 0 else {
            FileHandle.standardError.write(Data("baton run: cannot start \(command[0]): \(String(cString: strerror(spawned)))\n".utf8))
            throw ExitCode(127)
        }
        // SIGTERM to the group is for the command; this process stays to report its status.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(0, &byte, 1) > 0 {}
            // End of file: baton run is gone. Nobody holds the role for this group any more.
            kill(0, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ExitCode(127) }
        }
        let signalNumber = status & 0x7f
        if signalNumber == 0 { throw ExitCode((status >> 8) & 0xff) }
        throw ExitCode(128 + signalNumber)
    }
}
