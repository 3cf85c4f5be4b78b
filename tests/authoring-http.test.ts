// The authoring story over HTTP against the production server: an editor copies a built-in
// module, changes text and a quiz item, previews it (no answer key in the page or its .data), a
// second editor approves, Anna takes the new version and passes, and her evidence points at an
// attempt on that version. Hostile input is refused with 4xx and nothing written; non-editors get 403.
import { and, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayValue } from "~/courses/draw";
import type { QuizKey } from "~/courses/grading";
import { getDb } from "~/db/client.server";
import { getCatalog } from "~/courses/catalog.server";
import { authoredCourses, authoredModules, authoredModuleVersions, evidence, people, quizAttempts } from "~/db/schema";
import { databaseChecksum, get, h, post, startInProcessServer } from "./support/http-server";
import { testPort } from "./support/ports";

const courseId = "kommunikation-beratung";
const moduleId = "aktiv-zuhoeren";

describe("authoring over HTTP", () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  let editor: string;
  let reviewer: string;
  let anna: string;
  let id: string;

  beforeAll(async () => {
    server = await startInProcessServer(testPort("authoringHttp"));
    editor = await h.signIn(server.url, "fortbildung@musterstadt.example");
    reviewer = await h.signIn(server.url, "hr@musterstadt.example");
    anna = await h.signIn(server.url, "anna.schmidt@musterstadt.example");
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  it("is for editors only", async () => {
    expect((await get(server.url, "/authoring", anna)).status).toBe(403);
    expect((await post(server.url, "/authoring", new URLSearchParams({ intent: "copy", module: `${courseId}/${moduleId}` }), anna)).status).toBe(403);
    expect((await get(server.url, "/authoring", null)).status).toBe(302);
    const page = await get(server.url, "/authoring", editor);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("In unsere Bibliothek kopieren");
  });

  it("copy, edit text and a quiz item, preview, review by a second editor, Anna passes the new version", async () => {
    const copied = await post(server.url, "/authoring", new URLSearchParams({ intent: "copy", module: `${courseId}/${moduleId}` }), editor);
    expect(copied.status).toBe(302);
    id = copied.headers.get("location")!.split("/").pop()!;
    const [row] = await getDb().select().from(authoredModules).where(eq(authoredModules.id, id));
    const edited = row.draftSource
      .replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", "title: Aktiv zuhören am Schalter in Musterstadt")
      .replace("Was ist das wichtigste Ziel einer Paraphrase im Beratungsgespräch?", "Wozu dient eine Paraphrase im Gespräch am Schalter in Musterstadt?");
    const saved = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "save", source: edited, revision: String(row.draftRevision) }), editor);
    expect(saved.status).toBe(302);
    // Preview: the changed text is there, the answer key is not (the editor's own text field holds
    // it, of course; the rendered preview and its code file do not).
    const html = await (await get(server.url, `/authoring/${id}`, editor)).text();
    const previewHtml = html.slice(html.indexOf('id="preview-title"'), html.indexOf('id="versions-title"'));
    expect(previewHtml).toContain("Wozu dient eine Paraphrase im Gespräch am Schalter in Musterstadt?");
    const [draft] = await getDb().select().from(authoredModules).where(eq(authoredModules.id, id));
    const explanations = [...draft.draftSource.matchAll(/explanation="([^"]+)"/g)].map((m) => m[1]);
    expect(explanations.length).toBeGreaterThan(10);
    for (const text of explanations) expect(previewHtml).not.toContain(text.slice(0, 40));
    const codeUrl = /src="(\/authoring\/preview-code\/[^"]+)"/.exec(html)![1];
    const code = await (await get(server.url, codeUrl, editor)).text();
    for (const text of explanations) expect(code).not.toContain(text.slice(0, 40));
    // Trying the preview quiz writes nothing.
    const before = await databaseChecksum(["login_attempts", "sessions", "audit_log"]);
    const tried = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "quiz", contentHash: h.hiddenValue(html, "contentHash")! }), editor);
    expect(tried.status).toBe(200);
    expect(await databaseChecksum(["login_attempts", "sessions", "audit_log"])).toEqual(before);
    // Send to review; the author cannot approve, the second editor can.
    const submitted = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "submit", revision: String(draft.draftRevision) }), editor);
    expect(submitted.status).toBe(302);
    const [version] = await getDb().select().from(authoredModuleVersions).where(eq(authoredModuleVersions.authoredModuleId, id));
    const own = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "approve", versionId: version.id }), editor);
    expect(own.status).toBe(400);
    expect(await own.text()).toContain("ownVersion");
    expect((await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "approve", versionId: version.id }), reviewer)).status).toBe(302);
    // Anna opens the module: the new version, with its code file.
    const modulePath = `/courses/${courseId}/${moduleId}`;
    const page = await (await get(server.url, modulePath, anna)).text();
    expect(page).toContain("Aktiv zuhören am Schalter in Musterstadt");
    expect(page).toContain("Angepasste Fassung 1 Ihrer Behörde");
    const contentHash = h.hiddenValue(page, "contentHash")!;
    expect(contentHash).toBe(version.contentHash);
    const learnerCode = /src="(\/course-code\/[^"]+)"/.exec(page)![1];
    expect((await get(server.url, learnerCode, anna)).status).toBe(200);
    const pageData = await (await get(server.url, `${modulePath}.data`, anna)).text();
    const learnerScript = await (await get(server.url, learnerCode, anna)).text();
    for (const text of explanations) {
      expect(page).not.toContain(text.slice(0, 40));
      expect(pageData).not.toContain(text.slice(0, 40));
      expect(learnerScript).not.toContain(text.slice(0, 40));
    }
    // She answers every drawn item correctly and passes.
    const submissionId = h.hiddenValue(page, "submissionId")!;
    const key = (version.compiledKey as { key: QuizKey }).key;
    const [annaRow] = await getDb().select().from(people).where(eq(people.email, "anna.schmidt@musterstadt.example"));
    const { quizDraws } = await import("~/db/schema");
    const [draw] = await getDb().select().from(quizDraws).where(eq(quizDraws.id, submissionId));
    const body = new URLSearchParams({ intent: "quiz", submissionId, contentHash });
    for (const item of draw.items) {
      const q = key.questions.find((x) => x.id === item.id)!;
      const best = q.kind === "judgement" ? q.options.filter((o) => o.points === 2) : q.options.filter((o) => o.correct);
      for (const o of best.slice(0, q.kind === "multiple" ? undefined : 1)) body.append(`q-${q.id}`, displayValue(item.options.indexOf(o.value)));
    }
    const graded = await post(server.url, modulePath, body, anna);
    expect(graded.status).toBe(302);
    const [attempt] = await getDb().select().from(quizAttempts).where(and(eq(quizAttempts.personId, annaRow.id), eq(quizAttempts.moduleId, moduleId)));
    expect(attempt.passed).toBe(true);
    expect(attempt.contentHash).toBe(version.contentHash);
    const earned = await getDb().select().from(evidence).where(eq(evidence.attemptId, attempt.id));
    expect(earned.length).toBeGreaterThan(0);
    // Her profile names the module as the authority titled it and the version she passed.
    const profile = await (await get(server.url, "/profile", anna)).text();
    expect(profile).toMatch(/Aktiv zuhören am Schalter in Musterstadt<\/a>(<!-- -->)?\s*\(Fassung 1\)/);
    // A lead's assignment form offers it under that title too.
    const lead = await h.signIn(server.url, "lea.yilmaz@musterstadt.example");
    const team = await (await get(server.url, "/team", lead)).text();
    expect(team).toContain("Aktiv zuhören am Schalter in Musterstadt");
    expect(team).not.toContain("Aktiv zuhören – auch über Sprachgrenzen hinweg");
  });

  it("refuses hostile drafts, stale saves and bad requests with 4xx, writing nothing", async () => {
    const [row] = await getDb().select().from(authoredModules).where(eq(authoredModules.id, id));
    const hostile = row.draftSource.replace("## Worum", '<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n{process.exit()}\n\n## Worum');
    expect((await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "save", source: hostile, revision: String(row.draftRevision) }), editor)).status).toBe(302);
    const html = await (await get(server.url, `/authoring/${id}`, editor)).text();
    expect(html).toContain("Zeile ");
    expect(html).not.toContain("<script>alert(1)</script>");
    const before = await databaseChecksum(["login_attempts", "sessions", "audit_log"]);
    const submit = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "submit", revision: String(row.draftRevision + 1) }), editor);
    expect(submit.status).toBe(400);
    const stale = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "save", source: "anders", revision: String(row.draftRevision) }), reviewer);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Jemand anderes hat den Entwurf inzwischen gespeichert");
    const huge = await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "save", source: "a".repeat(300_000), revision: String(row.draftRevision + 1) }), editor);
    expect(huge.status).toBe(400);
    const invalidUtf8 = new FormData();
    invalidUtf8.set("intent", "import");
    invalidUtf8.set("file", new Blob([Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0xff])]), "kaputt.mdx");
    expect((await post(server.url, "/authoring", invalidUtf8, editor)).status).toBe(400);
    expect((await post(server.url, `/authoring/${id}`, new URLSearchParams({ intent: "nonsense" }), editor)).status).toBe(400);
    expect((await get(server.url, "/authoring/00000000-0000-4000-8000-000000000001", editor)).status).toBe(404);
    expect(await databaseChecksum(["login_attempts", "sessions", "audit_log"])).toEqual(before);
  });

  it("exports the draft as an .mdx file in the repository layout and imports it again", async () => {
    const exported = await get(server.url, `/authoring/${id}/export`, editor);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain(`filename="${moduleId}.mdx"`);
    expect(exported.headers.get("x-repository-path")).toBe(`courses/${courseId}/${moduleId}.mdx`);
    const text = await exported.text();
    expect(text).toMatch(/^---\nid: aktiv-zuhoeren/);
    const form = new FormData();
    form.set("intent", "import");
    form.set("file", new Blob([text.replace("minutes: 16", "minutes: 19")]), `${moduleId}.mdx`);
    const imported = await post(server.url, "/authoring", form, editor);
    expect(imported.status).toBe(302);
    const [row] = await getDb().select().from(authoredModules).where(eq(authoredModules.id, id));
    expect(row.draftSource).toContain("minutes: 19");
    expect((await get(server.url, `/authoring/${id}/export`, anna)).status).toBe(403);
  });

  it("saves the frontmatter form; a bad field is a 400 with its German message and writes nothing", async () => {
    const [row] = await getDb().select().from(authoredModules).where(eq(authoredModules.id, id));
    const page = await (await get(server.url, `/authoring/${id}`, editor)).text();
    expect(page).toContain('<legend>Kopfdaten</legend>');
    const form = (change: Record<string, string>) =>
      new URLSearchParams({
        intent: "save",
        revision: String(row.draftRevision),
        title: "Aktiv zuhören, Formular",
        summary: "Kurz.",
        minutes: "16",
        language: "de",
        passMark: "70",
        attemptSize: "8",
        leitziele: "2",
        "competences[0].id": "c.active-listening",
        "competences[0].level": "2",
        body: "Text",
        ...change,
      });
    const before = await databaseChecksum(["login_attempts", "sessions"]);
    for (const [change, message] of [
      [{ minutes: "600" }, "Bitte eine ganze Zahl von 5 bis 60 angeben."],
      [{ "competences[0].id": "k.telepathy" }, "Diese Kompetenz gibt es im Kompetenzrahmen nicht."],
      [{ "competences[0].level": "4" }, "Bitte Stufe 1 bis 2 wählen."],
      [{ title: "A\n---\nid: x" }, "Bitte in einer Zeile, ohne Zeilenumbruch."],
      [{ reviewedAt: "2026-13-45" }, "Bitte ein gültiges Datum angeben."],
    ] as const) {
      const response = await post(server.url, `/authoring/${id}`, form(change), editor);
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(await response.text()).toContain(message.replace(/"/g, ""));
    }
    expect(await databaseChecksum(["login_attempts", "sessions"])).toEqual(before);
    // A crafted request from another editor with the old revision is a conflict, as with the text.
    expect((await post(server.url, `/authoring/${id}`, form({}), editor)).status).toBe(302);
    expect((await post(server.url, `/authoring/${id}`, form({ title: "Später" }), reviewer)).status).toBe(409);
    const [saved] = await getDb().select().from(authoredModules).where(eq(authoredModules.id, id));
    expect(saved.draftSource).toMatch(/^---\nid: aktiv-zuhoeren\ntitle: Aktiv zuhören, Formular\n/);
    expect(saved.draftSource).toContain("competences:\n  c.active-listening: 2\n---\n\nText");
  });

  it("exports a course and a module as .zip and refuses a hostile archive with 400", async () => {
    const course = await get(server.url, `/authoring/courses/${courseId}/export`, editor);
    expect(course.status).toBe(200);
    expect(course.headers.get("content-type")).toBe("application/zip");
    expect((await get(server.url, `/authoring/courses/${courseId}/export`, anna)).status).toBe(403);
    expect((await get(server.url, `/authoring/courses/gibt-es-nicht/export`, editor)).status).toBe(404);
    const module = await get(server.url, `/authoring/${id}/export?format=zip`, editor);
    expect(module.status).toBe(200);
    const traversal = new FormData();
    traversal.set("intent", "import");
    traversal.set("file", new Blob([zipSync({ [`../${moduleId}.mdx`]: strToU8("---\nid: aktiv-zuhoeren\n---\n") })]), "kurs.zip");
    const before = await databaseChecksum(["login_attempts", "sessions", "audit_log"]);
    const refused = await post(server.url, "/authoring", traversal, editor);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("nicht in einen Kursordner");
    const bomb = new FormData();
    bomb.set("intent", "import");
    bomb.set("file", new Blob([zipSync({ [`${courseId}/${moduleId}.mdx`]: new Uint8Array(20_000_000) })]), "bombe.zip");
    expect((await post(server.url, "/authoring", bomb, editor)).status).toBe(400);
    expect(await databaseChecksum(["login_attempts", "sessions", "audit_log"])).toEqual(before);
    const back = new FormData();
    back.set("intent", "import");
    back.set("file", new Blob([new Uint8Array(await module.arrayBuffer())]), "modul.zip");
    expect((await post(server.url, "/authoring", back, editor)).status).toBe(302);
  });

  it("a new module in a new course: hostile fields refused with the field's error, double submits once, published to Anna, never seen by another authority", async () => {
    const slug = `vor-ort-${crypto.randomUUID().slice(0, 8)}`;
    const courseForm = (fields: Record<string, string>) => new URLSearchParams({ intent: "newCourse", submissionId: crypto.randomUUID(), slug, title: "Unsere Abläufe in Musterstadt", summary: "Termine, Ansprechstellen und Öffnungszeiten vor Ort.", ...fields });
    const before = await databaseChecksum(["login_attempts", "sessions", "audit_log"]);
    const refusals: [Record<string, string>, string][] = [
      [{ slug: "../etc" }, "Bitte nur Kleinbuchstaben"],
      [{ slug: "x".repeat(61) }, "Bitte nur Kleinbuchstaben"],
      [{ slug: courseId }, "mitgelieferter Kurs"],
      [{ title: "" }, "Bitte füllen Sie dieses Feld aus."],
      [{ title: "T".repeat(121) }, "höchstens 120 Zeichen"],
      [{ summary: "S".repeat(5000) }, "höchstens 400 Zeichen"],
      [{ title: "Zeile\nZweite" }, "in einer Zeile"],
    ];
    for (const [fields, message] of refusals) {
      const answer = await post(server.url, "/authoring", courseForm(fields), editor);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(await answer.text(), JSON.stringify(fields)).toContain(message);
    }
    expect((await post(server.url, "/authoring", courseForm({ title: "a\u0000b" }), editor)).status).toBe(400);
    expect((await post(server.url, "/authoring", courseForm({ submissionId: "nicht-uuid" }), editor)).status).toBe(400);
    expect(await databaseChecksum(["login_attempts", "sessions", "audit_log"])).toEqual(before);
    expect((await post(server.url, "/authoring", courseForm({}), anna)).status).toBe(403);

    // Double submit: the same submission twice leads to the same place, one course.
    const once = courseForm({});
    const first = await post(server.url, "/authoring", once, editor);
    const second = await post(server.url, "/authoring", once, editor);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await getDb().select().from(authoredCourses).where(eq(authoredCourses.courseId, slug))).toHaveLength(1);
    // The same slug in a new submission: taken.
    const again = await post(server.url, "/authoring", courseForm({}), editor);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("verwendet Ihre Behörde bereits");

    const moduleSlug = `termine-${crypto.randomUUID().slice(0, 8)}`;
    const moduleForm = (fields: Record<string, string>) =>
      new URLSearchParams({ intent: "newModule", submissionId: crypto.randomUUID(), course: slug, slug: moduleSlug, title: "Termine bei uns", summary: "Wie wir Termine vergeben.", competence: "c.active-listening", ...fields });
    for (const [fields, message] of [
      [{ course: "../gibt-es-nicht" }, "Diesen Kurs gibt es nicht"],
      [{ slug: moduleId }, "mitgeliefertes Modul"],
      [{ slug: "a/../b" }, "Bitte nur Kleinbuchstaben"],
      [{ competence: "nicht.da" }, "Diese Kompetenz gibt es"],
    ] as [Record<string, string>, string][]) {
      const answer = await post(server.url, "/authoring", moduleForm(fields), editor);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(await answer.text()).toContain(message);
    }
    const created = await post(server.url, "/authoring", moduleForm({}), editor);
    expect(created.status).toBe(302);
    const newId = created.headers.get("location")!.split("/").pop()!;
    // The workspace lists the course and the draft by their titles.
    const workspacePage = await (await get(server.url, "/authoring", editor)).text();
    expect(workspacePage).toContain("Unsere Abläufe in Musterstadt");
    expect(workspacePage).toContain("Termine bei uns");
    // Write it (a built-in module's text under the new id), submit, the second editor approves.
    const source = getCatalog().sources.get(`${courseId}/${moduleId}`)!.replace(`id: ${moduleId}`, `id: ${moduleSlug}`).replace("title: Aktiv zuhören – auch über Sprachgrenzen hinweg", "title: Termine bei uns");
    expect((await post(server.url, `/authoring/${newId}`, new URLSearchParams({ intent: "save", source, revision: "1" }), editor)).status).toBe(302);
    expect((await post(server.url, `/authoring/${newId}`, new URLSearchParams({ intent: "submit", revision: "2" }), editor)).status).toBe(302);
    const [version] = await getDb().select().from(authoredModuleVersions).where(eq(authoredModuleVersions.authoredModuleId, newId));
    // Not visible before the approval.
    expect((await get(server.url, `/courses/${slug}`, anna)).status).toBe(404);
    expect((await post(server.url, `/authoring/${newId}`, new URLSearchParams({ intent: "approve", versionId: version.id }), reviewer)).status).toBe(302);

    const courses = await (await get(server.url, "/courses", anna)).text();
    expect(courses).toContain("Unsere Abläufe in Musterstadt");
    const coursePage = await get(server.url, `/courses/${slug}`, anna);
    expect(coursePage.status).toBe(200);
    expect(await coursePage.text()).toContain("Termine bei uns");
    const modulePage = await get(server.url, `/courses/${slug}/${moduleSlug}`, anna);
    expect(modulePage.status).toBe(200);
    const moduleHtml = await modulePage.text();
    const learnerCode = /src="(\/course-code\/[^"]+)"/.exec(moduleHtml)![1];
    expect((await get(server.url, learnerCode, anna)).status).toBe(200);
    expect(await (await get(server.url, "/authoring", editor)).text()).toContain("Veröffentlicht: Fassung 1");

    // A learner of another authority: not listed, and every address is a 404.
    const paula = await h.signIn(server.url, "paula.meyer@beispielkreis.example");
    expect(await (await get(server.url, "/courses", paula)).text()).not.toContain("Unsere Abläufe in Musterstadt");
    expect((await get(server.url, `/courses/${slug}`, paula)).status).toBe(404);
    expect((await get(server.url, `/courses/${slug}/${moduleSlug}`, paula)).status).toBe(404);
    expect((await get(server.url, learnerCode, paula)).status).toBe(404);
    expect((await get(server.url, `/courses/${slug}/certificate`, paula)).status).toBe(404);
  });
});
