// A real SIP call (sipp, Debian's sip-tester) to the demo hotline, then the demo owner opens
// Calls: the call record with its IVR path and outcome, and its recording, which plays (the
// link serves a WAV).
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD, SIP_PORT } from "../playwright.config";

test.use({ locale: "en-US" });

test("a call to the demo hotline shows up with its recording", async ({ page }) => {
  // Answered by the IVR, held 2 s, hung up by the caller.
  execFileSync(
    "sipp",
    ["-sn", "uac", "-s", "+861085550100", `127.0.0.1:${String(SIP_PORT)}`, "-m", "1", "-d", "2000"]
      .concat(["-nostdin", "-timeout", "30", "-timeout_error", "-i", "127.0.0.1", "-p", "0"]),
    { cwd: tmpdir(), stdio: "ignore" },
  );

  await page.goto("/login");
  await page.getByLabel("Organisation slug").fill("demo");
  await page.getByLabel("Email", { exact: true }).fill("owner@demo");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByTestId("config-nav").getByRole("link", { name: "Calls" }).click();
  await expect(page.getByTestId("calls-page")).toBeVisible();

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
