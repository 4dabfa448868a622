import BatonWire
import Foundation

enum TokenHarness {
    static func run(_ bytes: [UInt8]) {
        guard let input = text(bytes) else { return }
        _ = TokenRequests.formFields(input)
        // Basic credentials: the input as sent (any text), and base64 of the input, which
        // must split at its first colon.
        _ = TokenRequests.basicCredentials(input)
        let encoded = Data(input.utf8).base64EncodedString()
        let split = TokenRequests.basicCredentials(encoded)
        if let colon = input.firstIndex(of: ":") {
            check(split?.0 == String(input[..<colon]) && split?.1 == String(input[input.index(after: colon)...]),
                  "Basic credentials of '\(input)' split wrongly")
        } else {
            check(split == nil, "Basic credentials without a colon were accepted")
        }
        // A form of one field, percent-encoded, reads back as that field.
        let allowed = CharacterSet.alphanumerics
        if let name = input.addingPercentEncoding(withAllowedCharacters: allowed), !input.isEmpty {
            let fields = TokenRequests.formFields("\(name)=\(name)")
            check(fields[input] == input, "the form field '\(input)' does not read back")
        }
    }
}
