// End-to-end tests of the built console against the real backend: `$QIAO_BIN serve` on a
// fresh data directory, serving web/console/dist at `/` and GraphQL at `/graphql`.
import { defineConfig } from "@playwright/test";
import { accessSync, constants, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

const bin = process.env.QIAO_BIN;
if (!bin) {
  throw new Error(
    "QIAO_BIN is not set. Point it at a built qiao binary, e.g.\n" +
      "  QIAO_BIN=$HOME/.cache/qiao-target/debug/qiao npm run e2e",
  );
}
try {
  accessSync(bin, constants.X_OK);
} catch {
  throw new Error(`QIAO_BIN=${bin} is not an executable file.`);
}

const consoleDir = resolve(here, "dist");
if (!existsSync(join(consoleDir, "index.html"))) {
  throw new Error(`${consoleDir}/index.html is missing: run \`npm run build\` first.`);
}

const port = Number(process.env.QIAO_E2E_PORT ?? "18080");
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  throw new Error(`QIAO_E2E_PORT=${process.env.QIAO_E2E_PORT ?? ""} is not a port number.`);
}

// The config is evaluated again in each worker; the environment carries the directory over so
// that the main process creates exactly one.
if (!process.env.QIAO_E2E_DATA_DIR) {
  process.env.QIAO_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), "qiao-e2e-"));
  process.env.QIAO_E2E_DATA_DIR_CREATED = "1";
}
const dataDir = process.env.QIAO_E2E_DATA_DIR;
const baseURL = `http://127.0.0.1:${port}`;
// For tests that launch browsers of their own (e2e/desk.spec.ts: one per agent).
export const BASE_URL = baseURL;
// SIP for the tests that place real calls (e2e/calls.spec.ts and e2e/desk.spec.ts, with sipp).
export const SIP_PORT = port + 1;
// The demo tenant is seeded with this owner password (see e2e/demo.spec.ts).
export const DEMO_PASSWORD = "Demo-Harbour-Ferry-2026";

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["line"]] : [["list"]],
  use: {
    baseURL,
    locale: "en-US",
    headless: true,
    browserName: "chromium",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `"${bin}" serve --demo`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      QIAO_HTTP_ADDR: `127.0.0.1:${port}`,
      QIAO_SIP_ADDR: `127.0.0.1:${SIP_PORT}`,
      QIAO_DATA_DIR: dataDir,
      QIAO_HTTP_CONSOLE_DIR: consoleDir,
      QIAO_DEMO_PASSWORD: DEMO_PASSWORD,
    },
  },
});
