// HR workspace end to end: a requirement change shows in the coverage report, a staffing
// scenario, an XLSX export that opens with the expected rows, a CSV import, and axe on every page.
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn as signInAs } from "./support";

/** HR's demo account (Claudia Berger) unless another is named. */
const signIn = (page: Page, email = "hr@musterstadt.example") => signInAs(page, email);

const ROLE = "Sachbearbeitung Aufenthaltsrecht";

test("HR removes a requirement from a role and the coverage report follows", async ({ page }) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Personal" }).click();
  await page.goto("/hr/coverage?by=role");
  await page.getByRole("link", { name: ROLE }).click();
  const row = page.locator('#coverage-details tr[data-competence="k.residence-paths"]');
  await expect(row).toBeVisible();
  const requiredBefore = Number(await row.locator("td").first().innerText());
  expect(requiredBefore).toBeGreaterThanOrEqual(5);

  await page.goto("/hr/roles");
  await page.getByRole("link", { name: ROLE }).click();
  await page.getByText("Bearbeiten").click();
  await page.getByLabel("Wege zu einem gesicherten Aufenthalt").selectOption("0");
  await page.getByRole("button", { name: "Speichern (neue Version)" }).click();
  await expect(page.getByRole("status")).toContainText("Version 2");
  await expect(page.locator(".history")).toContainText("Wege zu einem gesicherten Aufenthalt: Stufe 3 → 0");

  await page.goto("/hr/coverage?by=role");
  await page.getByRole("link", { name: ROLE }).click();
  await expect(page.locator("#coverage-details")).toBeVisible();
  await expect(page.locator('#coverage-details tr[data-competence="k.residence-paths"]')).toHaveCount(0);
});

test("HR adds a staffing scenario beside the plan", async ({ page }) => {
  await signIn(page);
  await page.goto("/hr/staffing");
  await page.getByRole("link", { name: /Stellenbemessung Aufenthalt 1/ }).click();
  // The worked example: 7,40 FTE, of which counselling 1,06.
  await expect(page.locator(".formula")).toContainText("693.000 min ÷ 93.600 min = 7,40 VZÄ");
  await expect(page.locator(".formula")).toContainText("= 1,06 VZÄ");
  await page.getByLabel("Name des Szenarios").fill("+20 % Fälle");
  await page.getByLabel("Änderung der Fallzahlen (%)").fill("20");
  await page.getByRole("button", { name: "Szenario hinzufügen" }).click();
  await expect(page.getByRole("status")).toContainText("Szenario wurde hinzugefügt");
  const table = page.getByRole("region", { name: "Plan und Szenarien im Vergleich" });
  await expect(table.getByRole("columnheader", { name: /\+20 % Fälle/ })).toBeVisible();
  // 630,000 × 1.2 × 1.1 ÷ 93,600 = 8.88 FTE; the plan column still shows 7,40.
  const needRow = table.getByRole("row", { name: /^Personalbedarf \(Soll, VZÄ\)/ });
  await expect(needRow).toContainText("7,40");
  await expect(needRow).toContainText("8,88");
});

test("HR exports the coverage report as XLSX and it opens with the expected rows", async ({ page }) => {
  await signIn(page);
  await page.goto("/hr/coverage");
  // The page's competence rows of Aufenthalt 1, to compare with the export.
  await page.getByRole("link", { name: "Aufenthalt 1" }).click();
  // The details of the whole authority show until the navigation lands: wait for the unit's.
  await expect(page.getByRole("heading", { name: "Kompetenzen: Aufenthalt 1" })).toBeVisible();
  await expect(page.locator("#coverage-details")).toBeVisible();
  const onPage = await page.locator("#coverage-details tr[data-competence]").count();
  expect(onPage).toBeGreaterThan(5);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Abdeckung als Excel (XLSX)" }).click()]);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path!);
  const sheet = workbook.worksheets[0];
  expect(sheet.getRow(1).getCell(1).value).toBe("Organisationseinheit");
  expect(sheet.getRow(1).getCell(2).value).toBe("Kompetenz");
  const units = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n > 1) units.add(String(row.getCell(1).value));
  });
  expect([...units]).toEqual(expect.arrayContaining(["Aufenthalt 1", "Aufenthalt 2", "Servicepoint", "Gesamte Behörde"]));
  // Aufenthalt 1 has one row per competence the roles of its counted people require (a
  // competence only a unit × role group below the minimum needs is in no figure): as on the page.
  let rowsOfUnit = 0;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === "Aufenthalt 1") rowsOfUnit++;
  });
  expect(rowsOfUnit).toBe(onPage);
  // The export is in the audit log.
  await page.goto("/hr/audit?action=report.export");
  // In words: the action and its details from the catalogs, not codes.
  await expect(page.locator("#audit-table")).toContainText("Bericht exportiert");
  await expect(page.locator("#audit-table")).toContainText("Format: xlsx");
});

test("HR imports a staff list: preview with errors, then a clean file all at once", async ({ page }) => {
  await signIn(page);
  await page.goto("/hr/import");
  const bad = "Name;E-Mail;Einheit;Stelle;VZÄ\nErika Muster;erika.muster@musterstadt.example;Servicepoint;Servicepoint / Empfang;0,5\nOhne Mail;keine-mail;Servicepoint;;1\n";
  await page.getByLabel("CSV-Datei").setInputFiles({ name: "liste.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Hochladen und prüfen" }).click();
  await expect(page.locator("#import-summary")).toHaveText("2 Zeilen, davon 1 mit Fehlern.");
  await expect(page.getByText("E-Mail-Adresse ungültig")).toBeVisible();
  await expect(page.getByRole("button", { name: /importieren/ })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);

  await page.goto("/hr/import");
  const good = "Vorname,Nachname,E-Mail,Einheit,Stelle,VZÄ\nErika,Muster,erika.muster@musterstadt.example,Servicepoint,Servicepoint / Empfang,\"0,5\"\n";
  await page.getByLabel("CSV-Datei").setInputFiles({ name: "liste.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "Hochladen und prüfen" }).click();
  await expect(page.locator("#import-summary")).toHaveText("1 Zeile, in Ordnung.");
  await page.getByRole("button", { name: "Alle 1 Personen importieren" }).click();
  await expect(page.getByText("1 Personen wurden importiert")).toBeVisible();
  await page.getByRole("button", { name: "Links zum Festlegen des Passworts erzeugen" }).click();
  await expect(page.getByRole("cell", { name: /set-password\?token=/ })).toBeVisible();
});

test("every HR page passes axe and prints without navigation", async ({ page }) => {
  test.setTimeout(150_000); // axe on twelve pages (the role and staffing pages among them are long) on a shared machine
  await signIn(page);
  const pages = ["/hr", "/hr/roles", "/hr/roles/new", "/hr/people", "/hr/staffing", "/hr/coverage", "/hr/coverage?by=role", "/hr/import", "/hr/audit"];
  for (const path of pages) {
    await page.goto(path);
    await expectNoSeriousAxeViolations(page);
  }
  await page.goto("/hr/roles");
  await page.getByRole("link", { name: ROLE }).click();
  await expectNoSeriousAxeViolations(page);
  await page.getByText("Bearbeiten").click();
  await expectNoSeriousAxeViolations(page);
  await page.goto("/hr/staffing");
  await page.getByRole("link", { name: /Stellenbemessung Aufenthalt 1/ }).click();
  await expectNoSeriousAxeViolations(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".tabs")).toBeHidden();
  await expect(page.locator(".formula")).toBeVisible();
});

test("leads and employees get 403 in the HR workspace", async ({ page }) => {
  await signIn(page, "jonas.weber@musterstadt.example");
  const response = await page.goto("/hr/coverage");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Personal" })).toHaveCount(0);
});
