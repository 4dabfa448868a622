import Configuration
import Logging

/// What `baton serve` needs to know, from command-line flags, `BATON_*` environment
/// variables or in-memory values (tests), in that order of precedence. Keys:
/// `baton.host`, `baton.port`, `baton.dataDir`, `baton.logLevel`.
public struct ServerSettings: Sendable, Equatable {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 5590
    public static let defaultDataDirectory = "./baton-data"

    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var logLevel: Logger.Level

    public init(host: String = defaultHost, port: Int = defaultPort, dataDirectory: String = defaultDataDirectory,
                logLevel: Logger.Level = .info) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the settings; a value that is present but unusable is an error, never
    /// silently replaced by a default.
    public init(reader: ConfigReader) throws {
        self.init()
        if let host = reader.string(forKey: "baton.host") {
            guard !host.isEmpty else { throw Invalid(description: "host (BATON_HOST) is empty") }
            self.host = host
        }
        if let portText = reader.string(forKey: "baton.port") ?? reader.int(forKey: "baton.port").map(String.init) {
            guard let port = Int(portText), (0...65_535).contains(port) else {
                throw Invalid(description: "port (BATON_PORT) must be a number from 0 to 65535, not '\(portText)'")
            }
            self.port = port
        }
        if let directory = reader.string(forKey: "baton.dataDir") {
            guard !directory.isEmpty else { throw Invalid(description: "data directory (BATON_DATA_DIR) is empty") }
            dataDirectory = directory
        }
        if let levelText = reader.string(forKey: "baton.logLevel") {
            guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(description: "log level (BATON_LOG_LEVEL) must be one of \(names), not '\(levelText)'")
            }
            logLevel = level
        }
    }
}
