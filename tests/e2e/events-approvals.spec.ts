// The event page for those who decide and record: with "lead approves registrations" switched on,
// Fatma's registration waits; HR's attendance list shows it as waiting (no attendance choice for
// it) beside the seats HR can record, and the save button; her lead Jonas decides in one form with
// a radio group per pending registration. Both views are checked with axe and measured at 320 and
// 1280 px (no sideways page scroll; screenshots under .cache/screenshots). Restores the setting
// and leaves Fatma's registration declined (cancelled).
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn } from "./support";

test.describe.configure({ timeout: 180_000 });

const title = "Netzwerk vor Ort: Beratungsstellen kennenlernen";
const shots = ".cache/screenshots";

async function setApproval(page: Page, on: boolean) {
  await page.goto("/admin/settings");
  await page.getByLabel("Anmeldungen zu Veranstaltungen bestätigt zuerst die Teamleitung").setChecked(on);
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.getByText("Die Einstellungen wurden gespeichert.")).toBeVisible();
}

/** Screenshots at 320 and 1280 px; the page itself never scrolls sideways. */
async function atBothWidths(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
}

test("a pending registration: HR sees it waiting in the attendance list, the lead approves or declines it with radio buttons", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@musterstadt.example");
  await setApproval(admin, true);

  const fatmaContext = await browser.newContext();
  const fatma = await fatmaContext.newPage();
  await signIn(fatma, "fatma.aydin@musterstadt.example");
  await fatma.goto("/events");
  await fatma.getByRole("link", { name: title }).click();
  await fatma.getByRole("main").getByRole("button", { name: "Anmelden" }).click();
  await expect(fatma.getByText("Ihre Anmeldung ist eingegangen und wartet auf die Bestätigung Ihrer Teamleitung.")).toBeVisible();
  const eventUrl = fatma.url().replace(/\?.*$/, "");

  const hrContext = await browser.newContext();
  const hr = await hrContext.newPage();
  await signIn(hr, "hr@musterstadt.example");
  await hr.goto(eventUrl);
  const fatmaRow = hr.getByRole("row", { name: /Fatma Aydın/ });
  await expect(fatmaRow).toContainText("wartet auf Bestätigung der Teamleitung");
  await expect(fatmaRow.getByRole("radio")).toHaveCount(0);
  await expect(hr.getByRole("group", { name: "Anwesenheit von Tobias Becker" }).getByRole("radio")).toHaveCount(3);
  await expect(hr.getByRole("button", { name: "Anwesenheit speichern" })).toBeVisible();
  await expectNoSeriousAxeViolations(hr);
  await atBothWidths(hr, "event-attendance-hr");

  const jonasContext = await browser.newContext();
  const jonas = await jonasContext.newPage();
  await signIn(jonas, "jonas.weber@musterstadt.example");
  await jonas.goto(eventUrl);
  const approvals = jonas.getByRole("region", { name: "Anmeldungen bestätigen" });
  const group = approvals.getByRole("group", { name: "Anmeldung von Fatma Aydın" });
  await expect(group.getByRole("radio")).toHaveCount(2);
  await expectNoSeriousAxeViolations(jonas);
  await atBothWidths(jonas, "event-approvals-lead");
  // Nothing chosen: refused with a message on the form, the registration keeps waiting.
  await approvals.getByRole("button", { name: "Entscheidungen speichern" }).click();
  await expect(jonas.getByText("Bitte wählen Sie bei mindestens einer Anmeldung „Bestätigen“ oder „Ablehnen“.")).toBeVisible();
  await jonas.getByRole("group", { name: "Anmeldung von Fatma Aydın" }).getByLabel("Ablehnen").check();
  await jonas.getByRole("button", { name: "Entscheidungen speichern" }).click();
  await expect(jonas.getByText("Ihre Entscheidungen sind gespeichert; die Personen sind benachrichtigt.")).toBeVisible();
  await expect(jonas.getByRole("region", { name: "Anmeldungen bestätigen" })).toHaveCount(0);

  await hr.goto(eventUrl);
  await expect(hr.getByRole("row", { name: /Fatma Aydın/ })).toHaveCount(0);

  // Undo: the setting goes back (Fatma's registration stays declined, which frees nothing).
  await setApproval(admin, false);
  for (const c of [adminContext, fatmaContext, hrContext, jonasContext]) await c.close();
});
