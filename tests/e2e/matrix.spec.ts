// The team matrix a lead reads at a glance (issue 18): at 1280 px Jonas's whole team fits
// without sideways scrolling, grouped by the three dimensions, short column titles that keep the
// full name for screen readers and never break a word where it has no soft hyphen; a gap cell
// reached with the keyboard names member, competence and gap and leads in one step to a
// prefilled assignment. Printed, the matrix fills one A4 landscape page.
import { expect, test } from "@playwright/test";
import { expectNoSeriousAxeViolations, signIn, waitUntilLive } from "./support";

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "jonas.weber@musterstadt.example");
  await page.goto("/team");
});

test("at 1280 px the matrix fits without scrolling, grouped by dimension, with readable column titles", async ({ page }) => {
  const region = page.getByRole("region", { name: /Lücken je Mitglied und Kompetenz/ });
  await expect(region).toBeVisible();
  const columns = region.locator("thead th.matrix-col");
  const count = await columns.count();
  expect(count, "competence columns").toBeGreaterThanOrEqual(10);
  expect(await region.locator("tbody tr").count(), "members").toBeGreaterThanOrEqual(8);
  // No sideways scrolling, neither page nor region.
  expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // A visible group header per dimension present in the columns.
  await expect(region.getByRole("columnheader", { name: "Wissen", exact: true })).toBeVisible();
  await expect(region.getByRole("columnheader", { name: "Kommunikative Kompetenz", exact: true })).toBeVisible();
  await expect(region.getByRole("columnheader", { name: "Soziale Kompetenz", exact: true })).toBeVisible();
  // Short titles on screen, the full name for screen readers.
  // (which competences are columns depends on the roles in the team, which other stories change)
  await expect(region.getByRole("columnheader", { name: /^(Wege zu einem gesicherten Aufenthalt|Migrations- und Fluchtbiografien|Verständliche Sprache)/ }).first()).toBeVisible();
  // No word broken where it has no hyphenation point: words wrap only at spaces and soft
  // hyphens (overflow-wrap normal), and no title sticks out of its column.
  for (const th of await columns.all()) {
    const fit = await th.evaluate((el) => {
      const link = el.querySelector("a")!;
      return { wrap: getComputedStyle(el).overflowWrap, over: link.scrollWidth - link.clientWidth, height: el.getBoundingClientRect().height };
    });
    expect(fit.wrap).toBe("normal");
    expect(fit.over).toBeLessThanOrEqual(1);
    // No tall blank header block: three lines of title at most.
    expect(fit.height).toBeLessThan(80);
  }
  await expectNoSeriousAxeViolations(page);
});

test("keyboard only: reach a gap cell, read its competence and gap, open the prefilled assignment", async ({ page }) => {
  // Tab from the top of the page to the first gap cell; the line above the matrix then spells it
  // out. The line is filled by a listener the page attaches when it is live: a keyboard user
  // reaches the matrix long after that, a test must wait for it.
  await waitUntilLive(page);
  let onCell = false;
  for (let i = 0; i < 200 && !onCell; i++) {
    await page.keyboard.press("Tab");
    onCell = await page.evaluate(() => document.activeElement?.classList.contains("cell-link") ?? false);
  }
  expect(onCell, "a gap cell is reachable with Tab").toBe(true);
  // The first cell reached is the only one described so far: the line names this cell.
  const info = page.locator("#matrix-focus-info");
  await expect(info).toContainText(/Stufe \d, gefordert \d, Lücke \d\. Modul zuweisen/);
  const text = await info.innerText();
  const [who, rest] = text.split(", ", 2);
  const competence = rest.split(":")[0];
  // The full competence name, not the short column title.
  expect(competence.length).toBeGreaterThan(8);
  await expect(page.getByRole("columnheader", { name: new RegExp(`^${competence}`) })).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/gapFor=.*gapIn=/);
  const form = page.locator("section", { has: page.locator("#assign-title") });
  await expect(page.locator("#assign-title")).toBeFocused();
  await expect(form.locator("#assign-prefilled")).toContainText(`Vorausgefüllt für ${who}`);
  await expect(form.locator("#assign-prefilled")).toContainText(competence);
  // The module that closes (or narrows) the gap is chosen; where no module certifies a higher
  // level (e.g. level 3), the form says so and leaves the choice to the lead.
  const chosen = await form.getByLabel("Modul, Kurs oder Veranstaltung").inputValue();
  if (chosen === "") await expect(form.locator("#assign-prefilled")).toContainText("Kein Modul bescheinigt");
  else expect(chosen).toMatch(/^module:/);
  const [given, ...family] = who.split(" ");
  await expect(form.getByRole("checkbox", { name: new RegExp(`^${family.join(" ")}, ${given}`) })).toBeChecked();
  await expect(form.getByRole("checkbox", { checked: true })).toHaveCount(1);
  await expectNoSeriousAxeViolations(page);
});

test("printed, the team matrix fills one A4 landscape page", async ({ page }) => {
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  // Pages of the PDF as Chromium writes them: one "/Type /Page" object each ("/Pages" is the tree).
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
  expect(pages).toHaveLength(1);
  // A4 landscape: the page is wider than tall (842 × 595 pt).
  const [, w, h] = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString("latin1"))!;
  expect(Math.round(Number(w))).toBe(842);
  expect(Math.round(Number(h))).toBe(595);
});
