import BatonCore
import HTTPTypes
import Hummingbird

/// The web dashboard at `/ui` (docs/operator-guide.md, "Dashboard"): static HTML, CSS and
/// plain JavaScript compiled into the binary (`.embedInCode` in Package.swift), so there is
/// no separate process, no build step and nothing fetched from elsewhere. The pages read and
/// steer groups through the ordinary JSON API and its event streams, with the viewer's own
/// credentials, so every action gets the same authorisation as the API. The files themselves
/// are public: they hold no data.
struct UIController<Context: RequestContext> {
    /// A file of the dashboard: its bytes and content type.
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    /// Every file the dashboard serves, by name under `/ui/`. `/ui` itself is `index.html`.
    static var assets: [String: Asset] {
        [
            "index.html": Asset(bytes: PackageResources.index_html, contentType: "text/html; charset=utf-8"),
            "app.css": Asset(bytes: PackageResources.app_css, contentType: "text/css; charset=utf-8"),
            "app.js": Asset(bytes: PackageResources.app_js, contentType: "text/javascript; charset=utf-8"),
            "timeline.js": Asset(bytes: PackageResources.timeline_js, contentType: "text/javascript; charset=utf-8"),
        ]
    }

    /// No inline script or style, nothing from another origin, never framed (clickjacking),
    /// forms only to this origin; the content type is never sniffed, no referrer leaves.
    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            .xContentTypeOptions: "nosniff",
            .xFrameOptions: "DENY",
            .referrerPolicy: "no-referrer",
            // Revalidated each time, so a new binary's files are never mixed with an old one's.
            .cacheControl: "no-cache",
        ]
    }

    func addRoutes(to routes: RouterGroup<Context>) {
        routes.on("ui", method: .get) { _, _ in
            try Self.response(for: "index.html")
        }
        routes.on("ui/:file", method: .get) { _, context in
            try Self.response(for: context.parameters.require("file"))
        }
    }

    static func response(for name: String) throws -> Response {
        guard let asset = assets[name] else {
            throw APIError.notFound("The dashboard has no file \(Quoted.text(name)).")
        }
        var headers = securityHeaders
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
