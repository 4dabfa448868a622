/// Request text repeated in an error message, clipped: a value is refused because it is too
/// long or malformed, and repeating the whole of it would echo up to the body limit (64 KB)
/// back in the error, and into any log that records the reason.
public enum Quoted {
    /// The most characters of a value an error repeats.
    public static let limit = 64

    /// `'text'`, or its first `limit` characters and its length: `'aaaa…' (70000 characters)`.
    public static func text(_ text: some StringProtocol) -> String {
        isShort(text) ? "'\(text)'" : "'\(text.prefix(limit))…' (\(text.count) characters)"
    }

    /// `text` as it is (JSON text, say, which brings its own quotes), clipped the same way.
    public static func clipped(_ text: some StringProtocol) -> String {
        isShort(text) ? String(text) : "\(text.prefix(limit))… (\(text.count) characters)"
    }

    /// Walks at most `limit + 1` characters, however long the value.
    private static func isShort(_ text: some StringProtocol) -> Bool {
        text.index(text.startIndex, offsetBy: limit + 1, limitedBy: text.endIndex) == nil
    }
}
