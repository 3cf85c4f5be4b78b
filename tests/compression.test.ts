// Compression as a browser sees it on the production server: pages and build assets come
// brotli-compressed when the browser accepts brotli, gzip-compressed when it accepts only gzip,
// and unchanged when it asks for neither; build assets are the pre-compressed copies written at
// build time (scripts/precompress.mjs), which must decompress to the very file they stand for,
// with the original's type, long immutable caching and Vary: Accept-Encoding.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInProcessServer } from "./support/http-server";
import { testPort } from "./support/ports";

const root = path.resolve(import.meta.dirname, "..");
let server: Awaited<ReturnType<typeof startInProcessServer>>;

/** The raw bytes and headers of an answer (fetch would decompress them for us). */
function raw(url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const headers: Record<string, string> = acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding };
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

function decode(encoding: string | undefined, body: Buffer) {
  if (encoding === "br") return zlib.brotliDecompressSync(body);
  if (encoding === "gzip") return zlib.gunzipSync(body);
  return body;
}

describe("compression", () => {
  let script: string;
  let stylesheet: string;

  beforeAll(async () => {
    server = await startInProcessServer(testPort("compression"));
    const page = await raw(`${server.url}/login`);
    const html = page.body.toString("utf8");
    // The largest script the page loads (the smallest ones are not worth compressing).
    const scripts = [...new Set(html.match(/\/build\/[\w/.-]+\.js/g))];
    const size = (asset: string) => fs.statSync(path.join(root, "public", asset)).size;
    script = scripts.sort((a, b) => size(b) - size(a))[0]!;
    expect(size(script)).toBeGreaterThan(50_000);
    stylesheet = html.match(/\/build\/_assets\/app-[A-Z0-9]+\.css/)![0];
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it("compresses a page with brotli when the browser accepts it, gzip when it accepts only gzip", async () => {
    const identity = await raw(`${server.url}/login`);
    expect(identity.status).toBe(200);
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.body.toString("utf8")).toContain("<html");

    for (const [accept, expected] of [
      ["gzip, deflate, br", "br"],
      ["br", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
    ] as const) {
      const res = await raw(`${server.url}/login`, accept);
      expect(res.status, accept).toBe(200);
      expect(res.headers["content-encoding"], accept).toBe(expected);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      const text = decode(expected, res.body).toString("utf8");
      expect(text, accept).toContain("<html");
      expect(text, accept).toContain("</html>");
      // Compression is worth it: the page travels at a fraction of its size.
      expect(res.body.length, accept).toBeLessThan(identity.body.length / 2);
    }
  });

  it("sends a page unchanged to a client that asks for no encoding or only for identity", async () => {
    for (const accept of [undefined, "identity", "br;q=0, gzip;q=0"]) {
      const res = await raw(`${server.url}/login`, accept);
      expect(res.headers["content-encoding"], String(accept)).toBeUndefined();
      expect(res.body.toString("utf8"), String(accept)).toContain("</html>");
    }
  });

  it("serves build assets from their pre-compressed copies, which decompress to the original file", async () => {
    for (const asset of [script, stylesheet]) {
      const original = fs.readFileSync(path.join(root, "public", asset));
      expect(fs.existsSync(path.join(root, "public", `${asset}.br`)), asset).toBe(true);
      const plain = await raw(server.url + asset);
      expect(plain.status).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body.equals(original)).toBe(true);
      for (const [accept, expected, suffix] of [
        ["gzip, deflate, br", "br", ".br"],
        ["gzip", "gzip", ".gz"],
      ] as const) {
        const res = await raw(server.url + asset, accept);
        expect(res.status, `${asset} ${accept}`).toBe(200);
        expect(res.headers["content-encoding"]).toBe(expected);
        expect(res.headers["content-type"]).toBe(plain.headers["content-type"]);
        expect(res.headers["content-type"]).toMatch(asset.endsWith(".js") ? /javascript/ : /text\/css/);
        expect(res.headers["cache-control"]).toMatch(/max-age=31536000/);
        expect(res.headers["cache-control"]).toMatch(/immutable/);
        expect(res.headers.vary).toMatch(/accept-encoding/i);
        // The bytes sent are the copy written at build time, and it is the original file.
        expect(res.body.equals(fs.readFileSync(path.join(root, "public", asset + suffix)))).toBe(true);
        expect(decode(expected, res.body).equals(original)).toBe(true);
      }
    }
  });

  it("answers a missing asset with 404, not with a compressed copy of something else", async () => {
    const res = await raw(`${server.url}/build/_shared/no-such-chunk.js`, "br");
    expect(res.status).toBe(404);
  });

  it("serves no file outside the build folder through the pre-compressed copies", async () => {
    // None of these may answer with a file from outside public/build, compressed or not.
    const secret = fs.readFileSync(path.join(root, "package.json"), "utf8");
    for (const attempt of ["/build/..%2f..%2fpackage.json", "/build/%2e%2e/%2e%2e/package.json", "/build/..%5c..%5cpackage.json"]) {
      for (const accept of ["br", "gzip", undefined]) {
        const res = await raw(server.url + attempt, accept);
        const text = decode(res.headers["content-encoding"], res.body).toString("utf8");
        expect(text.includes('"name": "horizont"') && text === secret, `${attempt} ${accept}`).toBe(false);
        // Refused (the error page itself may well be compressed: that is the middleware's work).
        expect(res.status, `${attempt} ${accept}`).toBeGreaterThanOrEqual(400);
      }
    }
  });
});
