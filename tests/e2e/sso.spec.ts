// Directory sign-in in Chromium: Anna signs in through the OpenID provider's own page (a real
// oidc-provider started beside the app by scripts/e2e-server.mjs) and signs out of both.
import { expect, test } from "@playwright/test";
import { demoPassword, expectNoSeriousAxeViolations, signIn } from "./support";

test("Anna signs in with her authority account on the provider's page and signs out of both", async ({ page }) => {
  await page.goto("/login");
  const button = page.getByRole("link", { name: "Mit dem Behördenkonto anmelden" });
  await expect(button).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await button.click();

  // The provider's own sign-in page (another origin).
  await expect(page.getByRole("heading", { name: "Verzeichnisanmeldung" })).toBeVisible();
  expect(new URL(page.url()).port).not.toBe(new URL(test.info().project.use.baseURL!).port);
  await page.getByLabel("Benutzername (E-Mail)").fill("anna.schmidt@musterstadt.example");
  await page.getByLabel("Kennwort").fill("falsch");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("alert")).toContainText("Benutzername oder Kennwort ist falsch");
  await page.getByLabel("Kennwort").fill(demoPassword);
  await page.getByRole("button", { name: "Anmelden" }).click();

  // Back in Horizont, signed in as Anna.
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  await page.goto("/profile");
  await expect(page.getByRole("heading", { name: "Mein Profil" })).toBeVisible();
  await expect(page.getByText("Anna Schmidt").first()).toBeVisible();

  // Sign-out ends the Horizont session and continues at the provider (RP-initiated logout).
  await page.getByRole("button", { name: "Abmelden" }).click();
  await page.waitForURL(/\/session\/end/);
  await page.getByRole("button", { name: /sign me out|abmelden/i }).click();
  await expect(page.getByText("Sie wurden abgemeldet.")).toBeVisible();
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login/);
});

test("the admin's directory sign-in settings and a refused sign-in are accessible and in German", async ({ page }) => {
  await page.goto("/auth/oidc/callback?code=forged&state=forged");
  await expect(page.getByRole("heading", { name: "Anmeldung mit dem Behördenkonto nicht möglich" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("nicht auf diesem Gerät begonnen");
  await expectNoSeriousAxeViolations(page);
  await signIn(page, "admin@musterstadt.example");
  await page.goto("/admin/sso");
  await expect(page.getByRole("heading", { name: "Anmeldung über das Behördenkonto" })).toBeVisible();
  await expect(page.getByText("Zurzeit gilt die Einstellung aus der Umgebung")).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByLabel("Gruppen und Rollen (optional)").fill("GG-IT = admin");
  await page.getByLabel("Aussteller-URL (Issuer)").fill("https://login.example");
  await page.getByLabel("Client-ID").fill("horizont");
  await page.getByLabel("Client-Geheimnis").fill("geheim");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Zeile 1 ist nicht im Format")).toBeVisible();
});
