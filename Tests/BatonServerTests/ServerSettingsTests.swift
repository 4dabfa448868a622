import BatonServer
import Configuration
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ServerSettingsTests {
    func settings(flags: [AbsoluteConfigKey: ConfigValue] = [:], environment: [String: String] = [:]) throws -> ServerSettings {
        try ServerSettings(reader: ConfigReader(providers: [
            InMemoryProvider(values: flags),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ]))
    }

    @Test func withNoConfigurationBatonBindsLoopbackOnPort5590WithDataInBatonData() throws {
        #expect(try settings() == ServerSettings(host: "127.0.0.1", port: 5590, dataDirectory: "./baton-data", logLevel: .info))
    }

    @Test func environmentVariablesAreRead() throws {
        let read = try settings(environment: [
            "BATON_HOST": "0.0.0.0", "BATON_PORT": "8080", "BATON_DATA_DIR": "/var/lib/baton", "BATON_LOG_LEVEL": "DEBUG",
        ])
        #expect(read == ServerSettings(host: "0.0.0.0", port: 8080, dataDirectory: "/var/lib/baton", logLevel: .debug))
    }

    @Test func flagsWinOverTheEnvironment() throws {
        let read = try settings(
            flags: ["baton.port": "7000", "baton.dataDir": "/tmp/flag"],
            environment: ["BATON_PORT": "8080", "BATON_DATA_DIR": "/tmp/env", "BATON_HOST": "::1"])
        #expect(read.port == 7000)
        #expect(read.dataDirectory == "/tmp/flag")
        #expect(read.host == "::1")
    }

    @Test(arguments: [
        ["BATON_PORT": "eighty"], ["BATON_PORT": "70000"], ["BATON_PORT": "-1"],
        ["BATON_LOG_LEVEL": "chatty"], ["BATON_HOST": ""], ["BATON_DATA_DIR": ""],
    ])
    func anUnusableValueIsAnErrorNotASilentDefault(_ environment: [String: String]) {
        #expect(throws: ServerSettings.Invalid.self) { try settings(environment: environment) }
    }

    @Test func theApplicationBuildsFromAnInMemoryConfiguration() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-config-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reader = ConfigReader(provider: InMemoryProvider(values: [
            "baton.dataDir": .init(stringLiteral: directory), "baton.port": "0", "baton.logLevel": "critical",
        ]))
        let application = try await buildApplication(reader: reader)
        try await application.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/baton.sqlite"))
    }
}

/// Each setting is declared once (`ServerSetting`); the flags, the environment variables, the
/// help and the README's table are derived from that list.
@Suite struct ServerSettingDeclarationTests {
    @Test func flagsAndVariablesDeriveFromTheKey() {
        #expect(ServerSetting.dataDir.flag == "--data-dir")
        #expect(ServerSetting.dataDir.variable == "BATON_DATA_DIR")
        #expect(ServerSetting.postgresUrl.variable == "BATON_POSTGRES_URL")
        #expect(Set(ServerSetting.all.map(\.name)).count == ServerSetting.all.count)
    }

    @Test func theReadmeTableIsTheDeclaredOne() throws {
        let readme = try String(contentsOfFile: #filePath.components(separatedBy: "/Tests/")[0] + "/README.md", encoding: .utf8)
        #expect(readme.contains(ServerSetting.markdownTable + "\n"),
                "README.md's configuration table must be exactly:\n\(ServerSetting.markdownTable)")
    }

    @Test func commandLineFlagsAreReadWithEitherSpellingAndWinOverTheEnvironment() throws {
        let values = try ServerSetting.commandLineValues(["--port", "7000", "--data-dir=/tmp/a,b", "--log-level", "debug"])
        let read = try ServerSettings(reader: ConfigReader(providers: [
            InMemoryProvider(values: values),
            EnvironmentVariablesProvider(environmentVariables: ["BATON_PORT": "8080", "BATON_HOST": "::1"]),
        ]))
        #expect(read.port == 7000 && read.dataDirectory == "/tmp/a,b" && read.logLevel == .debug && read.host == "::1")
    }

    @Test(arguments: [["--bogus", "1"], ["--port"], ["stray"], ["--port", "1", "--host"]])
    func anUnknownOrIncompleteFlagIsAnError(_ arguments: [String]) {
        #expect(throws: ServerSettings.Invalid.self) { try ServerSetting.commandLineValues(arguments) }
    }
}
