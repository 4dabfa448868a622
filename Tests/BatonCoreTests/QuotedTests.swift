import BatonCore
import Testing

@Suite("Request text in error messages")
struct QuotedTests {
    @Test("a value up to the limit is quoted whole")
    func shortValuesAreQuotedWhole() {
        #expect(Quoted.text("") == "''")
        #expect(Quoted.text("PT1M") == "'PT1M'")
        let atLimit = String(repeating: "a", count: Quoted.limit)
        #expect(Quoted.text(atLimit) == "'\(atLimit)'")
        #expect(Quoted.clipped(#""x""#) == #""x""#)
    }

    @Test("a longer value is clipped and its length given")
    func longValuesAreClipped() {
        let overLimit = String(repeating: "b", count: Quoted.limit + 1)
        #expect(Quoted.text(overLimit) == "'\(overLimit.dropLast())…' (65 characters)")
        let huge = String(repeating: "c", count: 70_000)
        #expect(Quoted.text(huge) == "'\(huge.prefix(Quoted.limit))…' (70000 characters)")
        #expect(Quoted.clipped(huge[...]) == "\(huge.prefix(Quoted.limit))… (70000 characters)")
    }

    @Test("counts characters, not bytes, and never splits one")
    func countsCharacters() {
        // 64 flags are 512 bytes but 64 characters: whole.
        let flags = String(repeating: "🇨🇭", count: Quoted.limit)
        #expect(Quoted.text(flags) == "'\(flags)'")
        let more = flags + "é"
        #expect(Quoted.text(more) == "'\(flags)…' (65 characters)")
    }

    @Test("a time span's error quotes a long text clipped")
    func timeSpanErrorIsShort() {
        let text = String(repeating: "9", count: 10_000)
        #expect(throws: TimeSpan.ParseError.self) { try TimeSpan.parse(text) }
        let message = TimeSpan.ParseError.malformed(text).description
        #expect(message.count < 200)
        #expect(message.contains("(10000 characters)"))
    }
}
