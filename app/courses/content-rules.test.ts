// The editorial rules courses:check applies: pool size, answer position and length, Rechtsstand, Leitziele.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCatalog, checkModule, lawStatements, type RuleModule } from "./content-rules";
import { splitFrontmatter } from "./format";
import type { KeyQuestion } from "./grading";

const single = (id: string, best: number, texts = ["aa", "bb", "cc"]): KeyQuestion => ({
  id,
  kind: "single",
  prompt: id,
  options: texts.map((text, i) => ({ value: String(i), text, correct: i === best, points: i === best ? 1 : 0, explanation: "" })),
});
const judgement = (id: string, best: number): KeyQuestion => ({
  id,
  kind: "judgement",
  prompt: id,
  options: [0, 1, 2].map((i) => ({ value: String(i), text: `o${i}`, correct: false, points: i === best ? 2 : i === (best + 1) % 3 ? 1 : 0, explanation: "" })),
});
const balanced = [single("a", 0), single("b", 1), single("c", 2), single("d", 0), single("e", 1), judgement("f", 2), judgement("g", 0), judgement("h", 1)];
const module = (over: Partial<RuleModule> = {}): RuleModule => ({
  file: "courses/x/m.mdx",
  attemptSize: 5,
  leitziele: [10],
  legalBasis: [],
  reviewedAt: null,
  expiresAfterMonths: null,
  competences: [{ competenceId: "c.active-listening", level: 2 }],
  body: "Text ohne Normzitat.",
  key: { questions: balanced },
  ...over,
});
const today = new Date("2026-12-01T12:00:00Z");
const messages = (m: RuleModule) => checkModule(m, today).map((f) => `${f.level}: ${f.message}`);

describe("course content rules", () => {
  it("accept a module with a large enough, balanced pool", () => {
    expect(messages(module())).toEqual([]);
  });

  it("refuse a pool smaller than 1.5 × the attempt and a missing attemptSize", () => {
    expect(messages(module({ attemptSize: 6 })).join("\n")).toMatch(/pool has 8 items; attemptSize 6 needs at least 9/);
    expect(messages(module({ attemptSize: 6 })).join("\n")).toMatch(/pool has 5 <Question> items; attemptSize 6 needs at least 6 \(4 per attempt/);
    expect(messages(module({ key: { questions: balanced.slice(0, 7) } })).join("\n")).toMatch(/pool has 2 <Judgement> items; at least 3 are needed/);
    expect(messages(module({ attemptSize: null })).join("\n")).toMatch(/missing attemptSize/);
  });

  it("refuse a quiz whose best option sits in one position in more than half of the items", () => {
    const firsts = [single("a", 0), single("b", 0), single("c", 0), single("d", 1), single("e", 2), judgement("f", 0), judgement("g", 1), judgement("h", 2)];
    expect(messages(module({ key: { questions: firsts } }))).toEqual([]); // exactly half is allowed
    const mostlyFirst = [...firsts.slice(0, 7), judgement("h", 0)];
    expect(messages(module({ key: { questions: mostlyFirst } })).join("\n")).toMatch(/position 1 in 5 of 8 .*more than half/);
  });

  it("refuse a quiz whose best option is usually the longest", () => {
    const long = balanced.map((q, i) => (i < 5 ? single(q.id, i % 3, ["kurz", "kurz", "kurz"].map((t, j) => (j === i % 3 ? "eine deutlich längere Antwort" : t))) : q));
    expect(messages(module({ key: { questions: long } })).join("\n")).toMatch(/longest in 5 of 8/);
  });

  it("require a Rechtsstand where a module cites the law, with an expiry of at most 24 months", () => {
    const cites = module({ body: "Nach § 81 Abs. 4 AufenthG gilt der Titel fort." });
    expect(messages(cites).join("\n")).toMatch(/cites legal norms but has no legalBasis/);
    const withBasis = module({ body: cites.body, legalBasis: ["§ 81 Abs. 4 AufenthG"], reviewedAt: "2026-11-20", expiresAfterMonths: 36 });
    expect(messages(withBasis)).toEqual(["error: a module with legal content needs expiresAfterMonths of at most 24"]);
    expect(messages({ ...withBasis, expiresAfterMonths: 24 })).toEqual([]);
    expect(messages({ ...withBasis, expiresAfterMonths: 24, reviewedAt: "2025-11-30" })).toEqual([
      "warning: reviewedAt 2025-11-30 is 12 months old or older: review the content against the current law",
    ]);
  });

  it("see the law stated without a § (a statute named, Fiktionsbescheinigung, Aktenlage, Amtssprache, Arbeitsunfall, Zugang)", () => {
    const noBasis = /^error: the module cites legal norms but has no legalBasis/;
    for (const body of [
      "Das Aufenthaltsgesetz regelt das.",
      "Sie erhalten eine Fiktionsbescheinigung.",
      "Bis zu unserer Entscheidung gilt Ihre bisherige Aufenthaltserlaubnis weiter.",
      "Er hätte ohne gültige Aufenthaltserlaubnis dagestanden.",
      "Sonst wird nach Aktenlage entschieden.",
      "Die Amtssprache im Verwaltungsverfahren ist Deutsch.",
      "Auch eine Bedrohung kann ein Arbeitsunfall sein.",
      "binnen zwei Wochen ab Zugang dieses Schreibens",
    ])
      expect(messages(module({ body })).join("\n"), body).toMatch(noBasis);
    // Everyday words of the counter are not statements of the law.
    for (const body of ["Zwei Verlängerungsanträge am Vormittag.", "Ein Widerspruch zwischen Leitbild und Alltag.", "Der Unterschied zwischen Anhörung und Bescheid.", "Gesetz und Weisungen gelten."])
      expect(messages(module({ body })), body).toEqual([]);
  });

  // Four modules stated the law without citing it and so carried no legalBasis; a change HR
  // recorded never reached them. Their text, with the legalBasis taken away, is refused now.
  const courseFile = (file: string) => {
    const source = fs.readFileSync(path.join(process.cwd(), "courses", file), "utf8");
    return { file: `courses/${file}`, body: splitFrontmatter(source)!.body };
  };
  it("would have caught the four modules that stated the law without a legalBasis, and not the modules that state none", () => {
    const stated = {
      "kommunikation-beratung/verstaendliche-sprache.mdx": ["§ 81 Abs. 5 AufenthG", "§ 81 Abs. 4 AufenthG", "§ 82 Abs. 1 AufenthG", "§ 41 VwVfG"],
      "kommunikation-beratung/aktiv-zuhoeren.mdx": ["§ 81 Abs. 4 AufenthG"],
      "kommunikation-beratung/arbeiten-mit-dolmetschenden.mdx": ["§ 23 Abs. 1 VwVfG"],
      "kommunikation-beratung/deeskalation-am-schalter.mdx": ["§ 8 SGB VII"],
    };
    for (const [file, norms] of Object.entries(stated)) {
      const { body } = courseFile(file);
      expect(body, file).not.toContain("§");
      const found = lawStatements(body).join(" ");
      for (const norm of norms) expect(found, file).toContain(norm);
      expect(messages(module({ file: `courses/${file}`, body, legalBasis: [] })).join("\n"), file).toMatch(/cites legal norms but has no legalBasis/);
    }
    for (const file of ["interkulturelle-grundlagen/kultur-als-orientierungssystem.mdx", "interkulturelle-grundlagen/eigene-praegung-und-bias.mdx", "fuehrung-willkommensbehoerde/leitbild-sichtbar-machen.mdx"])
      expect(lawStatements(courseFile(file).body), file).toEqual([]);
  });

  it("refuse a legalBasis entry that is no citation a recorded change can match", () => {
    const legal = (legalBasis: string[]) => messages(module({ body: "§ 4 BQFG", legalBasis, reviewedAt: "2026-12-01", expiresAfterMonths: 24 }));
    for (const entry of ["BQFG", "LADG Berlin", "Gesetz zur Änderung des Onlinezugangsgesetzes (BGBl. 2024 I Nr. 245)"])
      expect(legal(["§ 4 BQFG", entry]), entry).toEqual([
        `error: legalBasis entry "${entry}" is not a citation a recorded change can match: write it as „§ <number> [Abs. <n>] <statute>“ or „Art. <number> … <statute>“`,
      ]);
    expect(legal(["§ 4 BQFG", "§ 7 LADG", "§ 7 LADG Berlin", "§ 1a Abs. 1 OZG", "§ 12 TVöD (VKA)", "Art. 6 Abs. 1 lit. e DSGVO"])).toEqual([]);
  });

  it("refuse a module that certifies more than level 2", () => {
    expect(messages(module({ competences: [{ competenceId: "k.residence-paths", level: 3 }] })).join("\n")).toMatch(/k.residence-paths at level 3: a module certifies at most level 2/);
  });

  it("require every Leitziel 1–12 to be taught by some module", () => {
    const found = checkCatalog([module({ leitziele: [1, 2, 3, 4, 5, 6] }), module({ leitziele: [7, 8, 10, 11] })], today);
    expect(found.map((f) => f.message)).toEqual(["no module teaches Leitziel 9, 12 (every Leitziel 1–12 needs at least one)"]);
    expect(checkModule(module({ leitziele: [] }), today).map((f) => f.message)).toContain("missing leitziele: the Leitziele (1–12) this module teaches");
  });
});
