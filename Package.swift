// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "baton",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "baton", targets: ["baton"]),
        .library(name: "BatonJSON", targets: ["BatonJSON"]),
        .library(name: "BatonCore", targets: ["BatonCore"]),
        .library(name: "BatonStore", targets: ["BatonStore"]),
        .library(name: "BatonServer", targets: ["BatonServer"]),
        .library(name: "BatonClient", targets: ["BatonClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // `baton run` launches its command with it; the tests launch `baton`, `openssl` and scripts.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
    ],
    targets: [
        // JSON on the wire and in the store: the value type, its strict reader (with its
        // limits) and its writer. No dependencies; the engine needs the value type (AdditionalData).
        .target(name: "BatonJSON"),
        // The engine: every rule, no I/O, time from an injected clock.
        .target(
            name: "BatonCore",
            dependencies: [
                "BatonJSON",
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Request bodies and wire text read into engine inputs, with no HTTP server: what the
        // fuzz harnesses (Fuzz/, scripts/fuzz.sh) build against.
        .target(
            name: "BatonWire",
            dependencies: ["BatonCore", "BatonJSON"]
        ),
        // Durable state: the embedded SQLite store and the shared PostgreSQL store.
        .target(
            name: "BatonStore",
            dependencies: [
                "BatonCore",
                "BatonJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // HTTP: the Client Failover API translated onto the engine.
        .target(
            name: "BatonServer",
            dependencies: [
                "BatonCore",
                "BatonJSON",
                "BatonStore",
                "BatonWire",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI document and the dashboard's files, compiled into the binary
            // (`PackageResources.openapi_yaml`, `PackageResources.app_js`, …) so the server
            // stays one file to deploy.
            resources: [
                .embedInCode("OpenAPI/openapi.yaml"),
                .embedInCode("UI/Assets/index.html"),
                .embedInCode("UI/Assets/app.css"),
                .embedInCode("UI/Assets/app.js"),
                .embedInCode("UI/Assets/timeline.js"),
            ]
        ),
        // A typed async client of Baton's two APIs (Client Failover and HCX HA groups) over
        // AsyncHTTPClient: what the `baton` operator commands use, and where the SDK grows from.
        .target(
            name: "BatonClient",
            dependencies: [
                "BatonCore",  // TimeSpan, the fuzzed .NET time span reader and writer
                "BatonJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The one executable: the server (`serve`, `users`, `clients`) and the operator's
        // commands over BatonClient.
        .executableTarget(
            name: "baton",
            dependencies: [
                "BatonClient",
                "BatonServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                // `baton run`: the command it supervises, and SIGTERM/SIGINT as a sequence.
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Benchmarks/Bench: the fleet simulator and the comparisons with etcd's election, on
        // the SDK (Benchmarks/README.md). Built with the rest so that it cannot rot.
        .executableTarget(
            name: "baton-bench",
            dependencies: [
                "BatonClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/Bench"
        ),
        // What the test targets share: the throwaway-PostgreSQL helper, the process launcher,
        // the store model and test-clock helpers. Not a product; only the test targets use it.
        .target(
            name: "BatonTestSupport",
            dependencies: [
                "BatonCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            path: "Tests/BatonTestSupport"
        ),
        .testTarget(
            name: "BatonJSONTests",
            dependencies: ["BatonJSON"]
        ),
        .testTarget(
            name: "BatonCoreTests",
            dependencies: [
                "BatonCore",
                "BatonTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BatonStoreTests",
            dependencies: ["BatonStore", "BatonTestSupport"]
        ),
        // The operator's command line end to end: a real `baton serve` over loopback HTTP,
        // driven through BatonClient and the `baton` executable.
        .testTarget(
            name: "BatonClientTests",
            dependencies: [
                "BatonClient",
                "BatonJSON",
                "BatonTestSupport",
                "baton",
                "baton-bench",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .testTarget(
            name: "BatonServerTests",
            dependencies: [
                "BatonJSON",
                "BatonServer",
                "BatonTestSupport",
                // Built so the restart test can SIGKILL a real `baton serve` process.
                "baton",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // To look at the rows the shared store writes.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
    ]
)
