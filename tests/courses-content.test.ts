// Course content: every module in courses/ validates and compiles without leaking its answer
// key, and a broken module is reported with its file and line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCatalog } from "~/courses/catalog.server";
import { formatContentError } from "~/courses/format";
import { compileModule } from "~/courses/modules.server";
import { allCompetences } from "~/competences/framework";
import { parseNorms } from "~/courses/norms";

const catalog = readCatalog();

describe("the courses in courses/", () => {
  it("have valid course.yaml files and frontmatter", () => {
    expect(catalog.errors.map(formatContentError)).toEqual([]);
    expect(catalog.courses.length).toBeGreaterThanOrEqual(3);
    expect(catalog.courses.flatMap((c) => c.modules).length).toBeGreaterThanOrEqual(12);
  });

  it("certify every competence of the framework at least once", () => {
    const certified = new Set(catalog.courses.flatMap((c) => c.modules.flatMap((m) => m.competences.map((x) => x.competenceId))));
    expect(allCompetences.map((c) => c.id).filter((id) => !certified.has(id))).toEqual([]);
  });

  it("name in legalBasis only citations a change HR records can match", () => {
    const modules = catalog.courses.flatMap((c) => c.modules);
    const unmatched = modules.flatMap((m) => m.legalBasis.filter((citation) => parseNorms(citation).length === 0).map((citation) => `${m.file}: ${citation}`));
    expect(unmatched).toEqual([]);
    expect(modules.filter((m) => m.legalBasis.length > 0).length).toBeGreaterThanOrEqual(19);
  });

  for (const course of catalog.courses)
    for (const module of course.modules)
      it(`${module.file} compiles, with its answer key only in server data`, async () => {
        const result = await compileModule(catalog.sources.get(`${course.id}/${module.id}`)!, module.file);
        if (!result.ok) throw new Error(result.errors.map(formatContentError).join("\n"));
        const code = result.code.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
        for (const q of result.extracted.key.questions)
          for (const o of q.options) {
            expect(o.explanation.length).toBeGreaterThan(0);
            expect(code).not.toContain(o.explanation);
          }
        expect(code).not.toMatch(/\bexplanation\b|\bcorrect\s*:|\bpoints\s*:/);
      });
});

describe("a broken module", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-broken-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const frontmatter = (extra = "", competences = "  c.active-listening: 2") =>
    `---\nid: kaputt\ntitle: Kaputt\nsummary: Ein Testmodul.\nminutes: 10\nlanguage: de\npassMark: 70\n${extra}competences:\n${competences}\n---\n`;
  const quiz = (questions: string) => `
<CaseVignette title="Fall">Text</CaseVignette>

<Reflection id="r" prompt="Was denken Sie?" />

<Quiz>
${questions}
</Quiz>
`;
  const good = (id: string) => `  <Question id="${id}" type="single" prompt="Frage?">
    <Option correct explanation="Ja.">A</Option>
    <Option explanation="Nein.">B</Option>
  </Question>`;
  const judgement = `  <Judgement id="j" scene="Szene" prompt="Was tun Sie?">
    <Option points={2} explanation="Gut.">A</Option>
    <Option points={0} explanation="Schlecht.">B</Option>
  </Judgement>`;

  it("with an unknown competence id is reported with file and line", async () => {
    write("c1/course.yaml", "id: c1\ntitle: T\nsummary: S\nlanguage: de\nmodules:\n  - kaputt\n");
    write("c1/kaputt.mdx", frontmatter("", "  c.active-listening: 2\n  k.astrology: 1") + quiz([1, 2, 3, 4].map((i) => good(`q${i}`)).join("\n") + "\n" + judgement));
    const catalog = readCatalog(dir);
    expect(catalog.errors.map(formatContentError)).toContainEqual(expect.stringMatching(/c1\/kaputt\.mdx:10: .*unknown competence id "k\.astrology"/));
  });

  it("with a missing field, an id that is not the file name, or answers in the frontmatter is reported", () => {
    write("c2/course.yaml", "id: c2\ntitle: T\nsummary: S\nlanguage: de\nmodules:\n  - kaputt\n  - anders\n");
    write("c2/kaputt.mdx", frontmatter("answers: [1, 2]\n").replace("minutes: 10\n", "") + quiz(good("q1")));
    write("c2/anders.mdx", frontmatter().replace("id: kaputt", "id: falsch") + quiz(good("q1")));
    const messages = readCatalog(dir).errors.map(formatContentError);
    expect(messages).toContainEqual(expect.stringMatching(/c2\/kaputt\.mdx:2: missing field minutes/));
    expect(messages).toContainEqual(expect.stringMatching(/c2\/kaputt\.mdx:7: unknown field\(s\): answers/));
    expect(messages).toContainEqual(expect.stringMatching(/c2\/anders\.mdx:2: id "falsch" must equal the file name "anders"/));
  });

  it("with a module id that another course already uses is reported, and the second module left out", () => {
    write("c3/course.yaml", "id: c3\ntitle: T\nsummary: S\nlanguage: de\nmodules:\n  - kaputt\n");
    write("c3/kaputt.mdx", frontmatter() + quiz(good("q1")));
    write("c4/course.yaml", "id: c4\ntitle: T\nsummary: S\nlanguage: de\nmodules:\n  - kaputt\n");
    write("c4/kaputt.mdx", frontmatter() + quiz(good("q1")));
    const catalog = readCatalog(dir);
    expect(catalog.errors.map(formatContentError)).toContainEqual(expect.stringMatching(/c4\/kaputt\.mdx:1: module id "kaputt" is already used in course "c3"/));
    expect(catalog.courses.find((c) => c.id === "c4")?.modules.map((m) => m.id)).toEqual([]);
  });

  it("with a malformed quiz names each problem's line", async () => {
    const source =
      frontmatter() +
      quiz(
        [
          good("q1"),
          good("q1"),
          `  <Question id="q3" type="single" prompt="Zwei richtige?">\n    <Option correct explanation="a">A</Option>\n    <Option correct explanation="b">B</Option>\n  </Question>`,
          `  <Question id="q4" type="multiple" prompt="Nur eine Option?">\n    <Option correct explanation="a">A</Option>\n  </Question>`,
          `  <Question id="q5" type="single" prompt="Ohne Erklärung">\n    <Option correct>A</Option>\n    <Option explanation="b">B</Option>\n  </Question>`,
          `  <Judgement id="j" scene="S" prompt="P">\n    <Option points={1} explanation="a">A</Option>\n    <Option points={0} explanation="b">B</Option>\n  </Judgement>`,
        ].join("\n"),
      );
    const result = await compileModule(source, "courses/x/kaputt.mdx");
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map(formatContentError);
    const lineOf = (needle: string) => source.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(messages).toContainEqual(`courses/x/kaputt.mdx:${lineOf('id="q1"') + 4}: <Question>: duplicate question id "q1"`);
    expect(messages).toContainEqual(expect.stringContaining(`kaputt.mdx:${lineOf('id="q3"')}: <Question id="q3" type="single">: exactly one option must be correct, found 2`));
    expect(messages).toContainEqual(expect.stringContaining(`kaputt.mdx:${lineOf('id="q4"')}: <Question id="q4">: needs at least 2 options, has 1`));
    expect(messages).toContainEqual(expect.stringContaining(`kaputt.mdx:${lineOf("<Option correct>A")}: <Option>: missing attribute explanation`));
    expect(messages).toContainEqual(expect.stringContaining(`kaputt.mdx:${lineOf('id="j"')}: <Judgement id="j">: at least one option must have points={2}`));
  });

  it("with invalid MDX syntax or foreign JSX is reported with its line", async () => {
    const broken = frontmatter() + "\nText\n\n<Callout type=\"info\">\nnicht geschlossen\n";
    const r1 = await compileModule(broken, "courses/x/kaputt.mdx");
    expect(r1.ok ? [] : r1.errors.map(formatContentError)).toContainEqual(expect.stringMatching(/^courses\/x\/kaputt\.mdx:\d+: /));
    const foreign = frontmatter() + quiz([1, 2, 3, 4].map((i) => good(`q${i}`)).join("\n") + "\n" + judgement) + "\n<script>alert(1)</script>\n\n{1 + 1}\n";
    const r2 = await compileModule(foreign, "courses/x/kaputt.mdx");
    const lines = foreign.split("\n");
    expect(r2.ok ? [] : r2.errors.map(formatContentError)).toEqual([
      expect.stringContaining(`:${lines.indexOf("<script>alert(1)</script>") + 1}: <script> is not one of the course components`),
      expect.stringContaining(`:${lines.indexOf("{1 + 1}") + 1}: JavaScript expressions`),
    ]);
  });

  it("makes npm run courses:check fail with file and line", () => {
    write("c3/course.yaml", "id: c3\ntitle: T\nsummary: S\nlanguage: de\nmodules:\n  - kaputt\n");
    write("c3/kaputt.mdx", frontmatter() + quiz(good("q1")));
    const cache = path.join(dir, ".cache");
    const json = path.join(dir, "report.json");
    const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/courses-check.ts", "--dir", dir, "--cache", cache, "--json", json], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/c3\/kaputt\.mdx:1: the quiz needs at least 5 questions, found 1/);
    expect(JSON.parse(fs.readFileSync(json, "utf8"))).toMatchObject({ passed: 0 });
    expect(JSON.parse(fs.readFileSync(json, "utf8")).failed).toBeGreaterThanOrEqual(3);
  });
});
