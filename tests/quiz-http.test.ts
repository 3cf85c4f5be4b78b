// The quiz over HTTP against the production server: the page and its .data show only the drawn
// items; a failed attempt's result (HTML and .data) explains only the options the learner chose,
// never the key of the others; someone else's draw and an early retake are refused with
// nothing written; a passed module opens on its status, with an explicit retake.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDraw } from "~/courses/draws.server";
import { displayValue } from "~/courses/draw";
import type { QuizKey } from "~/courses/grading";
import { getCompiledModule } from "~/courses/modules.server";
import { getDb } from "~/db/client.server";
import { people } from "~/db/schema";
import { getSettings, saveSettings } from "~/org/settings.server";
import { databaseChecksum, get, h, post, startInProcessServer } from "./support/http-server";
import { testPort } from "./support/ports";

const anna = "anna.schmidt@musterstadt.example";
const mehmet = "mehmet.demir@musterstadt.example";
const courseId = "kommunikation-beratung";
const moduleId = "aktiv-zuhoeren";
const modulePath = `/courses/${courseId}/${moduleId}`;

const unescapeHtml = (text: string) => text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const unescapeJs = (text: string) => text.replace(/\\u([0-9a-fA-F]{4})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16))).replace(/\\"/g, '"');

describe("the quiz over HTTP", () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  let cookie: string;
  let annaId: string;
  let authorityId: string;
  const where = () => ({ authorityId, personId: annaId, courseId, moduleId });

  beforeAll(async () => {
    server = await startInProcessServer(testPort("quizHttp"));
    cookie = await h.signIn(server.url, anna);
    const [row] = await getDb().select({ id: people.id, authorityId: people.authorityId }).from(people).where(eq(people.email, anna));
    annaId = row.id;
    authorityId = row.authorityId;
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  /** Opens the module page; returns the draw it shows (from the database) and the form's hidden fields. */
  async function openQuiz(path = modulePath) {
    const html = await (await get(server.url, path, cookie)).text();
    const submissionId = h.hiddenValue(html, "submissionId")!;
    const contentHash = h.hiddenValue(html, "contentHash")!;
    const draw = (await findDraw(getDb(), where(), submissionId))!;
    return { html, submissionId, contentHash, draw };
  }

  /** The form a learner sends choosing, per drawn item, the option `pick` selects from the key. */
  function formFor(opened: Awaited<ReturnType<typeof openQuiz>>, key: QuizKey, pick: (q: QuizKey["questions"][number]) => string[]) {
    const body = new URLSearchParams({ intent: "quiz", submissionId: opened.submissionId, contentHash: opened.contentHash });
    for (const item of opened.draw.items) {
      const q = key.questions.find((x) => x.id === item.id)!;
      for (const value of pick(q)) body.append(`q-${q.id}`, displayValue(item.options.indexOf(value)));
    }
    return body;
  }

  it("a failed attempt's result page and its .data explain only the chosen options", async () => {
    const key = getCompiledModule(courseId, moduleId)!.key;
    const opened = await openQuiz();
    // The form shows display values only, in the drawn order.
    const firstItem = opened.draw.items[0];
    const values = [...opened.html.matchAll(new RegExp(`name="q-${firstItem.id}" value="([a-z])"`, "g"))].map((m) => m[1]);
    expect(values).toEqual(firstItem.options.map((_, i) => displayValue(i)));
    const worst = (q: QuizKey["questions"][number]) => [q.options.find((o) => (q.kind === "judgement" ? o.points === 0 : !o.correct))!.value];
    const response = await post(server.url, modulePath, formFor(opened, key, worst), cookie);
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    const attemptId = /attempt=([0-9a-f-]{36})/.exec(location)![1];
    const html = unescapeHtml(await (await get(server.url, `${modulePath}?attempt=${attemptId}`, cookie)).text());
    const data = unescapeJs(await (await get(server.url, `${modulePath}.data?attempt=${attemptId}`, cookie)).text());
    expect(html).toContain("Nicht bestanden");
    for (const item of opened.draw.items) {
      const q = key.questions.find((x) => x.id === item.id)!;
      const chosen = new Set(worst(q));
      for (const option of q.options) {
        if (chosen.has(option.value)) {
          expect(html, `explanation of the chosen option of ${q.id}`).toContain(option.explanation);
          expect(data).toContain(option.explanation);
        } else {
          expect(html, `explanation of an option not chosen in ${q.id}`).not.toContain(option.explanation);
          expect(data, `explanation of an option not chosen in ${q.id}`).not.toContain(option.explanation);
        }
      }
    }
    // The result says per competence where the person stands.
    expect(html).toContain("Was sich an Ihren Kompetenzen ändert");
  });

  it("refuses someone else's draw and an early retake, writing nothing", async () => {
    const key = getCompiledModule(courseId, moduleId)!.key;
    const opened = await openQuiz();
    const best = (q: QuizKey["questions"][number]) => (q.kind === "judgement" ? [q.options.find((o) => o.points === 2)!.value] : q.options.filter((o) => o.correct).map((o) => o.value));
    const mehmetCookie = await h.signIn(server.url, mehmet);
    // The refusal page's loader records Mehmet's own opening and draw; the action writes nothing.
    // Opening a module page records the opening (and its xAPI statement) and draws the questions.
    const loaderWrites = ["login_attempts", "module_progress", "quiz_draws", "xapi_statements"];
    let before = await databaseChecksum(loaderWrites);
    const stolen = await post(server.url, modulePath, formFor(opened, key, best), mehmetCookie);
    expect(stolen.status).toBe(400);
    expect(await databaseChecksum(loaderWrites)).toEqual(before);
    expect((await findDraw(getDb(), where(), opened.submissionId))?.submittedAt).toBeNull();

    // The admin asks for 60 minutes after a failed attempt (the previous test failed one);
    // an impossible value is refused with the field's message.
    const settings = await getSettings(getDb(), authorityId);
    const adminCookie = await h.signIn(server.url, "admin@musterstadt.example");
    const settingsForm = (wait: string) =>
      new URLSearchParams({
        ...(settings.leadsSeeIndividualProfiles ? { leadsSeeIndividualProfiles: "on" } : {}),
        ...(settings.observedAssessments ? { observedAssessments: "on" } : {}),
        ...(settings.perPersonReports ? { perPersonReports: "on" } : {}),
        minGroupSize: String(settings.minGroupSize),
        auditRetentionMonths: String(settings.auditRetentionMonths),
        leaverRetentionMonths: String(settings.leaverRetentionMonths),
        retakeWaitMinutes: wait,
      });
    const refused = await post(server.url, "/admin/settings", settingsForm("-5"), adminCookie);
    expect(refused.status).toBe(400);
    expect(unescapeHtml(await refused.text())).toContain("zwischen 0 und 10080");
    expect((await post(server.url, "/admin/settings", settingsForm("60"), adminCookie)).status).toBe(302);
    expect(await getSettings(getDb(), authorityId)).toEqual({ ...settings, retakeWaitMinutes: 60 });
    // Every employee can read the setting on the privacy page.
    expect(unescapeHtml(await (await get(server.url, "/privacy", cookie)).text())).toMatch(/Wartezeit vor einer Wiederholung[^]*?<td>60<\/td>/);
    try {
      before = await databaseChecksum();
      const early = await post(server.url, modulePath, formFor(opened, key, best), cookie);
      expect(early.status).toBe(429);
      expect(unescapeHtml(await early.text())).toMatch(/nächste Versuch ab/);
      expect(await databaseChecksum()).toEqual(before);
      // The failed attempt's result says when the next attempt is possible, without a retry button.
      const attempts = await (await get(server.url, modulePath, cookie)).text();
      const failedId = /\?attempt=([0-9a-f-]{36})/.exec(attempts)![1];
      const failedPage = unescapeHtml(await (await get(server.url, `${modulePath}?attempt=${failedId}`, cookie)).text());
      expect(failedPage).toMatch(/nächste Versuch ab/);
      expect(failedPage).not.toContain("Quiz erneut beantworten");
      // The page says when the next attempt is possible; a new draw is not made during the wait.
      const waiting = unescapeHtml(await (await get(server.url, modulePath, cookie)).text());
      expect(waiting).toMatch(/nächste Versuch ab/);
      expect(h.hiddenValue(waiting, "submissionId")).toBeNull();
    } finally {
      await saveSettings(getDb(), authorityId, { ...settings, retakeWaitMinutes: 0 });
    }
  });

  it("a passed module opens on its status with an explicit retake, which draws a new quiz", async () => {
    const key = getCompiledModule(courseId, moduleId)!.key;
    const opened = await openQuiz();
    const best = (q: QuizKey["questions"][number]) => (q.kind === "judgement" ? [q.options.find((o) => o.points === 2)!.value] : q.options.filter((o) => o.correct).map((o) => o.value));
    expect((await post(server.url, modulePath, formFor(opened, key, best), cookie)).status).toBe(302);
    const status = unescapeHtml(await (await get(server.url, modulePath, cookie)).text());
    expect(status).toContain("Sie haben dieses Modul bestanden");
    expect(status).toMatch(/Bestanden am .* mit 100 %/);
    expect(h.hiddenValue(status, "submissionId")).toBeNull();
    const retake = await openQuiz(`${modulePath}?retake=1`);
    expect(retake.draw.id).not.toBe(opened.draw.id);
    expect(retake.draw.submittedAt).toBeNull();
  });
});
