// After sign-in only same-site paths are followed (no open redirect), checked with a table of
// the tricks browsers fall for: stripped tabs and newlines, backslashes, schemes, encodings.
import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/admin/units?x=1", "/admin/units?x=1"],
    ["/", "/"],
    ["/courses/kommunikation-beratung#quiz", "/courses/kommunikation-beratung#quiz"],
    ["/account?email=a%40b", "/account?email=a%40b"],
    ["/courses/../admin", "/admin"],
    // Encoded or inner whitespace stays part of the path on this site.
    ["/%09/evil.example", "/%09/evil.example"],
    ["/ /evil.example", "/%20/evil.example"],
  ])("keeps the same-site path %j", (value, expected) => {
    expect(safeRedirect(value)).toBe(expected);
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\n/evil.example",
    "/\t\\evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\u0000/evil.example",
    "/\u202e/evil.example",
    "/\u007f/evil.example",
    "/./\t/evil.example",
    "/..//evil.example",
    "/.//evil.example",
    "///evil.example",
    "/a/\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/javascript:alert(1)\n",
    "http:/evil.example",
    "data:text/html,x",
    "evil.example",
    "?x=1",
    "",
    "/" + "a".repeat(3000),
    null,
    undefined,
  ])("refuses %j", (value) => {
    const result = safeRedirect(value);
    expect(result).toBe("/");
  });

  it("never returns anything a browser would resolve to another origin", () => {
    const tricky = ["/\t/x.example", "/%2F%2Fx.example", "/.%2F/x.example", "/%5C%5Cx.example", "/x/..//x.example"];
    for (const value of tricky) {
      const result = safeRedirect(value);
      expect(new URL(result, "https://horizont.example").origin, `${JSON.stringify(value)} → ${result}`).toBe("https://horizont.example");
      expect(result.startsWith("//")).toBe(false);
    }
  });
});
