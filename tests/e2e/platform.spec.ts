// The platform as its users meet it: signing in and out, navigation per role, access refused,
// throttling, cross-site requests, language, accounts, accessibility.
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn, signOut } from "./support";

const accounts = [
  { email: "anna.schmidt@musterstadt.example", name: "Anna Schmidt", nav: ["Start", "Kurse", "Mein Profil"], notNav: ["Mein Team", "Personal", "Verwaltung"] },
  { email: "jonas.weber@musterstadt.example", name: "Jonas Weber", nav: ["Start", "Kurse", "Mein Profil", "Mein Team"], notNav: ["Personal", "Verwaltung"] },
  { email: "lea.yilmaz@musterstadt.example", name: "Lea Yılmaz", nav: ["Start", "Kurse", "Mein Profil", "Mein Team"], notNav: ["Personal", "Verwaltung"] },
  { email: "hr@musterstadt.example", name: "Claudia Berger", nav: ["Start", "Kurse", "Mein Profil", "Personal"], notNav: ["Mein Team", "Verwaltung"] },
  { email: "admin@musterstadt.example", name: "Markus Lehmann", nav: ["Start", "Verwaltung"], notNav: ["Kurse", "Mein Profil", "Mein Team", "Personal"] },
];

test.describe("signing in", () => {
  for (const account of accounts) {
    test(`${account.email} signs in and sees the navigation of their roles`, async ({ page }) => {
      await signIn(page, account.email);
      await expect(page.getByRole("link", { name: new RegExp(account.name) })).toBeVisible();
      const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
      for (const item of account.nav) await expect(nav.getByRole("link", { name: item, exact: true })).toBeVisible();
      for (const item of account.notNav) await expect(nav.getByRole("link", { name: item, exact: true })).toHaveCount(0);
    });
  }

  test("a wrong password is refused with a message that does not say whether the account exists", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-Mail-Adresse").fill("anna.schmidt@musterstadt.example");
    await page.getByLabel("Passwort").fill("falsches-passwort");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByRole("alert")).toHaveText("E-Mail-Adresse oder Passwort ist falsch.");
    await page.getByLabel("E-Mail-Adresse").fill("gibt-es-nicht@musterstadt.example");
    await page.getByLabel("Passwort").fill("falsches-passwort");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByRole("alert")).toHaveText("E-Mail-Adresse oder Passwort ist falsch.");
  });

  test("an invalid e-mail address gets a field message, not a server error", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-Mail-Adresse").fill("kein-at-zeichen");
    await page.getByLabel("Passwort").fill("x");
    // Submit bypassing the browser's own type=email check, as a script would.
    await page.locator("form.form").evaluate((form: HTMLFormElement) => (form.noValidate = true));
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByText("Bitte geben Sie eine gültige E-Mail-Adresse ein.")).toBeVisible();
    await expect(page.getByLabel("E-Mail-Adresse")).toHaveAttribute("aria-invalid", "true");
  });

  test("repeated failures throttle the account with a clear German message", async ({ page }) => {
    const email = `throttle-${Date.now()}@musterstadt.example`;
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("E-Mail-Adresse").fill(email);
      await page.getByLabel("Passwort").fill(`falsch-${i}`);
      await page.getByRole("button", { name: "Anmelden" }).click();
      await expect(page.getByRole("alert")).toBeVisible();
    }
    await page.getByLabel("E-Mail-Adresse").fill(email);
    await page.getByLabel("Passwort").fill("noch-einmal");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByRole("alert")).toContainText("Zu viele fehlgeschlagene Anmeldeversuche");
  });

  test("an anonymous visitor is sent to sign-in and comes back to the page afterwards", async ({ page }) => {
    await page.goto("/admin/units");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Funits/);
    await page.getByLabel("E-Mail-Adresse").fill("admin@musterstadt.example");
    await page.getByLabel("Passwort").fill("horizont-demo");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page).toHaveURL(/\/admin\/units$/);
    await expect(page.getByRole("heading", { name: "Organisationseinheiten", level: 2 })).toBeVisible();
  });
});

test.describe("access", () => {
  test("an employee gets 403 on the administration", async ({ page }) => {
    await signIn(page, "anna.schmidt@musterstadt.example");
    const response = await page.goto("/admin/accounts");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Kein Zugriff" })).toBeVisible();
  });

  test("signing out ends the session on the server, not only in the browser", async ({ page, request }) => {
    await signIn(page, "anna.schmidt@musterstadt.example");
    const cookie = (await page.context().cookies()).find((c) => c.name === "horizont_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    await signOut(page);
    const replay = await request.get("/account", { headers: { Cookie: `horizont_session=${cookie!.value}` }, maxRedirects: 0 });
    expect(replay.status()).toBe(302);
    expect(replay.headers().location).toContain("/login");
  });

  test("a cross-site POST is refused before any action runs", async ({ request }) => {
    const response = await request.post("/login", {
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      data: "email=anna.schmidt%40musterstadt.example&password=horizont-demo",
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });

  test("pages carry the security headers", async ({ request }) => {
    const response = await request.get("/login");
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });

  test("changing the password ends the person's other sessions", async ({ page, browser }) => {
    const other = await browser.newContext({ locale: "de-DE" });
    const elsewhere = await other.newPage();
    await signIn(elsewhere, "yusuf.kaya@musterstadt.example");
    await signIn(page, "yusuf.kaya@musterstadt.example");
    await page.goto("/account");
    await page.getByLabel("Aktuelles Passwort").fill("horizont-demo");
    await page.getByLabel("Neues Passwort", { exact: true }).fill("horizont-demo-neu");
    await page.getByLabel("Neues Passwort wiederholen").fill("horizont-demo-neu");
    await page.getByRole("button", { name: "Passwort ändern" }).click();
    await expect(page.getByText("Ihr Passwort wurde geändert. Andere Sitzungen wurden beendet.")).toBeVisible();
    // This browser stays signed in; the other one is out.
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Mein Konto" })).toBeVisible();
    await elsewhere.goto("/account");
    await expect(elsewhere).toHaveURL(/\/login/);
    await other.close();
  });

  test("a wrong current password is named at its field", async ({ page }) => {
    await signIn(page, "laura.koch@musterstadt.example");
    await page.goto("/account");
    await page.getByLabel("Aktuelles Passwort").fill("nicht-richtig");
    await page.getByLabel("Neues Passwort", { exact: true }).fill("ein neues passwort");
    await page.getByLabel("Neues Passwort wiederholen").fill("ein neues passwort");
    await page.getByRole("button", { name: "Passwort ändern" }).click();
    await expect(page.getByText("Das aktuelle Passwort ist falsch.")).toBeVisible();
    await expect(page.getByLabel("Aktuelles Passwort")).toHaveAttribute("aria-invalid", "true");
  });

  test("metrics are not public", async ({ request }) => {
    expect((await request.get("/metrics")).status()).toBe(404);
  });

  test("/healthz answers 200 while the database answers", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up" });
  });
});

test.describe("language", () => {
  test("a person switches to English and keeps it after signing in again", async ({ page }) => {
    await signIn(page, "lea.yilmaz@musterstadt.example");
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.context().clearCookies();
    await page.goto("/login");
    await page.getByLabel("E-Mail-Adresse").fill("lea.yilmaz@musterstadt.example");
    await page.getByLabel("Passwort").fill("horizont-demo");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.getByRole("button", { name: /Deutsch/ }).click();
    await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
  });
});

test.describe("administration", () => {
  test("an admin creates an account; the person sets a password with the link and signs in", async ({ page, browser }) => {
    await signIn(page, "admin@musterstadt.example");
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Verwaltung" }).click();
    await page.getByRole("link", { name: "Neues Konto" }).click();
    const email = `neu-${Date.now()}@musterstadt.example`;
    await page.getByLabel("Vorname").fill("Jana");
    await page.getByLabel("Nachname").fill("Novák");
    await page.getByLabel("E-Mail-Adresse").fill(email);
    await page.getByLabel("Organisationseinheit").selectOption({ label: "— Servicepoint" });
    await page.getByLabel("Stellenanteil (VZÄ)").fill("0,5");
    await page.getByRole("button", { name: "Konto anlegen" }).click();
    const link = (await page.locator(".code-box").textContent())!.trim();
    expect(link).toContain("/set-password?token=");

    const other = await browser.newContext({ locale: "de-DE" });
    const newcomer = await other.newPage();
    await newcomer.goto(link);
    await newcomer.getByLabel("Neues Passwort", { exact: true }).fill("ein sicheres Passwort");
    await newcomer.getByLabel("Neues Passwort wiederholen").fill("ein sicheres Passwort");
    await newcomer.getByRole("button", { name: "Passwort festlegen" }).click();
    await expect(newcomer.getByRole("heading", { name: "Mein Lernen" })).toBeVisible();
    await expect(newcomer.getByRole("button", { name: "Abmelden" })).toBeVisible();
    // The link works once.
    await newcomer.goto(link);
    await expect(newcomer.getByRole("alert")).toContainText("ungültig oder abgelaufen");
    await other.close();
  });

  test("creating an account with an e-mail address in use names the field", async ({ page }) => {
    await signIn(page, "admin@musterstadt.example");
    await page.goto("/admin/accounts/new");
    await page.getByLabel("Vorname").fill("Anna");
    await page.getByLabel("Nachname").fill("Zweite");
    await page.getByLabel("E-Mail-Adresse").fill("anna.schmidt@musterstadt.example");
    await page.getByRole("button", { name: "Konto anlegen" }).click();
    await expect(page.getByText("Diese E-Mail-Adresse ist bereits vergeben.")).toBeVisible();
  });

  test("a unit cannot be moved below itself", async ({ page }) => {
    await signIn(page, "admin@musterstadt.example");
    await page.goto("/admin/units");
    await page.locator("summary", { hasText: "Leitung der Ausländerbehörde" }).click();
    const form = page.locator("details[open] form").first();
    await form.getByLabel("Übergeordnete Einheit").selectOption({ label: "— Servicepoint" });
    await form.getByRole("button", { name: "Speichern" }).click();
    await expect(page.getByText("Eine Einheit kann nicht sich selbst oder einer ihrer Untereinheiten untergeordnet werden.")).toBeVisible();
  });

  test("deactivating an account ends its sessions at once", async ({ page, browser }) => {
    const other = await browser.newContext({ locale: "de-DE" });
    const person = await other.newPage();
    await signIn(person, "michael.wolf@musterstadt.example");
    await signIn(page, "admin@musterstadt.example");
    await page.goto("/admin/accounts?q=Wolf");
    await page.getByRole("link", { name: "Wolf, Michael" }).click();
    await page.getByRole("button", { name: "Deaktivieren" }).click();
    await expect(page.getByText("Das Konto wurde deaktiviert")).toBeVisible();
    await person.goto("/account");
    await expect(person).toHaveURL(/\/login/);
    await page.getByRole("button", { name: "Wieder aktivieren" }).click();
    await expect(page.getByText("Das Konto wurde wieder aktiviert.")).toBeVisible();
    await other.close();
  });
});

test.describe("accessibility", () => {
  test("the skip link moves focus to the content", async ({ page }) => {
    await signIn(page, "anna.schmidt@musterstadt.example");
    await page.goto("/account");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Zum Inhalt springen" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
  });

  test("public pages have no serious axe findings", async ({ page }) => {
    for (const path of ["/login", "/accessibility", "/privacy", "/set-password?token=unknown"]) {
      await page.goto(path);
      await expectNoSeriousAxeViolations(page);
    }
  });

  test("signed-in pages have no serious axe findings", async ({ page }) => {
    await signIn(page, "admin@musterstadt.example");
    for (const path of ["/", "/account", "/privacy", "/admin/accounts", "/admin/accounts/new", "/admin/units", "/admin/settings"]) {
      await page.goto(path);
      await expectNoSeriousAxeViolations(page);
    }
    await page.goto("/admin/accounts?q=Schmidt");
    await page.getByRole("link", { name: "Schmidt, Anna" }).click();
    await expectNoSeriousAxeViolations(page);
  });

  test("the 403 page has no serious axe findings", async ({ page }) => {
    await signIn(page, "anna.schmidt@musterstadt.example");
    await page.goto("/admin");
    await expectNoSeriousAxeViolations(page);
  });
});
