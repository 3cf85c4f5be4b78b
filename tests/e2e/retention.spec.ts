// People who left (Art. 17 DSGVO) in the browser: the admin sets the retention after leaving, the
// person sees in "Meine Daten" what will be deleted, HR records that the person left, time passes
// (the clean-up runs with an injected clock through the e2e server's test-only control port),
// and the person is gone from every page.
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn, signOut } from "./support";

const controlUrl = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 1}`;
const month = 31 * 86_400_000;

async function cleanupAt(now: Date) {
  const res = await fetch(`${controlUrl}/cleanup?now=${encodeURIComponent(now.toISOString())}`, { method: "POST" });
  expect(res.status, await res.text()).toBe(200);
}

async function pageText(page: Page, path: string) {
  await page.goto(path);
  return (await page.locator("main").textContent()) ?? "";
}

test("HR records that a person left; after the retention period the person is gone from every page", async ({ page, browser }) => {
  test.setTimeout(120_000); // three people, two clean-ups and two axe runs on a shared machine
  const given = "Valentin";
  const family = "Vergessmann";
  const email = `valentin.vergessmann-${Date.now()}@musterstadt.example`;
  const password = "ein sicheres Passwort";

  // The admin sets the retention after leaving to one month and creates the account.
  await signIn(page, "admin@musterstadt.example");
  await page.goto("/admin/settings");
  await page.getByLabel("Löschung nach dem Ausscheiden (Monate)").fill("1");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Die Einstellungen wurden gespeichert.")).toBeVisible();
  await page.goto("/privacy");
  await expect(page.getByRole("row", { name: /Löschung nach dem Ausscheiden \(Monate\)\s*1/ })).toBeVisible();
  await page.goto("/admin/accounts/new");
  await page.getByLabel("Vorname").fill(given);
  await page.getByLabel("Nachname").fill(family);
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Organisationseinheit").selectOption({ label: "— Servicepoint" });
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  const link = (await page.locator(".code-box").textContent())!.trim();
  await signOut(page);

  // The person sets a password and reads in "Meine Daten" what will be deleted after leaving.
  const other = await browser.newContext({ locale: "de-DE" });
  const person = await other.newPage();
  await person.goto(link);
  await person.getByLabel("Neues Passwort", { exact: true }).fill(password);
  await person.getByLabel("Neues Passwort wiederholen").fill(password);
  await person.getByRole("button", { name: "Passwort festlegen" }).click();
  await expect(person.getByRole("button", { name: "Abmelden" })).toBeVisible();
  await person.goto("/account/data");
  await expect(person.getByText(/1 Monat danach löscht Horizont Ihre Angaben/)).toBeVisible();
  await expect(person.getByText("Wird nach Ihrem Ausscheiden gelöscht.").first()).toBeVisible();
  await expectNoSeriousAxeViolations(person);

  // HR records that the person left: the account is deactivated at once.
  await signIn(page, "hr@musterstadt.example");
  await page.goto("/hr/people");
  await page.getByLabel("Organisationseinheit").selectOption({ label: "— Servicepoint" });
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await page.getByRole("button", { name: `${given} ${family} ist ausgeschieden: Konto deaktivieren` }).click();
  await expect(page.getByRole("status").filter({ hasText: "als ausgeschieden vermerkt" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: new RegExp(`${family}, ${given} ausgeschieden am`) })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await person.reload();
  await expect(person.getByRole("heading", { name: "Anmelden" })).toBeVisible();

  // The hourly clean-up before the month has passed keeps the data; after it, the person is erased.
  await cleanupAt(new Date());
  expect(await pageText(page, "/hr/people?unit=" + new URL(page.url()).searchParams.get("unit"))).toContain(family);
  await cleanupAt(new Date(Date.now() + 2 * month));
  const unitPath = "/hr/people?unit=" + new URL(page.url()).searchParams.get("unit");
  for (const path of [unitPath, "/hr/audit", "/hr/coverage", "/hr/import"]) {
    const text = await pageText(page, path);
    expect(text, path).not.toContain(family);
    expect(text, path).not.toContain(email);
  }
  await signOut(page);
  await signIn(page, "admin@musterstadt.example");
  for (const path of ["/admin/accounts", `/admin/accounts?q=${family}`, "/admin"]) {
    const text = await pageText(page, path);
    expect(text, path).not.toContain(family);
    expect(text, path).not.toContain(email);
  }
  // Put the demo setting back for the specs that follow on the same server.
  await page.goto("/admin/settings");
  await page.getByLabel("Löschung nach dem Ausscheiden (Monate)").fill("6");
  await page.getByRole("button", { name: "Speichern" }).click();
  await signOut(page);

  // The person cannot sign in any more.
  await person.goto("/login");
  await person.getByLabel("E-Mail-Adresse").fill(email);
  await person.getByLabel("Passwort").fill(password);
  await person.getByRole("button", { name: "Anmelden" }).click();
  await expect(person.getByRole("alert")).toBeVisible();
  await other.close();
});
