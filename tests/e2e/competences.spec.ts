// Jonas sees Anna's gap on /team, assigns a module, Anna sees it on My learning, opens it and
// passes its quiz; the assignment is fulfilled and Jonas's matrix changes. axe on /profile and /team.
import { expect, test, type Page } from "@playwright/test";
import { answer, expectNoSeriousAxeViolations, keyOf, signIn } from "./support";

/** The matrix cell of a member in a competence column, found by the header texts. */
async function matrixCell(page: Page, member: string, competence: string) {
  // Competence columns carry the full name (for screen readers) beside their short title; the
  // member's name is the row's first cell.
  const headers = await page.locator("table.matrix thead th.matrix-col").allTextContents();
  const column = headers.findIndex((h) => h.includes(competence)) + 1;
  expect(column).toBeGreaterThan(0);
  const row = page.locator("table.matrix tbody tr", { has: page.getByRole("rowheader", { name: member }) });
  return row.locator("th, td").nth(column);
}

test("a lead closes a member's gap: assignment on My learning, Anna passes the module, the matrix changes", async ({ browser }) => {
  const jonas = await (await browser.newContext()).newPage();
  await signIn(jonas, "jonas.weber@musterstadt.example");
  await jonas.goto("/team");
  await expect(jonas.getByRole("heading", { level: 1, name: "Mein Team" })).toBeVisible();
  const before = await matrixCell(jonas, "Schmidt, Anna", "Arbeiten mit Dolmetschenden");
  await expect(before).toHaveText("−1 (1)");
  await expectNoSeriousAxeViolations(jonas);

  // Assign the interpreters module to Anna.
  const assign = jonas.locator("form", { has: jonas.locator('input[name="intent"][value="assign"]') });
  await assign.getByLabel("Schmidt, Anna").check();
  await assign.getByLabel("Modul, Kurs oder Veranstaltung").selectOption("module:kommunikation-beratung/arbeiten-mit-dolmetschenden");
  await assign.getByLabel("Fällig am").fill("2031-03-31");
  await assign.getByRole("button", { name: "Zuweisen" }).click();
  await expect(jonas.getByRole("status")).toContainText("1 Zuweisung wurde angelegt.");

  // Anna sees it on My learning and her profile passes axe.
  const anna = await (await browser.newContext()).newPage();
  await signIn(anna, "anna.schmidt@musterstadt.example");
  await anna.goto("/");
  const assigned = anna.locator("section", { has: anna.getByRole("heading", { name: "Zugewiesen" }) });
  await expect(assigned.getByRole("link", { name: "Arbeiten mit Dolmetschenden und Sprachmittlung" })).toBeVisible();
  await expect(assigned).toContainText("31.03.2031");
  await anna.goto("/profile");
  await expect(anna.getByRole("heading", { level: 1, name: "Mein Profil" })).toBeVisible();
  await expectNoSeriousAxeViolations(anna);

  // Anna opens the module from My learning and passes its quiz (the real course engine).
  await anna.goto("/");
  await anna
    .locator("section", { has: anna.getByRole("heading", { name: "Zugewiesen" }) })
    .getByRole("link", { name: "Arbeiten mit Dolmetschenden und Sprachmittlung" })
    .click();
  await expect(anna).toHaveURL("/courses/kommunikation-beratung/arbeiten-mit-dolmetschenden");
  await answer(anna, await keyOf(anna.request, "kommunikation-beratung", "arbeiten-mit-dolmetschenden"), "best");
  await anna.getByRole("button", { name: "Antworten absenden" }).click();
  await expect(anna.getByText(/Bestanden: 100 %/)).toBeVisible();

  // The assignment is fulfilled; the course shows as in progress on My learning.
  await anna.goto("/");
  await expect(anna.locator("section", { has: anna.getByRole("heading", { name: "Zugewiesen" }) }).getByRole("link", { name: "Arbeiten mit Dolmetschenden und Sprachmittlung" })).toHaveCount(0);
  const inProgress = anna.locator("section", { has: anna.getByRole("heading", { name: "Begonnene Kurse" }) });
  await expect(inProgress.getByRole("link", { name: "Kommunikation in der Beratung" })).toBeVisible();

  // Jonas's matrix now shows Anna's interpreters requirement as met.
  await jonas.reload();
  const after = await matrixCell(jonas, "Schmidt, Anna", "Arbeiten mit Dolmetschenden");
  await expect(after).toHaveText("✓");
});

test("an employee cannot open the team page or a colleague's profile", async ({ page }) => {
  await signIn(page, "anna.schmidt@musterstadt.example");
  expect((await page.goto("/team"))?.status()).toBe(403);
  await page.goto("/profile");
  await expect(page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Mein Team" })).toHaveCount(0);
});
