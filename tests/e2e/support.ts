// Shared steps for the end-to-end specs: signing in through the real form, axe checks, quiz
// answer keys.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { QuizKey } from "../../app/courses/grading";

export const demoPassword = "horizont-demo";

/** The e2e server's origin (playwright.config.ts): the sign-in POST carries it as a browser would. */
const origin = `http://localhost:${Number(process.env.E2E_PORT ?? 3210)}`;

/**
 * Signs in through the sign-in action with the fields the form posts, in the page's own browser
 * context (its cookie jar takes the session), and opens the start page. The form itself (typing,
 * errors, the language switch, throttling) is the subject of platform.spec's sign-in stories;
 * every other story only needs a signed-in person, and rendering and typing into the form cost
 * each of them a page load.
 */
export async function signIn(page: Page, email: string, password = demoPassword) {
  const response = await page.request.post("/login", { form: { email, password }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(response.status(), `signing in as ${email}`).toBe(302);
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
}

/**
 * Waits until the page is live (hydrated, its listeners attached: app/root.tsx marks <html>).
 * Keys pressed before that move focus in the server-rendered page that nothing listens to yet.
 */
export async function waitUntilLive(page: Page) {
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1, { timeout: 30_000 });
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Abmelden" }).click();
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
}

/**
 * Fails on serious or critical axe findings (WCAG 2.1 A/AA rules). `exclude`: a CSS selector of
 * parts left out (repeats of markup already checked on the same page).
 */
export async function expectNoSeriousAxeViolations(page: Page, options: { exclude?: string } = {}) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (options.exclude) builder = builder.exclude(options.exclude);
  const results = await builder.analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

const root = path.resolve(import.meta.dirname, "../..");
const cacheDir = path.resolve(root, process.env.COURSE_CACHE_DIR ?? ".cache/courses");

/**
 * The answer key the server holds for the version the page shows: read from the server's cache
 * (the test knows it; the browser must not).
 */
export async function keyOf(request: APIRequestContext, courseId: string, moduleId: string): Promise<QuizKey> {
  // ?retake=1: a passed module opens on its status; the quiz view names the module's code file.
  const html = await (await request.get(`/courses/${courseId}/${moduleId}?retake=1`)).text();
  const hash = new RegExp(`/course-code/${courseId}/${moduleId}\\.([0-9a-f]{20})\\.js`).exec(html)![1];
  return JSON.parse(fs.readFileSync(path.join(cacheDir, courseId, `${moduleId}.${hash}.key.json`), "utf8")).key;
}

/**
 * Ticks the best (all correct / full points) or worst answers of the quiz on the page. The page
 * shows only the items drawn for this attempt, options shuffled, with display values ("a", "b", …):
 * the options are found by their text within each drawn question.
 */
export async function answer(page: Page, key: QuizKey, how: "best" | "worst") {
  // Wait for the open quiz (after a client-side navigation the previous page may still show).
  await expect(page.locator("form.quiz__form")).toBeVisible();
  let answered = 0;
  for (const q of key.questions) {
    if ((await page.locator(`input[name="q-${q.id}"]`).count()) === 0) continue; // not drawn this time
    const options =
      how === "best"
        ? q.kind === "judgement"
          ? [q.options.find((o) => o.points === 2)!]
          : q.options.filter((o) => o.correct)
        : [q.options.find((o) => (q.kind === "judgement" ? o.points === 0 : !o.correct))!];
    // Checkboxes ticked earlier (e.g. before a refused submit) would change a multiple-choice answer.
    if (q.kind === "multiple") for (const box of await page.locator(`input[name="q-${q.id}"]`).all()) await box.uncheck();
    for (const option of options)
      await page
        .locator(`label:has(input[name="q-${q.id}"])`)
        .filter({ has: page.getByText(option.text, { exact: true }) })
        .locator("input")
        .check();
    answered++;
  }
  expect(answered, "the page shows drawn quiz items").toBeGreaterThan(0);
}
