// End-to-end tests in Debian's Chromium against the production build on a fresh embedded
// database (scripts/e2e-server.mjs). Playwright cannot download its own browser here.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: ".cache/playwright-results.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "de-DE",
    trace: "off",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { PORT: String(port), HORIZONT_BANNER: "0", LOG_LEVEL: "warn" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
