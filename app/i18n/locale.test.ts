// Which language a visitor gets when they have not chosen one.
import { describe, expect, it } from "vitest";
import { fromAcceptLanguage } from "./locale.server";

describe("language from the browser's Accept-Language", () => {
  it("is German by default and for German browsers", () => {
    expect(fromAcceptLanguage(null)).toBe("de");
    expect(fromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("de");
  });
  it("is English when the browser prefers English", () => {
    expect(fromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(fromAcceptLanguage("fr-FR,en;q=0.5,de;q=0.4")).toBe("en");
  });
  it("falls back to German for languages Horizont does not speak", () => {
    expect(fromAcceptLanguage("tr-TR,ar;q=0.8")).toBe("de");
    expect(fromAcceptLanguage("en;q=0")).toBe("de");
  });
});
