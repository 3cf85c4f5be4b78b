// Shared steps for the end-to-end specs: signing in through the real form, axe checks, quiz
// answer keys.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { QuizKey } from "../../app/courses/grading";

export const demoPassword = "horizont-demo";

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/login");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Abmelden" }).click();
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
}

/** Fails on serious or critical axe findings (WCAG 2.1 A/AA rules). */
export async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
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
  const html = await (await request.get(`/courses/${courseId}/${moduleId}`)).text();
  const hash = new RegExp(`/course-code/${courseId}/${moduleId}\\.([0-9a-f]{20})\\.js`).exec(html)![1];
  return JSON.parse(fs.readFileSync(path.join(cacheDir, courseId, `${moduleId}.${hash}.key.json`), "utf8")).key;
}

/** Ticks the best (all correct / full points) or worst answers of the quiz on the page. */
export async function answer(page: Page, key: QuizKey, how: "best" | "worst") {
  for (const q of key.questions) {
    const values =
      how === "best"
        ? q.kind === "judgement"
          ? [q.options.find((o) => o.points === 2)!.value]
          : q.options.filter((o) => o.correct).map((o) => o.value)
        : [q.options.find((o) => (q.kind === "judgement" ? o.points === 0 : !o.correct))!.value];
    for (const value of values) await page.locator(`input[name="q-${q.id}"][value="${value}"]`).check();
  }
}
