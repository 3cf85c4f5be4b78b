import { describe, expect, it } from "vitest";
import { formatGroupRoles, parseGroupRoles } from "./sso-settings";

describe("group → role mapping an admin types in /admin/sso", () => {
  it("reads one „Gruppe = Rolle“ per line, ignoring blank lines and spaces", () => {
    expect(parseGroupRoles("GG-Personal = hr\n\n  CN=Leitung,OU=ABH = lead \r\n")).toEqual({
      ok: true,
      value: { "GG-Personal": "hr", "CN=Leitung,OU=ABH": "lead" },
    });
  });

  it("refuses admin (no role with access to accounts comes from outside) and names the line", () => {
    expect(parseGroupRoles("GG-Personal = hr\nGG-IT = admin")).toEqual({ ok: false, line: 2 });
    expect(parseGroupRoles("nur-ein-name")).toEqual({ ok: false, line: 1 });
    expect(parseGroupRoles("= hr")).toEqual({ ok: false, line: 1 });
  });

  it("writes back what it read", () => {
    const text = "GG-Personal = hr\nGG-Leitung = lead";
    const parsed = parseGroupRoles(text);
    expect(parsed.ok && formatGroupRoles(parsed.value)).toBe(text);
  });
});
