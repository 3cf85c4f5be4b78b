// Authoring in Chromium: the editor copies a built-in module, changes text and a quiz item,
// previews it, a second editor approves, Anna takes the new version and passes. The answer-key
// scan covers the authored module (page, .data, scripts); axe finds nothing serious in the editor.
import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { expect, test, type Page } from "@playwright/test";
import type { QuizKey } from "../../app/courses/grading";
import { answer, expectNoSeriousAxeViolations, signIn, signOut, waitUntilLive } from "./support";

const courseId = "kommunikation-beratung";
const moduleId = "aktiv-zuhoeren";
const newTitle = "Aktiv zuhören am Schalter in Musterstadt";
const newPrompt = "Wozu dient eine Paraphrase im Gespräch am Schalter in Musterstadt?";

/** The quiz key as written in an exported module (the editor's file; the browser never gets it). */
function keyFromSource(source: string): QuizKey {
  const questions: QuizKey["questions"] = [];
  const re = /<(Question|Judgement) id="([^"]+)"(?: type="([^"]+)")?[^>]*>([\s\S]*?)<\/\1>/g;
  for (const m of source.matchAll(re)) {
    const kind = m[1] === "Judgement" ? "judgement" : (m[3] as "single" | "multiple");
    const options = [...m[4].matchAll(/<Option([^>]*)>([^<]*)<\/Option>/g)].map((o, i) => ({
      value: String(i),
      text: o[2].trim(),
      correct: /\bcorrect\b/.test(o[1].replace(/explanation="[^"]*"/, "")),
      points: Number(/points=\{(\d)\}/.exec(o[1])?.[1] ?? 0),
      explanation: /explanation="([^"]*)"/.exec(o[1])?.[1] ?? "",
    }));
    questions.push({ id: m[2], kind, prompt: "", options } as QuizKey["questions"][number]);
  }
  return { questions };
}

async function scripts(page: Page) {
  const srcs = await page.locator("script[src]").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
  return Promise.all(srcs.map(async (src) => (await page.request.get(src)).text()));
}

test("an editor adapts a module, a second editor approves, Anna passes the new version", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "fortbildung@musterstadt.example");
  await page.goto("/authoring");
  await expect(page.getByRole("heading", { name: "Redaktion", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Aktiv zuhören – auch über Sprachgrenzen hinweg in unsere Bibliothek kopieren" }).click();
  // Opening the copy compiles its preview on the server: seconds on a busy machine.
  await expect(page.getByRole("heading", { name: /bearbeiten$/, level: 1 })).toBeVisible({ timeout: 30_000 });
  // The form is driven by the page's script (field errors, the body kept across a refusal):
  // typing before it is live can race the hydration on a busy machine.
  await waitUntilLive(page);
  const editUrl = page.url();
  // The frontmatter is a form: a bad value is refused on its field, in German, and nothing is saved.
  await expect(page.getByRole("textbox", { name: "Titel" })).toHaveValue("Aktiv zuhören – auch über Sprachgrenzen hinweg");
  await page.getByRole("spinbutton", { name: "Dauer in Minuten" }).fill("600");
  await page.getByRole("button", { name: "Entwurf speichern" }).click();
  await expect(page.getByText("Bitte eine ganze Zahl von 5 bis 60 angeben.")).toBeVisible();
  await expect(page.getByRole("spinbutton", { name: "Dauer in Minuten" })).toHaveAttribute("aria-invalid", "true");
  await waitUntilLive(page);
  await page.getByRole("spinbutton", { name: "Dauer in Minuten" }).fill("16");
  await page.getByRole("textbox", { name: "Titel" }).fill(newTitle);
  const source = await page.getByRole("textbox", { name: "Modultext (MDX)" }).inputValue();
  expect(source).not.toContain("passMark:");
  await page.getByRole("textbox", { name: "Modultext (MDX)" }).fill(source.replace("Was ist das wichtigste Ziel einer Paraphrase im Beratungsgespräch?", newPrompt));
  await page.getByRole("button", { name: "Entwurf speichern" }).click();
  // Saving changed text compiles the preview again: seconds on a busy machine, as above.
  await expect(page.getByText("Entwurf gespeichert.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("textbox", { name: "Titel" })).toHaveValue(newTitle);
  // The preview shows the changed text as learners will see it, and its quiz can be tried.
  const preview = page.locator(".authoring-preview");
  await expect(preview.getByRole("heading", { name: newTitle })).toBeVisible();
  await expect(preview.getByText(newPrompt)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  const exported = await (await page.request.get(`${editUrl}/export`)).text();
  expect(exported).toContain(`title: ${newTitle}`);
  // The same draft as a course folder (.zip) that courses/ understands.
  const archive = await page.request.get(`${editUrl}/export?format=zip`);
  expect(archive.headers()["content-type"]).toBe("application/zip");
  expect(Object.keys(unzipSync(new Uint8Array(await archive.body()))).sort()).toEqual([`${courseId}/${moduleId}.mdx`, `${courseId}/course.yaml`]);
  const key = keyFromSource(exported);
  expect(key.questions.length).toBeGreaterThan(8);
  await page.getByRole("button", { name: "Zur Prüfung geben" }).click();
  await expect(page.getByText("Fassung 1 wartet jetzt auf die Prüfung")).toBeVisible();
  await expect(page.getByRole("button", { name: "Freigeben und veröffentlichen" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, "hr@musterstadt.example");
  await page.goto(editUrl);
  await page.getByRole("button", { name: "Freigeben und veröffentlichen" }).click();
  await expect(page.getByText("Fassung 1 ist veröffentlicht.")).toBeVisible();
  await signOut(page);

  await signIn(page, "anna.schmidt@musterstadt.example");
  const modulePath = `/courses/${courseId}/${moduleId}`;
  await page.goto(modulePath);
  await expect(page.getByRole("heading", { name: newTitle, level: 1 })).toBeVisible();
  await expect(page.getByTestId("module-version")).toHaveText("Angepasste Fassung 1 Ihrer Behörde");
  // Answer-key scan of the authored module: page, .data and every script.
  const html = await page.content();
  const data = await (await page.request.get(`${modulePath}.data`)).text();
  const code = (await scripts(page)).join("\n");
  for (const q of key.questions)
    for (const o of q.options) {
      const probe = o.explanation.slice(0, 40);
      expect(html).not.toContain(probe);
      expect(data).not.toContain(probe);
      expect(code).not.toContain(probe);
    }
  await answer(page, key, "best");
  await page.getByRole("button", { name: "Antworten absenden" }).click();
  await expect(page.getByText(/^Bestanden: \d+ %/)).toBeVisible();
  await expect(page.getByTestId("module-version")).toHaveText("Angepasste Fassung 1 Ihrer Behörde");
  // Her profile's evidence names the module as the authority titled it and the version she passed.
  await page.goto("/profile");
  await expect(page.locator(".evidence-list li", { hasText: newTitle }).first()).toContainText(`${newTitle} (Fassung 1)`);
  await signOut(page);

  // The editor withdraws the version with a reason: learners see why, and the built-in module again.
  await signIn(page, "fortbildung@musterstadt.example");
  await page.goto(editUrl);
  await page.getByLabel("Grund (sehen die Lernenden)").fill("Wird an die neue Dienstanweisung angepasst.");
  await page.getByRole("button", { name: "Zurückziehen" }).click();
  await expect(page.getByText("Fassung 1 wurde zurückgezogen.")).toBeVisible();
  await signOut(page);
  await signIn(page, "anna.schmidt@musterstadt.example");
  await page.goto(modulePath);
  await expect(page.getByRole("heading", { name: "Aktiv zuhören – auch über Sprachgrenzen hinweg", level: 1 })).toBeVisible();
  await expect(page.getByText(/Wird an die neue Dienstanweisung angepasst\./)).toBeVisible();
});

test("an editor writes a new module in a new course of the authority, a second editor approves, Anna finds it in /courses", async ({ page }) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const courseSlug = `vor-ort-${suffix}`;
  const moduleSlug = `kultur-bei-uns-${suffix}`;
  const courseTitle = `Unsere Abläufe in Musterstadt ${suffix}`;
  const moduleTitle = `Kultur am Schalter in Musterstadt ${suffix}`;
  await signIn(page, "fortbildung@musterstadt.example");
  await page.goto("/authoring");
  const newCourse = page.getByRole("region", { name: "Eigenen Kurs anlegen" });
  // A slug that climbs out of its folder is refused on its field.
  await newCourse.getByLabel("Kennung (für die Adresse)").fill("../etc");
  await newCourse.getByLabel("Titel").fill(courseTitle);
  await newCourse.getByLabel("Kurzbeschreibung").fill("Termine, Ansprechstellen und Öffnungszeiten vor Ort.");
  await newCourse.getByRole("button", { name: "Kurs anlegen" }).click();
  await expect(newCourse.getByText("Bitte nur Kleinbuchstaben, Ziffern und einzelne Bindestriche verwenden")).toBeVisible();
  await newCourse.getByLabel("Kennung (für die Adresse)").fill(courseSlug);
  await newCourse.getByRole("button", { name: "Kurs anlegen" }).click();
  await expect(page.getByText("Der Kurs wurde angelegt.")).toBeVisible();
  await expect(page.getByRole("heading", { name: new RegExp(courseTitle), level: 3 })).toBeVisible();

  const newModule = page.getByRole("region", { name: "Neues Modul schreiben" });
  await expect(newModule.getByLabel("Kurs")).toHaveValue(courseSlug);
  await newModule.getByLabel("Kennung (für die Adresse)").fill(moduleSlug);
  await newModule.getByLabel("Titel").fill(moduleTitle);
  await newModule.getByLabel("Kurzbeschreibung").fill("Was Kultur am Schalter erklärt und was nicht.");
  await newModule.getByLabel(/Bescheinigte Kompetenz/).selectOption("k.culture-concepts");
  await newModule.getByRole("button", { name: "Modul anlegen" }).click();
  await expect(page.getByRole("heading", { name: /bearbeiten$/, level: 1 })).toBeVisible({ timeout: 30_000 });
  const editUrl = page.url();
  await expect(page.getByRole("textbox", { name: "Titel" })).toHaveValue(moduleTitle);
  // The editor writes the module (here: the text of a built-in module) and sends it to review.
  const builtIn = await (await page.request.get("/authoring")).text();
  expect(builtIn).toContain(moduleTitle);
  const body = fs.readFileSync(path.join("courses", "interkulturelle-grundlagen", "kultur-als-orientierungssystem.mdx"), "utf8").replace(/^---[\s\S]*?\n---\n/, "");
  await page.getByRole("textbox", { name: "Modultext (MDX)" }).fill(body);
  await page.getByRole("button", { name: "Entwurf speichern" }).click();
  await expect(page.getByText("Entwurf gespeichert.")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Zur Prüfung geben" }).click();
  await expect(page.getByText("Fassung 1 wartet jetzt auf die Prüfung")).toBeVisible();
  await signOut(page);

  await signIn(page, "hr@musterstadt.example");
  await page.goto(editUrl);
  await page.getByRole("button", { name: "Freigeben und veröffentlichen" }).click();
  await expect(page.getByText("Fassung 1 ist veröffentlicht.")).toBeVisible();
  await page.goto("/authoring");
  await expect(page.getByRole("row", { name: new RegExp(moduleTitle) })).toContainText("Veröffentlicht: Fassung 1");
  await expectNoSeriousAxeViolations(page);
  await signOut(page);

  await signIn(page, "anna.schmidt@musterstadt.example");
  await page.goto("/courses");
  await page.getByRole("link", { name: new RegExp(courseTitle) }).first().click();
  await expect(page.getByRole("heading", { name: courseTitle, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(moduleTitle) }).first().click();
  await expect(page.getByRole("heading", { name: moduleTitle, level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Antworten absenden" })).toBeVisible();
});
