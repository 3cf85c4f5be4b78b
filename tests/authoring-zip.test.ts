// Module and course archives: an export is a course folder that courses/ reads without an error
// (and carries the authority's published text), it imports back as drafts, and hostile archives
// (zip bombs with honest and lying headers, paths out of the folder, too many entries, invalid
// UTF-8, a module in the wrong course, a broken course.yaml, no zip at all) are refused with a
// German message before anything is written.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, expect, it } from "vitest";
import { approveVersion, AuthoringError, copyBuiltIn, createCourse, createModule, exportArchive, importArchive, saveDraft, submitForReview, authoredModule } from "~/authoring/authoring.server";
import { catalogForAuthority } from "~/courses/authority-catalog.server";
import { ArchiveError, readArchive, zipLimits } from "~/authoring/zip.server";
import { getCatalog, readCatalog } from "~/courses/catalog.server";
import { getCompiledModule, prepareModules } from "~/courses/modules.server";
import type { Queryable } from "~/db/client.server";
import { authoredCourses, authoredModules } from "~/db/schema";
import de from "~/i18n/locales/authoring.de";
import { describeEachDb } from "./support/db";
import { createAuthority, createPerson } from "./support/fixtures";

const COURSE = "kommunikation-beratung";
const MODULE = "aktiv-zuhoeren";

async function setup(db: Queryable) {
  const authority = await createAuthority(db);
  const mk = async () => {
    const p = await createPerson(db, { authorityId: authority.id, roles: ["employee", "editor"] });
    return { id: p.id, authorityId: authority.id, roles: ["employee", "editor"] as ("employee" | "editor")[] };
  };
  return { author: await mk(), reviewer: await mk() };
}

const source = () => getCatalog().sources.get(`${COURSE}/${MODULE}`)!;
const zip = (files: Record<string, string | Uint8Array>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? strToU8(v) : v])));

/** What an archive case is, its files, and what the refusal must say. */
type RefusedCase = [what: string, files: Record<string, string | Uint8Array>, message: RegExp];

/** Each archive is refused with an AuthoringError that says `message`, and the authority has no module and no course afterwards. */
async function expectRefusedWithoutWrites(db: Queryable, author: Awaited<ReturnType<typeof setup>>["author"], cases: RefusedCase[]) {
  for (const [what, files, message] of cases) {
    let caught: unknown;
    await db.transaction((tx) => importArchive(tx, author, zip(files))).catch((error) => (caught = error));
    expect(caught, what).toBeInstanceOf(AuthoringError);
    expect((caught as AuthoringError).problems.map((p) => p.message).join("\n"), what).toMatch(message);
    expect(await db.select().from(authoredModules).where(eq(authoredModules.authorityId, author.authorityId)), what).toHaveLength(0);
    expect(await db.select().from(authoredCourses).where(eq(authoredCourses.authorityId, author.authorityId)), what).toHaveLength(0);
  }
}

/** The code of the refusal (ArchiveError or AuthoringError), or "ok". */
const refusal = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (error instanceof ArchiveError) return error.code;
    throw error;
  }
};

it("refuses hostile archives while unpacking, each with a German message", () => {
  const mdx = source();
  // An honest zip bomb: 50 MB of zeros pack into some 50 KB.
  const bomb = zip({ [`${COURSE}/${MODULE}.mdx`]: new Uint8Array(50_000_000) });
  expect(bomb.length).toBeLessThan(zipLimits.maxArchiveBytes);
  expect(refusal(() => readArchive(bomb))).toBe("entryTooLarge");
  // A lying one: the headers claim 100 bytes; the real inflated size is what counts.
  const liar = zip({ [`${COURSE}/${MODULE}.mdx`]: new Uint8Array(50_000_000) });
  const view = new DataView(liar.buffer);
  for (let i = 0; i + 4 <= liar.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, 100, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, 100, true);
  }
  const started = performance.now();
  expect(refusal(() => readArchive(liar))).toBe("entryTooLarge");
  expect(performance.now() - started).toBeLessThan(5_000);
  // Many small files adding up.
  const many = zip(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`${COURSE}/m-${i}.mdx`, "x".repeat(140_000)])));
  expect(refusal(() => readArchive(many))).toBe("tooLarge");
  expect(refusal(() => readArchive(zip(Object.fromEntries(Array.from({ length: zipLimits.maxEntries + 1 }, (_, i) => [`${COURSE}/m-${i}.mdx`, "x"])))))).toBe("tooMany");
  for (const name of ["../aktiv-zuhoeren.mdx", `${COURSE}/../../etc/passwd`, "/etc/passwd", `${COURSE}\\${MODULE}.mdx`, `${COURSE}/${MODULE}.js`, `${COURSE}/sub/${MODULE}.mdx`, `${COURSE}/.${MODULE}.mdx`, "C:/x/y.mdx"])
    expect(refusal(() => readArchive(zip({ [name]: mdx }))), name).toBe("path");
  expect(refusal(() => readArchive(strToU8("PK\u0003\u0004 kaputt")))).toBe("notZip");
  expect(refusal(() => readArchive(strToU8(mdx)))).toBe("notZip");
  expect(refusal(() => readArchive(new Uint8Array(zipLimits.maxArchiveBytes + 1)))).toBe("tooLarge");
  expect(refusal(() => readArchive(zip({ [`${COURSE}/course.yaml`]: "id: x" })))).toBe("empty");
  // Every code has a German message.
  for (const code of ["tooLarge", "tooMany", "entryTooLarge", "path", "notZip", "empty"] as const) expect(de.errors.zip[code]).toMatch(/\S/);
  // The repository layout with or without the leading courses/ is read.
  expect(readArchive(zip({ [`courses/${COURSE}/${MODULE}.mdx`]: mdx }))[0]).toMatchObject({ course: COURSE, name: `${MODULE}.mdx` });
});

describeEachDb("authoring archives", ({ database }) => {
  const db = () => database().db;
  beforeAll(async () => {
    if (!getCompiledModule(COURSE, MODULE)) await prepareModules();
  }, 300_000);

  it("exports a course folder that courses/ reads, with the published text, and imports it back as drafts", async () => {
    const { author, reviewer } = await setup(db());
    const id = await copyBuiltIn(db(), author, COURSE, MODULE);
    const draft = await authoredModule(db(), author, id);
    const rev = await saveDraft(db(), author, id, draft.draftSource.replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", "title: Aktiv zuhören im Archiv"), draft.draftRevision);
    await approveVersion(db(), reviewer, (await submitForReview(db(), author, id, rev)).id);
    const archive = await exportArchive(db(), author, COURSE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-zip-"));
    try {
      for (const [name, bytes] of Object.entries(unzipSync(archive.bytes))) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), bytes);
      }
      const catalog = readCatalog(dir);
      expect(catalog.errors).toEqual([]);
      expect(catalog.courses[0].modules.map((m) => m.id)).toEqual(getCatalog().courses.find((c) => c.id === COURSE)!.modules.map((m) => m.id));
      expect(catalog.courses[0].modules.find((m) => m.id === MODULE)!.title).toBe("Aktiv zuhören im Archiv");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // One module's archive (its draft) goes into another authority as a draft.
    const single = await exportArchive(db(), author, COURSE, { moduleId: MODULE, drafts: true });
    expect(Object.keys(unzipSync(single.bytes)).sort()).toEqual([`${COURSE}/${MODULE}.mdx`, `${COURSE}/course.yaml`]);
    const other = await setup(db());
    const [imported] = await db().transaction((tx) => importArchive(tx, other.author, single.bytes));
    expect((await authoredModule(db(), other.author, imported)).draftSource).toContain("title: Aktiv zuhören im Archiv");
  });

  it("writes nothing when one file of an archive is refused", async () => {
    const { author } = await setup(db());
    const good = source();
    const cases: RefusedCase[] = [
      ["invalid UTF-8", { [`${COURSE}/${MODULE}.mdx`]: good, [`${COURSE}/verstaendliche-sprache.mdx`]: new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0xff]) }, /UTF-8/],
      ["a module in the wrong course folder", { [`${COURSE}/${MODULE}.mdx`]: good, [`service-und-verfahren/${MODULE}.mdx`]: good }, /kein Modul des Kurses „service-und-verfahren“/],
      ["a course.yaml of another folder", { [`${COURSE}/course.yaml`]: "id: anders\ntitle: x\nsummary: y\nlanguage: de\nmodules: [a]\n", [`${COURSE}/${MODULE}.mdx`]: good }, /course\.yaml/],
      ["a broken course.yaml", { [`${COURSE}/course.yaml`]: "id: [", [`${COURSE}/${MODULE}.mdx`]: good }, /Kopfdaten \(YAML\)/],
    ];
    await expectRefusedWithoutWrites(db(), author, cases);
  });

  it("an archive of the authority's own course carries its course.yaml; importing it elsewhere creates the course with its title and module order", async () => {
    const { author, reviewer } = await setup(db());
    const slug = `vor-ort-${crypto.randomUUID().slice(0, 8)}`;
    await createCourse(db(), author, { slug, title: "Unsere Abläufe", summary: "Wie wir arbeiten." });
    const write = async (moduleId: string, title: string) => {
      const id = await createModule(db(), author, { courseId: slug, slug: moduleId, title, summary: "S", competence: "c.active-listening" });
      const text = source().replace(`id: ${MODULE}`, `id: ${moduleId}`).replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", `title: ${title}`);
      await approveVersion(db(), reviewer, (await submitForReview(db(), author, id, await saveDraft(db(), author, id, text, 1))).id);
    };
    const a = `erstes-${crypto.randomUUID().slice(0, 6)}`;
    const b = `zweites-${crypto.randomUUID().slice(0, 6)}`;
    await write(a, "Erstes Modul");
    await write(b, "Zweites Modul");
    const archive = await exportArchive(db(), author, slug);
    const files = unzipSync(archive.bytes);
    expect(Object.keys(files).sort()).toEqual([`${slug}/${a}.mdx`, `${slug}/${b}.mdx`, `${slug}/course.yaml`].sort());
    // The receiving authority gets the course with the archive's title and the order its course.yaml gives (reversed here).
    const other = await setup(db());
    const yaml = `id: ${slug}\ntitle: Abläufe aus dem Nachbarkreis\nsummary: Übernommen.\nlanguage: de\nmodules:\n  - ${b}\n  - ${a}\n`;
    const ids = await db().transaction((tx) => importArchive(tx, other.author, zip({ ...Object.fromEntries(Object.entries(files).filter(([k]) => k.endsWith(".mdx"))), [`${slug}/course.yaml`]: yaml })));
    expect(ids).toHaveLength(2);
    const [course] = await db().select().from(authoredCourses).where(eq(authoredCourses.authorityId, other.author.authorityId));
    expect(course).toMatchObject({ courseId: slug, title: "Abläufe aus dem Nachbarkreis", summary: "Übernommen." });
    const rows = await db().select({ moduleId: authoredModules.moduleId, position: authoredModules.position }).from(authoredModules).where(eq(authoredModules.authorityId, other.author.authorityId)).orderBy(authoredModules.position);
    expect(rows.map((r) => r.moduleId)).toEqual([b, a]);
    // Drafts only: learners of the receiving authority see nothing until its editors publish.
    expect((await catalogForAuthority(db(), other.author.authorityId)).course(slug)).toBeUndefined();
    // Importing it again updates the title and saves the drafts (no second course, no copies).
    const again = `id: ${slug}\ntitle: Neuer Titel\nsummary: Übernommen.\nlanguage: de\nmodules:\n  - ${a}\n  - ${b}\n`;
    await db().transaction((tx) => importArchive(tx, other.author, zip({ ...Object.fromEntries(Object.entries(files).filter(([k]) => k.endsWith(".mdx"))), [`${slug}/course.yaml`]: again })));
    expect((await db().select().from(authoredCourses).where(eq(authoredCourses.authorityId, other.author.authorityId))).map((c) => c.title)).toEqual(["Neuer Titel"]);
    const reordered = await db().select({ moduleId: authoredModules.moduleId }).from(authoredModules).where(eq(authoredModules.authorityId, other.author.authorityId)).orderBy(authoredModules.position);
    expect(reordered.map((r) => r.moduleId)).toEqual([a, b]);
  });

  it("refuses an own-course archive that does not add up, writing nothing", async () => {
    const { author } = await setup(db());
    const slug = `fremd-${crypto.randomUUID().slice(0, 8)}`;
    const mod = (id: string) => source().replace(`id: ${MODULE}`, `id: ${id}`);
    const yaml = (modules: string[], extra = "") => `id: ${slug}\ntitle: Kurs\nsummary: S.\nlanguage: de\nmodules: [${modules.join(", ")}]\n${extra}`;
    const cases: RefusedCase[] = [
      ["a new course without course.yaml", { [`${slug}/eins.mdx`]: mod("eins") }, /braucht das Archiv seine course\.yaml/],
      ["a module file not listed", { [`${slug}/course.yaml`]: yaml(["eins"]), [`${slug}/eins.mdx`]: mod("eins"), [`${slug}/zwei.mdx`]: mod("zwei") }, /fehlt in der Modulliste/],
      ["a listed module that is nowhere", { [`${slug}/course.yaml`]: yaml(["eins", "drei"]), [`${slug}/eins.mdx`]: mod("eins") }, /weder im Archiv noch im Kurs/],
      ["an id that is not the file name", { [`${slug}/course.yaml`]: yaml(["eins"]), [`${slug}/eins.mdx`]: mod("zwei") }, /Dateinamen/],
      ["a built-in module in an own course", { [`${slug}/course.yaml`]: yaml([MODULE]), [`${slug}/${MODULE}.mdx`]: source() }, /kein Modul des Kurses/],
      ["an overlong title", { [`${slug}/course.yaml`]: `id: ${slug}\ntitle: ${"T".repeat(200)}\nsummary: S.\nlanguage: de\nmodules: [eins]\n`, [`${slug}/eins.mdx`]: mod("eins") }, /höchstens 120/],
      ["an overlong course folder", { [`${"k".repeat(70)}/eins.mdx`]: mod("eins") }, /zu lang/],
    ];
    await expectRefusedWithoutWrites(db(), author, cases);
  });
});
