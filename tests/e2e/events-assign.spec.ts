// A lead assigns an upcoming workshop from the team page like a module: the form names the due
// date (the first date) instead of asking for one, the notice says who was registered, and the
// open assignments list the workshop with a link to its page.
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn } from "./support";

test.describe.configure({ timeout: 180_000 });

test("Jonas assigns a workshop to a member; it is listed with its date and link", async ({ page }) => {
  await signIn(page, "jonas.weber@musterstadt.example");
  await page.goto("/team");
  const target = page.getByLabel("Modul, Kurs oder Veranstaltung");
  const option = page.locator('optgroup[label="Veranstaltungen"] option').first();
  const value = await option.getAttribute("value");
  expect(value).toMatch(/^event:/);
  const label = (await option.textContent())!;
  await target.selectOption(value!);
  await expect(page.getByText(/^Fällig am ersten Termin/)).toBeVisible();
  await expect(page.getByLabel("Fällig am")).toHaveCount(0);
  // Olga: no other story uses her.
  await page.locator("#assign").getByLabel("Petrenko, Olga").check();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: ".cache/screenshots/events-assign-form.png" });
  await page.getByRole("button", { name: "Zuweisen" }).click();
  await expect(page.getByText(/die Veranstaltung zugewiesen bekommen|nichts Neues zugewiesen/)).toBeVisible();
  const title = label.replace(/, ab .*$/, "");
  const row = page.locator("#open-assignments + * table tr", { has: page.getByRole("link", { name: title }) }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("Veranstaltung am");
  await page.screenshot({ path: ".cache/screenshots/events-assign-done.png", fullPage: true });
});
