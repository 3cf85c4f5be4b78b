// Workshops in the browser: Anna registers for a demo series that has begun and still takes
// registrations, downloads its calendar file; HR marks her attended; her profile shows the
// attendance evidence.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn } from "./support";

// A busy machine (several builds at once) needs more than the default minute for the stories.
test.describe.configure({ timeout: 180_000 });

const title = "Netzwerk vor Ort: Beratungsstellen kennenlernen";

test("Anna registers for a workshop, gets the calendar file; HR marks her attended; her profile shows the evidence", async ({ browser }) => {
  const annaContext = await browser.newContext();
  const anna = await annaContext.newPage();
  await signIn(anna, "anna.schmidt@musterstadt.example");
  await anna.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Veranstaltungen" }).click();
  await expect(anna.getByRole("heading", { level: 1, name: "Veranstaltungen" })).toBeVisible();
  // Meant for her team: listed first, marked "Für Sie empfohlen".
  const first = anna.locator("ul.cards > li").first();
  await expect(first.getByRole("heading", { name: title })).toBeVisible();
  await expect(first.getByText("Für Sie empfohlen")).toBeVisible();
  await expectNoSeriousAxeViolations(anna);

  await first.getByRole("link", { name: title }).click();
  await expect(anna.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectNoSeriousAxeViolations(anna);
  await anna.getByRole("main").getByRole("button", { name: "Anmelden" }).click();
  await expect(anna.getByText("Sie sind angemeldet. Die Kalenderdatei steht unten bereit.")).toBeVisible();

  const [download] = await Promise.all([anna.waitForEvent("download"), anna.getByRole("link", { name: "Kalenderdatei (.ics) herunterladen" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const ics = fs.readFileSync((await download.path())!, "utf8");
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("METHOD:REQUEST");
  expect(ics).toContain(`SUMMARY:${title.replace(/[,;]/g, (c) => `\\${c}`)}`);
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);

  const hrContext = await browser.newContext();
  const hr = await hrContext.newPage();
  await signIn(hr, "hr@musterstadt.example");
  await hr.goto("/events");
  await hr.getByRole("link", { name: title }).click();
  await expect(hr.getByRole("heading", { name: "Anwesenheit" })).toBeVisible();
  await hr.getByRole("group", { name: "Anwesenheit von Anna Schmidt" }).getByLabel("ganz").check();
  await expectNoSeriousAxeViolations(hr);
  await hr.getByRole("button", { name: "Anwesenheit speichern" }).click();
  await expect(hr.getByText("Die Anwesenheit ist gespeichert.")).toBeVisible();

  await anna.goto("/profile");
  const details = anna.locator("details", { hasText: "Teilnahme an einer Veranstaltung" });
  await details.locator("summary").click();
  await expect(details.getByText("Teilnahme an einer Veranstaltung")).toBeVisible();
  await expect(details).toContainText("Stufe 3");
  await annaContext.close();
  await hrContext.close();
});

test("HR creates a workshop in the form (the hour the clocks skip is refused on its field), Anna registers, HR moves it and she is told; then both undo it", async ({ browser }) => {
  const newTitle = `Interkulturelle Gesprächsführung ${Date.now().toString(36)}`;
  const hrContext = await browser.newContext();
  const hr = await hrContext.newPage();
  await signIn(hr, "hr@musterstadt.example");
  await hr.goto("/events");
  await hr.getByRole("link", { name: "Veranstaltung anlegen" }).click();
  await expect(hr.getByRole("heading", { level: 1, name: "Veranstaltung anlegen" })).toBeVisible();
  await hr.getByLabel("Titel").fill(newTitle);
  await hr.getByLabel("Beschreibung").fill("Gespräche mit Dolmetschenden sicher führen.");
  await hr.getByLabel("Name der externen Leitung").fill("Dr. Leyla Aydın");
  await hr.getByLabel("Organisation").fill("Migrationsberatung Musterstadt");
  // 28 March 2027: the clocks jump from 02:00 to 03:00.
  await hr.getByLabel("Datum, Termin 1").fill("2027-03-28");
  await hr.getByLabel("Beginn, Termin 1").fill("02:30");
  await hr.getByLabel("Ende, Termin 1").fill("05:00");
  await hr.getByLabel("Ort (Gebäude, Raum)").fill("Rathaus, Raum 204");
  await hr.getByLabel("Plätze").fill("8");
  await hr.getByLabel("Anmeldeschluss (Datum)").fill("2027-03-20");
  await hr.getByLabel("Kosten der ganzen Veranstaltung in Euro").fill("450,00");
  await hr.getByLabel("Kompetenz 1").selectOption({ index: 1 });
  await hr.getByRole("button", { name: "Veranstaltung anlegen" }).click();
  const start = hr.getByLabel("Beginn, Termin 1");
  await expect(start).toHaveAttribute("aria-invalid", "true");
  await expect(hr.getByText("Diese Uhrzeit gibt es an diesem Tag nicht (Umstellung auf Sommerzeit).")).toBeVisible();
  await expectNoSeriousAxeViolations(hr);
  await start.fill("09:00");
  await hr.getByLabel("Ende, Termin 1").fill("12:30");
  await hr.getByRole("button", { name: "Veranstaltung anlegen" }).click();
  await expect(hr.getByText("Die Veranstaltung ist angelegt.")).toBeVisible();
  await expect(hr.getByRole("heading", { level: 1, name: newTitle })).toBeVisible();
  await expect(hr.getByText("09:00–12:30 Uhr")).toBeVisible();
  const eventUrl = hr.url().replace(/\?.*$/, "");

  const annaContext = await browser.newContext();
  const anna = await annaContext.newPage();
  await signIn(anna, "anna.schmidt@musterstadt.example");
  await anna.goto(eventUrl);
  await anna.getByRole("main").getByRole("button", { name: "Anmelden" }).click();
  await expect(anna.getByText("Sie sind angemeldet. Die Kalenderdatei steht unten bereit.")).toBeVisible();

  await hr.goto(eventUrl);
  await hr.getByRole("link", { name: "Termine verschieben" }).click();
  await expect(hr.getByLabel("Beginn, Termin 1")).toHaveValue("09:00");
  await hr.getByLabel("Datum, Termin 1").fill("2027-03-30");
  await hr.getByLabel("Beginn, Termin 1").fill("13:00");
  await hr.getByLabel("Ende, Termin 1").fill("16:00");
  await expectNoSeriousAxeViolations(hr);
  await hr.getByRole("button", { name: "Termine verschieben" }).click();
  await expect(hr.getByText("Die Termine sind verschoben; die Angemeldeten sind benachrichtigt.")).toBeVisible();
  await expect(hr.getByText("13:00–16:00 Uhr")).toBeVisible();

  // Anna is told in the app; the calendar file keeps its UID with a higher SEQUENCE.
  await anna.goto("/profile");
  const news = anna.getByRole("region", { name: /Neu für Sie/ });
  await expect(news.getByRole("link", { name: `Neuer Termin: ${newTitle}` })).toBeVisible();
  await news.getByRole("button", { name: "Als gelesen markieren" }).click();
  await anna.goto(eventUrl);
  const [download] = await Promise.all([anna.waitForEvent("download"), anna.getByRole("link", { name: "Kalenderdatei (.ics) herunterladen" }).click()]);
  const ics = fs.readFileSync((await download.path())!, "utf8");
  expect(ics).toContain("SEQUENCE:1");
  expect(ics).toContain("DTSTART:20270330T110000Z");

  // Undo: Anna cancels, HR cancels the workshop (it then shows on nobody's list).
  await anna.getByRole("button", { name: "Anmeldung stornieren" }).click();
  await expect(anna.getByText("Ihre Anmeldung ist storniert.").first()).toBeVisible();
  await hr.goto(eventUrl);
  await hr.getByRole("button", { name: "Veranstaltung absagen" }).click();
  await expect(hr.getByText("Die Veranstaltung ist abgesagt; die Angemeldeten sind benachrichtigt.")).toBeVisible();
  await hr.goto("/events");
  await expect(hr.getByRole("link", { name: newTitle })).toHaveCount(0);
  await annaContext.close();
  await hrContext.close();
});
