// A real SIP call (sipp, Debian's sip-tester) to the demo hotline, then the demo owner opens
// Calls: the call record with its IVR path and outcome, and its recording, which plays (the
// link serves a WAV). And a caller waiting in queue `service` while no agent is ready: the
// page shows their place, the agents and the wait they are told, and forgets them once they
// hang up.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";

import { DEMO_PASSWORD, SIP_PORT } from "../playwright.config";
import { demoToken, gql } from "./agents";
import { freeMediaPort } from "./ports";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

async function openCalls(page: Page): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Organisation slug").fill("demo");
  await page.getByLabel("Email", { exact: true }).fill("owner@demo");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByTestId("config-nav").getByRole("link", { name: "Calls" }).click();
  await expect(page.getByTestId("calls-page")).toBeVisible();
}

test.use({ locale: "en-US" });

test("a call to the demo hotline shows up with its recording", async ({ page }) => {
  // Answered by the IVR, held 2 s, hung up by the caller.
  execFileSync(
    "sipp",
    ["-sn", "uac", "-s", "+861085550100", `127.0.0.1:${String(SIP_PORT)}`, "-m", "1", "-d", "2000"]
      .concat(["-nostdin", "-timeout", "30", "-timeout_error", "-i", "127.0.0.1", "-p", "0"]),
    { cwd: tmpdir(), stdio: "ignore" },
  );

  await openCalls(page);

  const row = page.getByTestId("calls-table").locator("tr[data-disposition='completed']").first();
  await expect(row).toContainText("+861085550100");
  await expect(row).toContainText("welcome");
  await expect(row).toContainText("Caller hung up");
  // The recording is uploaded right after the call; the page refreshes every 10 s.
  const player = row.getByTestId("call-recording");
  await expect(player).toBeVisible({ timeout: 20_000 });
  const src = await player.getAttribute("src");
  expect(src).toBeTruthy();
  const wav = await page.request.get(src ?? "");
  expect(wav.status()).toBe(200);
  expect(wav.headers()["content-type"]).toContain("audio/wav");
  expect((await wav.body()).subarray(0, 4).toString("ascii")).toBe("RIFF");
});

test("a caller waiting in a queue shows their place, the agents and the wait they are told", async ({ page, request }) => {
  // Both demo agents are logged in but not ready: the queue has agents, none free.
  const presence = "mutation($s: AgentPresence!) { setPresence(state: $s) { state } }";
  const agents = [await demoToken(request, "agent1@demo"), await demoToken(request, "agent2@demo")];
  for (const token of agents) await gql(request, token, presence, { s: "NOT_READY" });
  const dir = mkdtempSync(join(tmpdir(), "qiao-waiting-"));
  const pcap = join(dir, "caller.pcap");
  execFileSync("python3", [join(REPO, "tests/sipp/tone_pcap.py"), "400", "60", pcap]);
  // Presses 0 after the greeting, waits 30 s in the queue, hangs up.
  const sipp = spawn(
    "sipp",
    ["-sf", join(REPO, "tests/sipp/queue_hold.xml"), "-s", "+861085550100", `127.0.0.1:${String(SIP_PORT)}`, "-m", "1"]
      .concat(["-d", "30000", "-key", "tone", pcap, "-nostdin", "-i", "127.0.0.1", "-p", "0"])
      .concat(["-mp", String(await freeMediaPort()), "-timeout", "90", "-timeout_error"]),
    { cwd: dir, stdio: "ignore" },
  );
  const sippDone = new Promise<number | null>((done) => sipp.on("exit", done));
  try {
    await openCalls(page);
    // The page refreshes every 10 s.
    const row = page.getByTestId("waiting-table").locator("tr[data-position='1']");
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText("service");
    await expect(row).toContainText("+8613800138000");
    await expect(row.getByTestId("agents-free")).toHaveText("0 / 2");
    // One caller, two agents busy: half of a talk time, in minutes or less.
    await expect(row.getByTestId("expected-wait")).toContainText(/minute/);
    // The caller hangs up: the next refresh forgets them.
    expect(await sippDone).toBe(0);
    await expect(page.getByTestId("waiting-table")).toBeHidden({ timeout: 15_000 });
    await expect(page.getByText("Nobody is waiting in a queue.")).toBeVisible();
    const abandoned = page.getByTestId("calls-table").locator("tr[data-disposition='abandoned']").first();
    await expect(abandoned).toContainText("+8613800138000");
  } finally {
    if (sipp.exitCode === null) sipp.kill();
    for (const token of agents) await gql(request, token, presence, { s: "LOGGED_OUT" });
    rmSync(dir, { recursive: true, force: true });
  }
});
