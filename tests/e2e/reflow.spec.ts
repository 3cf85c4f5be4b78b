// Reflow (WCAG 2.1 1.4.10): no page scrolls sideways. For each demo role a crawler follows the
// links of the navigation and the pages (same origin, GET, no sign-out or downloads, bounded,
// one visit per path pattern so /profile/<id> counts once per role) and measures every page at
// 320 px and 1280 px and as printed (print media on an A4 portrait width). Error pages (404,
// 403) are measured the same way. Only a data table's own scroll region may scroll sideways.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";

const widths = [320, 1280];
/** A4 at 96 dpi: portrait, and landscape less 8 mm margins, the widths a print view must fit. */
const printWidth = 794;
const landscapeWidth = 1062;
const maxPagesPerRole = 120;

const roles: { name: string; email: string | null }[] = [
  { name: "anonymous", email: null },
  { name: "employee (Anna)", email: "anna.schmidt@musterstadt.example" },
  { name: "lead (Jonas)", email: "jonas.weber@musterstadt.example" },
  { name: "HR", email: "hr@musterstadt.example" },
  { name: "admin", email: "admin@musterstadt.example" },
];

/** Paths that are no pages: sign-out, downloads and files, and the directory sign-in (it leaves for the provider's own pages). */
const skip = [/^\/logout/, /\/export/, /\.(csv|xlsx|json|pdf|zip|js|css|png|svg|ics|mdx)$/, /^\/course-code\//, /^\/healthz/, /^\/bench\//, /^\/account\/data/, /^\/hr\/import\/upload/, /^\/auth\//, /\/certificate$/];

/** One visit per path pattern: ids (uuids, numbers, certificate codes) become a placeholder. */
function pattern(path: string) {
  return path
    .split("/")
    .map((s) => (/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(s) || /^\d+$/.test(s) || /^[A-Z0-9]{4,}(-[A-Z0-9]{4,})+$/.test(s) ? ":id" : s))
    .join("/");
}

type Overflow = { path: string; view: string; scrollWidth: number; innerWidth: number; culprits: string[] };

/** The document's width against the viewport, with the widest elements that stick out. */
async function measure(page: Page, path: string, view: string): Promise<Overflow | null> {
  const r = await page.evaluate(() => {
    const inner = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (box.right > inner + 1 && culprits.length < 5) {
        // Report the outermost element that sticks out, not all its children.
        if (!culprits.some((c) => el.parentElement && c === describe(el.parentElement))) culprits.push(describe(el));
      }
    }
    function describe(el: Element) {
      const cls = typeof el.className === "string" && el.className ? `.${el.className.split(/\s+/).join(".")}` : "";
      return `${el.tagName.toLowerCase()}${cls} (${Math.round(el.getBoundingClientRect().right)}px)`;
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: inner, culprits };
  });
  return r.scrollWidth > r.innerWidth ? { path, view, ...r } : null;
}

async function measureAll(page: Page, path: string): Promise<Overflow[]> {
  const found: Overflow[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    const o = await measure(page, path, `${width} px`);
    if (o) found.push(o);
  }
  await page.emulateMedia({ media: "print" });
  // A page that asks for landscape paper (a named @page, e.g. the team matrix) is measured on it.
  const landscape = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue("page") !== "auto");
  await page.setViewportSize(landscape ? { width: landscapeWidth, height: 794 } : { width: printWidth, height: 1123 });
  const o = await measure(page, path, "print");
  if (o) found.push(o);
  await page.emulateMedia({ media: "screen" });
  return found;
}

async function linksOf(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.locator("a[href]:not([download])").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const paths: string[] = [];
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin) continue;
    if (skip.some((re) => re.test(url.pathname))) continue;
    paths.push(url.pathname + url.search);
  }
  return paths;
}

/**
 * Course modules show the same page to every role: measured once in the whole crawl (keeps the
 * run short; each role still reaches them through its own links).
 */
const shared = /^\/courses\/[^/]+\/[^/]+$/;
const sharedSeen = new Set<string>();

for (const role of roles) {
  test(`no page scrolls sideways for ${role.name} (crawl at 320 and 1280 px and in print)`, async ({ page, baseURL }) => {
    test.setTimeout(150_000);
    const origin = new URL(baseURL!).origin;
    if (role.email) await signIn(page, role.email);
    const start = role.email ? "/" : "/login";
    const queue = [start];
    const seen = new Set<string>([pattern(start)]);
    const overflows: Overflow[] = [];
    let visited = 0;
    while (queue.length > 0 && visited < maxPagesPerRole) {
      const path = queue.shift()!;
      const response = await page.goto(path);
      visited++;
      if (!response || !(response.headers()["content-type"] ?? "").includes("text/html")) continue;
      overflows.push(...(await measureAll(page, path)));
      for (const next of await linksOf(page, origin)) {
        const key = pattern(next.split("?")[0]);
        if (seen.has(key) || (shared.test(key) && sharedSeen.has(key))) continue;
        seen.add(key);
        if (shared.test(key)) sharedSeen.add(key);
        queue.push(next);
      }
    }
    // Error pages, for this role.
    const errors = ["/gibt-es-nicht"];
    if (role.email === "anna.schmidt@musterstadt.example") errors.push("/hr", "/admin", "/team");
    for (const path of errors) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeGreaterThanOrEqual(400);
      visited++;
      overflows.push(...(await measureAll(page, path)));
    }
    console.log(`reflow crawl, ${role.name}: ${visited} pages, each at ${widths.join(" and ")} px and in print`);
    expect(visited, "the crawler reached pages beyond the start").toBeGreaterThan(role.email ? 5 : 2);
    expect(overflows.map((o) => `${o.path} at ${o.view}: document ${o.scrollWidth} px in ${o.innerWidth} px; ${o.culprits.join(", ")}`)).toEqual([]);
  });
}
