import BatonCore
import HTTPTypes
import Hummingbird

/// Which requests are refused because a browser says another site made them:
/// cross-site request forgery (docs/security.md, "The dashboard and cross-site requests").
///
/// The dashboard never relies on anything a browser attaches by itself (it keeps its token
/// in `sessionStorage` and sends it in `Authorization`), but two things a browser does
/// attach would still let a page of another site act: with authentication disabled, nothing
/// at all is needed (a plain HTML form can POST to `127.0.0.1`), and Basic credentials a
/// person once typed into the browser's own prompt are sent again by the browser. So a
/// request other than GET, HEAD or OPTIONS is refused with 403 when
///
/// - `Sec-Fetch-Site` (sent by every current browser) is `cross-site` or `same-site`, or
/// - it has no `Sec-Fetch-Site` but an `Origin` whose host and port are not the request's
///   `Host` (the request's authority; older browsers; `Origin: null` from a sandboxed or opaque page counts as foreign).
///
/// Programs (adapters, appliances, scripts, the CLI) send neither header and are not
/// affected; neither is the dashboard, whose requests are same-origin.
enum CrossSiteRequests {
    /// Throws the 403 for a cross-site request (`AdmissionMiddleware` runs it first).
    static func admit(_ head: HTTPRequest) throws {
        guard let reason = refusal(head) else { return }
        throw APIError(
            status: .forbidden, error: "The request was refused.", reason: reason,
            resolution: "Send changes from the dashboard served by this server (/ui) or from a program, not from another site.",
            code: "CrossSiteRequest")
    }

    /// Why the request is refused as cross-site, or nil.
    static func refusal(_ head: HTTPRequest) -> String? {
        switch head.method {
        case .get, .head, .options: return nil
        default: break
        }
        if let site = head.headerFields[.secFetchSite]?.lowercased() {
            guard site == "cross-site" || site == "same-site" else { return nil }
            return "The browser reports that another site (Sec-Fetch-Site: \(site.prefix(20))) made this request."
        }
        guard let origin = head.headerFields[.origin] else { return nil }
        let originHost = Self.hostAndPort(ofOrigin: origin)
        guard let host = head.authority?.lowercased(), let originHost, originHost == host else {
            return "The request comes from another origin (Origin: \(Quoted.clipped(origin)))."
        }
        return nil
    }

    /// `host[:port]` of an `Origin` (`scheme://host[:port]`), with the scheme's default port
    /// left out as browsers leave it out of `Host`; nil for `null` or anything else.
    static func hostAndPort(ofOrigin origin: String) -> String? {
        let lowered = origin.lowercased()
        for (scheme, port) in [("http://", ":80"), ("https://", ":443")] where lowered.hasPrefix(scheme) {
            var rest = String(lowered.dropFirst(scheme.count))
            if rest.hasSuffix(port) { rest.removeLast(port.count) }
            return rest.isEmpty || rest.contains("/") ? nil : rest
        }
        return nil
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
