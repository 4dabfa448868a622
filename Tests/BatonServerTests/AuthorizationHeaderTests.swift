@testable import BatonServer
import Testing

/// `Authenticator.split`: an `Authorization` header's scheme and value.
@Suite struct AuthorizationHeaderTests {
    @Test("scheme and value, without the blanks around them",
          arguments: [
              ("Basic YWxpY2U6cHc=", "Basic", "YWxpY2U6cHc="),
              ("  Bearer   abc.def.ghi \t", "Bearer", "abc.def.ghi"),
              ("\tbasic x", "basic", "x"),
              ("Basic ", nil, "Basic"),
              ("abc.def.ghi", nil, "abc.def.ghi"),
              ("", nil, ""),
              (" \t ", nil, ""),
              ("Bearer a b", "Bearer", "a b"),
          ] as [(String, String?, String)])
    func split(_ header: String, scheme: String?, value: String) {
        let (foundScheme, foundValue) = Authenticator.split(header)
        #expect(foundScheme == scheme)
        #expect(foundValue == value)
    }
}
