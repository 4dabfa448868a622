import ArgumentParser
import BatonClient
import Foundation

/// Where the operator commands connect and as whom. Each flag falls back to its environment
/// variable; a flag wins.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The server, http(s)://host[:port] (env BATON_SERVER). Default \(BatonClientConfiguration.defaultServer).", valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("A user name for HTTP Basic (env BATON_USER); the password comes from BATON_PASSWORD, --password-stdin, or is asked for on the terminal.", valueName: "name"))
    var user: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the user's password from standard input.")
    var passwordFromStandardInput = false

    @Option(name: .long, help: ArgumentHelp("A bearer token (env BATON_TOKEN, better: a flag shows in ps).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("An API client's id (env BATON_CLIENT_ID); its secret comes from BATON_CLIENT_SECRET. A token is requested from /identity/connect/token.", valueName: "id"))
    var clientID: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM certificate authorities to trust for https (env BATON_CA_FILE).", valueName: "path"))
    var caFile: String?

    @Option(name: .long, help: ArgumentHelp("Client Failover tenant (env BATON_TENANT); with neither tenant nor namespace, the on-premises base /api/v1.", valueName: "id"))
    var tenant: String?

    @Option(name: .long, help: ArgumentHelp("Client Failover namespace (env BATON_NAMESPACE).", valueName: "id"))
    var namespace: String?

    private static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The server's address, without reading any credentials.
    var resolvedServer: String {
        server ?? Self.environment("BATON_SERVER") ?? BatonClientConfiguration.defaultServer
    }

    /// The whole configuration; reads the credentials (and may ask for a password), so once
    /// per command.
    func configuration() throws -> BatonClientConfiguration {
        var configuration = BatonClientConfiguration(
            server: resolvedServer,
            credentials: try credentials(),
            caFile: caFile ?? Self.environment("BATON_CA_FILE"),
            tenant: tenant ?? Self.environment("BATON_TENANT"),
            namespace: namespace ?? Self.environment("BATON_NAMESPACE"))
        // A person waiting at the prompt should hear at once that nobody listens there.
        configuration.retriesConnecting = false
        return configuration
    }

    /// A token wins over a client id, which wins over a user: the most specific first.
    func credentials() throws -> Credentials {
        if let token = token ?? Self.environment("BATON_TOKEN") {
            return .bearer(token)
        }
        if let clientID = clientID ?? Self.environment("BATON_CLIENT_ID") {
            guard let secret = Self.environment("BATON_CLIENT_SECRET") else {
                throw ValidationError("--client-id needs the client's secret in BATON_CLIENT_SECRET")
            }
            return .clientCredentials(clientID: clientID, secret: secret)
        }
        if let user = user ?? Self.environment("BATON_USER") {
            let password: String
            if passwordFromStandardInput {
                password = try PasswordReader.fromStandardInput()
            } else if let variable = Self.environment("BATON_PASSWORD") {
                password = variable
            } else if PasswordReader.standardInputIsTerminal {
                password = try PasswordReader.promptOnce(for: user)
            } else {
                throw ValidationError("--user needs a password: set BATON_PASSWORD or pipe it in with --password-stdin")
            }
            return .basic(username: user, password: password)
        }
        return .none
    }

    /// Runs `body` with a client of the configured server, shut down afterwards.
    func withClient<Result: Sendable>(_ body: (BatonClient) async throws -> Result) async throws -> Result {
        try await BatonClient.withClient(try configuration(), body)
    }
}
