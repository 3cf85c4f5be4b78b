// Jonas sees Anna's gap on /team, assigns a module, Anna sees it on My learning; Jonas records
// an observed assessment and the matrix changes. axe on /profile and /team.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill("horizont-demo");
  await page.locator("main").getByRole("button", { name: "Anmelden" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The matrix cell of a member in a competence column, found by the header texts. */
async function matrixCell(page: Page, member: string, competence: string) {
  const headers = await page.locator("table.matrix thead th").allInnerTexts();
  const column = headers.findIndex((h) => h.includes(competence));
  expect(column).toBeGreaterThan(0);
  const row = page.locator("table.matrix tbody tr", { has: page.getByRole("rowheader", { name: member }) });
  return row.locator("th, td").nth(column);
}

test("a lead closes a member's gap: assignment on My learning, observation changes the matrix", async ({ browser }) => {
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
  await assign.getByLabel("Modul oder Kurs").selectOption("module:kommunikation-beratung/arbeiten-mit-dolmetschenden");
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

  // No course engine on this branch to pass the quiz: Jonas records an observed assessment instead.
  const observe = jonas.locator("form", { has: jonas.locator('input[name="intent"][value="observe"]') });
  await observe.getByLabel("Person").selectOption({ label: "Schmidt, Anna" });
  await observe.getByLabel("Kompetenz").selectOption("c.interpreters");
  await observe.getByLabel("Stufe").selectOption("2");
  await observe.getByLabel("Kurze Notiz").fill("Beratung mit Dolmetscher begleitet: kurze Abschnitte, direkte Ansprache.");
  await observe.getByRole("button", { name: "Einschätzung speichern" }).click();
  await expect(jonas.getByRole("status")).toContainText("Die Einschätzung wurde gespeichert.");
  const after = await matrixCell(jonas, "Schmidt, Anna", "Arbeiten mit Dolmetschenden");
  await expect(after).toHaveText("✓");
});

test("an employee cannot open the team page or a colleague's profile", async ({ page }) => {
  await signIn(page, "anna.schmidt@musterstadt.example");
  expect((await page.goto("/team"))?.status()).toBe(403);
  await page.goto("/profile");
  await expect(page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Mein Team" })).toHaveCount(0);
});
