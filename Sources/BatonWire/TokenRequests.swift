import Foundation

/// The credentials of a token request, read from text: the OAuth2 form body and HTTP Basic.
public enum TokenRequests {
    /// `application/x-www-form-urlencoded` fields; `+` is a space, a bad escape stays as sent.
    public static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// `base64(user:password)` from a Basic `Authorization` header, split at the first colon.
    public static func basicCredentials(_ value: String) -> (String, String)? {
        guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
