// The frontmatter form, German messages and the editorial rules for authored modules (issue 14):
// a built-in module's frontmatter survives the form unchanged; hostile field values are refused
// per field with a catalog message (German and English) and never break out of the YAML; parser,
// compiler and content-rule messages reach editors in German with the original kept; a module
// that breaks the content rules of courses:check cannot be sent to review.
import fs from "node:fs";
import path from "node:path";
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { composeSource, frontmatterDefaults, frontmatterFormSchema } from "~/authoring/frontmatter-form";
import { germanCompileMessage, germanRuleMessage } from "~/authoring/messages.server";
import { checkAuthoredModule, checkSafeSubset } from "~/authoring/safe-mdx.server";
import { parseModuleFrontmatter, splitFrontmatter } from "~/courses/format";
import de from "~/i18n/locales/authoring.de";
import en from "~/i18n/locales/authoring.en";

const base = fs.readFileSync(path.resolve("courses/kommunikation-beratung/aktiv-zuhoeren.mdx"), "utf8");
const legal = fs.readFileSync(path.resolve("courses/service-und-verfahren/digitale-antraege.mdx"), "utf8");

/** The form as a browser would post it for `source`, with `change` applied. */
function formFor(source: string, change: (f: FormData) => void = () => {}) {
  const { values } = frontmatterDefaults(source);
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) {
    if (k === "leitziele") (v as string[]).forEach((n) => f.append("leitziele", n));
    else if (k === "competences") (v as { id: string; level: string }[]).forEach((c, i) => (f.set(`competences[${i}].id`, c.id), f.set(`competences[${i}].level`, c.level)));
    else f.set(k, v as string);
  }
  change(f);
  return f;
}
const parse = (f: FormData) => parseWithZod(f, { schema: frontmatterFormSchema });
const fieldErrors = (f: FormData) => {
  const s = parse(f);
  return s.status === "success" ? {} : (s.reply().error ?? {});
};
const catalogText = (catalog: typeof de, key: string) => key.split("|")[0].split(".").slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], catalog);

describe("the frontmatter form", () => {
  for (const [name, source, id] of [
    ["aktiv-zuhoeren", base, "aktiv-zuhoeren"],
    ["digitale-antraege (with a Rechtsstand)", legal, "digitale-antraege"],
  ] as const)
    it(`keeps the frontmatter and body of ${name} unchanged through the form`, () => {
      const submission = parse(formFor(source));
      expect(submission.status).toBe("success");
      if (submission.status !== "success") return;
      const composed = composeSource(id, submission.value);
      // Leitziele come back in ascending order (checkboxes); everything else exactly as it was.
      const before = parseModuleFrontmatter(source, "x.mdx", id).value!;
      expect(parseModuleFrontmatter(composed, "x.mdx", id).value).toEqual({ ...before, leitziele: [...before.leitziele!].sort((a, b) => a - b) });
      expect(splitFrontmatter(composed)!.body.trim()).toBe(splitFrontmatter(source)!.body.trim());
    });

  it("writes hostile text as text: no line break, no second frontmatter, no YAML tricks", () => {
    const submission = parse(
      formFor(base, (f) => {
        f.set("reviewedBy", '"&a [*a] !!js/function "x"');
        f.set("summary", "Zeile\n---\nimport fs from 'node:fs'\n---\n{process.exit()}");
        f.set("legalBasis", "§ 1: a\n- b\n{x}: !!binary AAAA\n--- ");
      }),
    );
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    const composed = composeSource("aktiv-zuhoeren", submission.value);
    const fm = parseModuleFrontmatter(composed, "x.mdx", "aktiv-zuhoeren").value!;
    expect(fm.reviewedBy).toBe('"&a [*a] !!js/function "x"');
    expect(fm.summary).toBe("Zeile\n---\nimport fs from 'node:fs'\n---\n{process.exit()}");
    expect(fm.legalBasis).toEqual(["§ 1: a", "- b", "{x}: !!binary AAAA", "---"]);
    // The body is still the module's body: nothing of the fields reached it.
    expect(splitFrontmatter(composed)!.body.trim()).toBe(splitFrontmatter(base)!.body.trim());
    expect(checkSafeSubset(composed)).toEqual([]);
  });

  const hostile: [string, (f: FormData) => void, string, string][] = [
    ["an empty title", (f) => f.set("title", "  "), "title", "authoring.meta.errors.required"],
    ["a title with a line break", (f) => f.set("title", "Titel\n---\nid: x"), "title", "authoring.meta.errors.singleLine"],
    ["a huge title", (f) => f.set("title", "x".repeat(10_000)), "title", "authoring.meta.errors.tooLong"],
    ["minutes as text", (f) => f.set("minutes", "viele"), "minutes", "authoring.meta.errors.number"],
    ["minutes out of range", (f) => f.set("minutes", "600"), "minutes", "authoring.meta.errors.number"],
    ["a pass mark of 0", (f) => f.set("passMark", "0"), "passMark", "authoring.meta.errors.number"],
    ["an unknown language", (f) => f.set("language", "tlh"), "language", "authoring.meta.errors.language"],
    ["Leitziel 13", (f) => f.append("leitziele", "13"), "leitziele", "authoring.meta.errors.leitziel"],
    ["an impossible date", (f) => f.set("reviewedAt", "2026-02-30"), "reviewedAt", "authoring.meta.errors.date"],
    ["10,000 legal bases", (f) => f.set("legalBasis", "§ 1 X\n".repeat(10_000)), "legalBasis", "authoring.meta.errors.legalBasis"],
    ["a competence that does not exist", (f) => f.set("competences[0].id", "k.telepathy"), "competences[0].id", "authoring.meta.errors.competenceUnknown"],
    ["__proto__ as a competence", (f) => f.set("competences[0].id", "__proto__"), "competences[0].id", "authoring.meta.errors.competenceUnknown"],
    ["level 3", (f) => f.set("competences[0].level", "3"), "competences[0].level", "authoring.meta.errors.level"],
    ["a competence twice", (f) => (f.set("competences[5].id", f.get("competences[0].id")!), f.set("competences[5].level", "1")), "competences[5].id", "authoring.meta.errors.competenceTwice"],
    ["no competence", (f) => [0, 1, 2, 3].forEach((i) => f.delete(`competences[${i}].id`)), "competences", "authoring.meta.errors.competenceRequired"],
  ];
  for (const [what, change, field, key] of hostile)
    it(`refuses ${what} on the field, with a German and an English message`, () => {
      const errors = fieldErrors(formFor(base, change));
      const messages = Object.entries(errors).filter(([name]) => name === field || (field === "leitziele" && name.startsWith("leitziele[")));
      expect(messages.flatMap(([, m]) => m ?? []).map((m) => m.split("|")[0])).toContain(key);
      expect(typeof catalogText(de, key)).toBe("string");
      expect(typeof catalogText(en, key)).toBe("string");
    });

  it("reads a draft whose frontmatter is broken, so the form can repair it", () => {
    const { readable, values } = frontmatterDefaults("---\ntitle: [kaputt\n---\n\nText");
    expect(readable).toBe(false);
    expect(values.title).toBe("");
    expect(values.body).toBe("Text");
    // A YAML alias bomb is not expanded.
    const bomb = `---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\nText`;
    expect(frontmatterDefaults(bomb).readable).toBe(false);
  });
});

describe("German messages for editors", () => {
  it("translates parser errors with the line of the open element and keeps the original", () => {
    const [unclosedTag] = checkSafeSubset("Text\n\n<Callout title=\"Hinweis\">\nOffen");
    expect(unclosedTag.message).toBe("Zu <Callout> (Zeile 3) fehlt das schließende </Callout>.");
    expect(unclosedTag.line).toBe(3);
    const [wrongClose] = checkSafeSubset("<Callout>x</Term>");
    expect(wrongClose.message).toMatch(/^Hier wird <\/Term> geschlossen, offen ist aber noch <Callout> aus Zeile 1/);
    const [brace] = checkSafeSubset("a {b");
    expect(brace.message).toMatch(/geschweifte Klammer \{ wird nicht geschlossen/);
    expect(brace.original).toMatch(/^Unexpected end of file in expression/);
    const [attr] = checkSafeSubset("<Callout title=x>y</Callout>");
    expect(attr.message).toMatch(/Attributwerte stehen in geraden Anführungszeichen/);
    const [comment] = checkSafeSubset("a <!-- Notiz --> b");
    expect(comment.message).toMatch(/HTML-Kommentare/);
  });

  it("translates the compiler's quiz messages, naming the line", async () => {
    const source = base.replace(/<Option correct /, "<Option ");
    const result = await checkAuthoredModule(source, "aktiv-zuhoeren");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0].message).toMatch(/^Frage „[a-z0-9-]+“: Bei type="single" muss genau eine Option correct sein \(gefunden: 0\)\.$/);
    expect(result.errors[0].original).toMatch(/exactly one option must be correct/);
    expect(result.errors[0].line).toBeGreaterThan(10);
    expect(germanCompileMessage("something new from esbuild").message).toMatch(/Originalmeldung/);
  });

  it("has a German sentence for every content rule", () => {
    for (const original of [
      "missing attemptSize: the number of quiz items one attempt shows (the pool has 9)",
      "the quiz pool has 9 items; attemptSize 8 needs at least 12 (1.5 ×) so that a retake gets a different draw",
      "the quiz pool has 1 <Judgement> items; at least 3 are needed (2 per attempt, 1.5 ×)",
      "the quiz pool has 5 <Question> items; attemptSize 8 needs at least 9 (6 per attempt, 1.5 ×)",
      "the best option stands at position 1 in 7 of 10 single-choice and judgement items (more than half): vary the order",
      "the best option is the longest in 6 of 10 items (more than half): balance the option lengths",
      "certifies c.x at level 3: a module certifies at most level 2 (level 3 needs observed practice or a workshop)",
      "missing leitziele: the Leitziele (1–12) this module teaches",
      "the module cites legal norms but has no legalBasis in its frontmatter",
      'legalBasis entry "BQFG" is not a citation a recorded change can match: write it as „§ <number> [Abs. <n>] <statute>“ or „Art. <number> … <statute>“',
      "a module with legal content needs expiresAfterMonths of at most 24",
      "a module with legal content needs reviewedAt (the date of its last legal review)",
    ])
      expect(germanRuleMessage(original).message).not.toMatch(/Regel verletzt/);
  });
});

describe("the editorial rules when a module is sent to review", () => {
  it("passes a built-in module and refuses one that breaks the rules, in German", async () => {
    expect((await checkAuthoredModule(legal, "digitale-antraege", { rules: true })).ok).toBe(true);
    const broken = legal.replace(/^leitziele: .*\n/m, "").replace("expiresAfterMonths: 18", "expiresAfterMonths: 60").replace("attemptSize: 7", "attemptSize: 30");
    // Without the rules (preview) the module compiles; sent to review it is refused.
    expect((await checkAuthoredModule(broken, "digitale-antraege")).ok).toBe(true);
    const result = await checkAuthoredModule(broken, "digitale-antraege", { rules: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.errors.map((e) => e.message).join("\n");
    expect(text).toMatch(/Redaktionsregel: Das Quiz hat \d+ Fragen; bei 30 Fragen pro Versuch braucht es mindestens 45/);
    expect(text).toMatch(/Redaktionsregel: Leitziele: Bitte mindestens ein Leitziel/);
    expect(text).toMatch(/Redaktionsregel: Gültigkeit in Monaten: Ein Modul mit Rechtsgrundlagen gilt höchstens 24 Monate/);
    expect(result.errors.every((e) => e.original && !/[äöüß]/.test(e.original))).toBe(true);
  });
});
