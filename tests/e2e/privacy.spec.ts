// Data-subject rights in the browser: Anna finds "Meine Daten" from her account, reads what
// Horizont holds about her and downloads it as JSON.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn } from "./support";

test("Anna views and downloads her own data (Art. 15 DSGVO)", async ({ page }) => {
  await signIn(page, "anna.schmidt@musterstadt.example");
  await page.goto("/account");
  await page.getByRole("link", { name: "Meine Daten ansehen und herunterladen" }).click();
  await expect(page).toHaveURL(/\/account\/data$/);
  await expect(page.getByRole("heading", { level: 1, name: "Meine Daten" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Nachweise/ })).toBeVisible();
  await expect(page.getByText("anna.schmidt@musterstadt.example").first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Als JSON-Datei herunterladen" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^horizont-meine-daten-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(data.person.email).toBe("anna.schmidt@musterstadt.example");
  const evidenceRows = data.sections.filter((s: { table: string; relation: string }) => s.table === "evidence" && s.relation === "about").flatMap((s: { rows: unknown[] }) => s.rows);
  expect(evidenceRows.length).toBeGreaterThan(0);
  expect(JSON.stringify(data)).not.toMatch(/password_hash|\$argon2/);
});
