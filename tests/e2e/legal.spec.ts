// Rechtsstand end to end: HR records that § 81 AufenthG changed; Anna sees the revision notice
// on a module citing § 81 Abs. 4 AufenthG (and not on one citing nothing); HR lets the module's
// evidence expire and resolves the change, and the notice disappears. axe on both pages.
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn, signOut } from "./support";

const AFFECTED = "/courses/aufenthalt-und-netzwerk/wege-zum-gesicherten-aufenthalt";
const UNAFFECTED = "/courses/interkulturelle-grundlagen/kultur-als-orientierungssystem"; // states no law
const NOTICE = "Dieses Modul wird wegen einer Rechtsänderung überarbeitet";
// The module's frontmatter: reviewed before 2027 and citing § 81 AufenthG (with or without Abs.).
const RECHTSSTAND = /Rechtsstand: \d\d\.\d\d\.20\d\d · Grundlage: .*§ 81( Abs\. \d+)? AufenthG/;

test("HR marks § 81 AufenthG changed → Anna sees the notice on the affected module", async ({ page }) => {
  await signIn(page, "hr@musterstadt.example");
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Personal" }).click();
  await page.getByRole("navigation", { name: "Bereiche des Personalbereichs" }).getByRole("link", { name: "Rechtsänderungen" }).click();
  await expect(page.getByRole("heading", { name: "Rechtsänderungen", level: 2 })).toBeVisible();
  await expect(page.getByText("Kein Modul ist von einer offenen Rechtsänderung betroffen.")).toBeVisible();

  // A citation that is not a norm is refused with the field's error.
  await page.getByLabel("Norm").fill("Aufenthaltsgesetz");
  await page.getByLabel("Kurze Beschreibung").fill("Neufassung der Fiktionswirkung");
  await page.getByRole("button", { name: "Rechtsänderung erfassen" }).click();
  await expect(page.getByText("Bitte geben Sie die Norm wie zitiert ein")).toBeVisible();

  await page.getByLabel("Norm").fill("§ 81 AufenthG");
  await page.getByLabel("Gilt ab").fill("2027-01-01");
  await page.getByRole("button", { name: "Rechtsänderung erfassen" }).click();
  await expect(page.getByRole("status")).toContainText("Die Rechtsänderung wurde erfasst.");
  await expect(page.getByLabel("Norm")).toHaveValue(""); // a fresh form for the next change
  const review = page.locator(`[data-module="aufenthalt-und-netzwerk/wege-zum-gesicherten-aufenthalt"]`);
  await expect(review).toContainText(/§ 81( Abs\. \d+)? AufenthG/);
  await expect(review).toContainText("§ 81 AufenthG (01.01.2027)");
  await expect(page.getByRole("row", { name: /§ 81 AufenthG/ })).toContainText("offen");
  await expectNoSeriousAxeViolations(page);
  await signOut(page);

  await signIn(page, "anna.schmidt@musterstadt.example");
  await page.goto(AFFECTED);
  await expect(page.getByText(RECHTSSTAND)).toBeVisible();
  const notice = page.getByRole("status").filter({ hasText: NOTICE });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("§ 81 AufenthG, gilt ab 01.01.2027: Neufassung der Fiktionswirkung");
  await expectNoSeriousAxeViolations(page);
  // The course page marks the module too.
  await page.goto("/courses/aufenthalt-und-netzwerk");
  await expect(page.locator("li.module-item").filter({ hasText: "Wege zum gesicherten Aufenthalt aufzeigen" })).toContainText("wird überarbeitet");
  await expect(page.locator("li.module-item").filter({ hasText: "Resilienz in belastenden Fällen" })).not.toContainText("wird überarbeitet");
  // A module that states the continued validity under § 81 Abs. 4 without citing it is affected too.
  await page.goto("/courses/kommunikation-beratung");
  // (By its heading: another module's "certifies" line names the competence "Aktiv zuhören".)
  await expect(page.locator("li.module-item").filter({ has: page.getByRole("heading", { name: /^Aktiv zuhören/ }) })).toContainText("wird überarbeitet");
  await page.goto(UNAFFECTED);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(NOTICE)).toHaveCount(0);
  await signOut(page);

  // HR lets the module's evidence expire and then resolves the change: the notice is gone.
  await signIn(page, "hr@musterstadt.example");
  await page.goto("/hr/legal");
  await review.getByLabel("Gültig bis").fill("2027-03-31");
  await review.getByRole("button", { name: "Nachweise ablaufen lassen" }).click();
  await expect(page.getByRole("status")).toContainText("sie gelten bis 31.03.2027");
  await page.getByRole("button", { name: "Rechtsänderung § 81 AufenthG als erledigt markieren" }).click();
  await expect(page.getByRole("status")).toContainText("als erledigt markiert");
  await expect(page.getByText("Kein Modul ist von einer offenen Rechtsänderung betroffen.")).toBeVisible();
  await signOut(page);

  await signIn(page, "anna.schmidt@musterstadt.example");
  await page.goto(AFFECTED);
  await expect(page.getByText(RECHTSSTAND)).toBeVisible();
  await expect(page.getByText(NOTICE)).toHaveCount(0);
});
