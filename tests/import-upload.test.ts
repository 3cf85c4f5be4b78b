// Staff lists as offices really have them: "CSV (Trennzeichen-getrennt)" from Excel on German
// Windows (Windows-1252), UTF-8 with a byte order mark, and .xlsx workbooks; the 20 MiB limit of
// the upload; and what the import writes into the log (no addresses, no set-password links).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseChecksum, h, post, startInProcessServer } from "./support/http-server";
import { testPort } from "./support/ports";

const header = "Vorname;Nachname;E-Mail;Einheit\r\n";
const line = (given: string, family: string, email: string) => `${given};${family};${email};Aufenthalt 1\r\n`;

async function upload(url: string, cookie: string, bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  form.set("file", new Blob([Buffer.from(bytes)]), fileName);
  return post(url, "/hr/import/upload", form, cookie);
}

/** Uploads and returns the preview page's HTML. */
async function preview(url: string, cookie: string, bytes: Uint8Array, fileName: string) {
  const res = await upload(url, cookie, bytes, fileName);
  const body = (await res.json()) as { url?: string; error?: string };
  expect(body.error, JSON.stringify(body)).toBeUndefined();
  const page = await fetch(url + body.url!, { headers: { Cookie: cookie } });
  return { html: await page.text(), batchUrl: body.url! };
}

describe("uploading staff lists over HTTP", () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  let hr: string;
  beforeAll(async () => {
    server = await startInProcessServer(testPort("importUpload"));
    hr = await h.signIn(server.url, "hr@musterstadt.example");
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it("reads “Müller” from a CSV that Excel on German Windows saved (Windows-1252)", async () => {
    const csv = header + line("Jürgen", "Müller", "juergen.mueller@musterstadt.example") + line("Günther", "Weiß", "guenther.weiss@musterstadt.example");
    const bytes = new Uint8Array(Buffer.from(csv, "latin1"));
    expect(bytes.includes(0xfc)).toBe(true); // "ü" as the single byte 0xFC, not UTF-8
    const { html } = await preview(server.url, hr, bytes, "personal.csv");
    expect(html).toContain("Müller");
    expect(html).toContain("Weiß");
    expect(html).not.toContain("\uFFFD");
  });

  it("reads UTF-8 with a byte order mark without a stray character in the first header", async () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header + line("Anke", "Müller-Lüdenscheidt", "anke.ml@musterstadt.example"), "utf8")]));
    const { html } = await preview(server.url, hr, bytes, "personal-utf8.csv");
    expect(html).toContain("Müller-Lüdenscheidt");
    expect(html).not.toMatch(/Es fehlen Spalten|\uFFFD/);
  });

  it("reads an .xlsx workbook directly", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Personal");
    sheet.addRow(["Vorname", "Nachname", "E-Mail", "Einheit", "VZÄ"]);
    sheet.addRow(["Jörg", "Müller", "joerg.mueller@musterstadt.example", "Aufenthalt 1", 0.5]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { html } = await preview(server.url, hr, bytes, "personal.xlsx");
    expect(html).toContain("Müller");
    expect(html).toContain("joerg.mueller@musterstadt.example");
    expect(html).not.toMatch(/Es fehlen Spalten|konnte nicht gelesen/);
  });

  it("refuses a broken .xlsx with a clear message and stores nothing", async () => {
    const before = await databaseChecksum();
    const res = await upload(server.url, hr, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), "kaputt.xlsx");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "hr.import.notReadableXlsx" });
    expect(await databaseChecksum()).toEqual(before);
  });

  it("refuses an upload over 20 MiB with 413 and a clear message, and writes nothing", async () => {
    const before = await databaseChecksum();
    const big = new Uint8Array(20 * 1024 * 1024 + 1024).fill(0x41);
    for (const target of ["/hr/import", "/hr/import/upload"]) {
      const form = new FormData();
      form.set("file", new Blob([big]), "riesig.csv");
      let status = 0;
      let text = "";
      try {
        const res = await post(server.url, target, form, hr);
        status = res.status;
        text = await res.text();
      } catch (error) {
        throw new Error(`${target}: the server dropped the connection instead of answering 413 (${(error as Error).message})`);
      }
      expect(status, target).toBe(413);
      expect(text).toMatch(/too large.*20480 KiB/i);
    }
    expect(await databaseChecksum()).toEqual(before);
  }, 60_000);
});

describe("the import's log (embedded database, where the links used to be logged)", () => {
  let app: Awaited<ReturnType<typeof h.startApp>>;
  let dataDir: string;
  beforeAll(async () => {
    h.ensureBuild();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "horizont-import-log-"));
    app = await h.startApp({ port: testPort("importLog"), env: { DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "info" }, label: "import log server" });
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the set-password links to HR but writes neither addresses nor links into the log", async () => {
    const hr = await h.signIn(app.url, "hr@musterstadt.example");
    const email = "leonie.loggfrei@musterstadt.example";
    const { html, batchUrl } = await preview(app.url, hr, new Uint8Array(Buffer.from(header + line("Leonie", "Loggfrei", email), "utf8")), "neu.csv");
    const batchId = new URL(batchUrl, app.url).searchParams.get("batch")!;
    const commit = await post(app.url, "/hr/import", new URLSearchParams({ intent: "commit", batchId, submissionId: h.hiddenValue(html, "submissionId")! }), hr);
    expect(commit.status).toBe(302);
    const committed = await (await fetch(app.url + batchUrl, { headers: { Cookie: hr } })).text();
    const links = await post(app.url, "/hr/import", new URLSearchParams({ intent: "links", batchId, submissionId: h.hiddenValue(committed, "submissionId")! }), hr);
    const page = await links.text();
    expect(links.status).toBe(200);
    const token = /set-password\?token=([\w-]+)/.exec(page)?.[1];
    expect(token, "the link is shown on the page").toBeTruthy();
    // The child's log lines come through a pipe, later on a busy machine: wait for the line that
    // says how many links were made (only how many) and for the request line of that POST (its
    // X-Request-Id), then read everything logged up to them.
    const logged = () => app.output.stdout + app.output.stderr;
    await expect.poll(logged, { timeout: 30_000, interval: 100 }).toContain("set-password links created");
    await expect.poll(logged, { timeout: 30_000, interval: 100 }).toContain(links.headers.get("x-request-id")!);
    const log = logged();
    expect(log).not.toContain(email);
    expect(log).not.toContain(token!);
    expect(log).not.toContain("set-password?token=");
  }, 120_000);
});
