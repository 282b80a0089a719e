// The agent desktop end to end, with real parts only: sipp calls the demo hotline, presses 0 for
// queue `service` and plays a 400 Hz "voice"; agent1 answers in headless Chromium (its fake
// microphone plays 1000 Hz), talks, then transfers blind to agent2 (1600 Hz), who talks and hangs
// up. Then, as the owner: the call's legs with agent1's wrap-up, and the recording, where the
// caller is on the left and the two agents, one after the other, on the right. (Consultation and
// conference in the browser: e2e/desk-dial.spec.ts, on a call agent1 dials.)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Page } from "@playwright/test";

import { SIP_PORT } from "../playwright.config";
import { agentBrowser, demoToken, gql, openDesk, wrapUp } from "./agents";
import { parseWav, toneShares, toneWav } from "./audio";
import { freeMediaPort } from "./ports";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const HOTLINE = "+861085550100";
const CALLER = "+8613800138000";
/** A window counts as carrying a tone when the tone has this share of its energy. */
const TONE_SHARE = 0.2;

const soft = expect.configure({ soft: true });

/** Waits for the offer, checks its screen pop and answers it. */
async function answerOffer(page: Page): Promise<void> {
  const offer = page.getByTestId("offer-card");
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expect(offer.getByTestId("pop-caller")).toContainText(CALLER);
  await expect(offer.getByTestId("pop-ivr-path")).toContainText("agent");
  await expect(offer.getByTestId("pop-digits")).toContainText("0");
  await offer.getByTestId("answer-button").click();
  await expect(offer).toBeHidden();
  await expect(page.getByTestId("call-status")).toHaveAttribute("data-status", "connected", { timeout: 15_000 });
  await expect(page.getByTestId("call-timer")).toBeVisible();
}

/** Audio flows both ways as the browser counts it (RTP packets sent and received) and the
 * caller is heard (the level of what arrives). */
async function checkLine(page: Page): Promise<void> {
  const line = page.getByTestId("line-stats");
  await expect(line).toBeVisible();
  const count = async (attribute: string) => Number((await line.getAttribute(attribute)) ?? "0");
  await soft.poll(() => count("data-sent"), { message: "RTP packets sent by the browser", timeout: 10_000 }).toBeGreaterThan(50);
  await soft.poll(() => count("data-received"), { message: "RTP packets received by the browser", timeout: 10_000 }).toBeGreaterThan(50);
  // The caller's tone is loud (0.37 of full scale); silence or comfort noise stays far below.
  await soft.poll(() => count("data-level"), { message: "the caller's level in the browser", timeout: 10_000 }).toBeGreaterThan(0.05);
  console.log(`line: ${String(await count("data-sent"))} sent, ${String(await count("data-received"))} received, level ${String(await count("data-level"))}`);
}

/** The first index whose value reaches `min`, or -1. */
function firstAt(values: readonly number[], min: number): number {
  return values.findIndex((v) => v >= min);
}

test("a call reaches agent1 in the browser, is transferred to agent2 and recorded both ways", async ({ request }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "qiao-desk-"));
  const browsers: Browser[] = [];
  let sipp: ReturnType<typeof spawn> | null = null;
  try {
    const micWav = (name: string, hz: number) => {
      const path = join(dir, name);
      writeFileSync(path, toneWav(hz, 60));
      return path;
    };
    const mic1 = micWav("agent1.wav", 1000);
    const mic2 = micWav("agent2.wav", 1600);
    const callerPcap = join(dir, "caller.pcap");
    const pcap = spawn("python3", [join(REPO, "tests/sipp/tone_pcap.py"), "400", "60", callerPcap], { stdio: "inherit" });
    expect(await new Promise<number | null>((done) => pcap.on("exit", done))).toBe(0);

    const b1 = await agentBrowser(mic1);
    browsers.push(b1);
    const b2 = await agentBrowser(mic2);
    browsers.push(b2);

    const a1 = await openDesk(b1, "agent1@demo");
    await a1.getByTestId("presence-available").click();
    await expect(a1.getByTestId("presence-state")).toHaveAttribute("data-state", "AVAILABLE");
    // agent2 is logged in but on a break, so the call goes to agent1.
    const a2 = await openDesk(b2, "agent2@demo");
    await a2.getByTestId("presence-not-ready").click();
    await expect(a2.getByTestId("presence-state")).toHaveAttribute("data-state", "NOT_READY");

    const placedAt = Date.now();
    let sippOutput = "";
    sipp = spawn(
      "sipp",
      ["-sf", join(REPO, "tests/sipp/agent_call.xml"), "-s", HOTLINE, `127.0.0.1:${String(SIP_PORT)}`, "-m", "1"]
        .concat(["-key", "tone", callerPcap, "-nostdin", "-i", "127.0.0.1", "-p", "0", "-mp", String(await freeMediaPort())])
        .concat(["-timeout", "150", "-timeout_error"]),
      { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    sipp.stdout?.on("data", (chunk: Buffer) => (sippOutput += chunk.toString()));
    sipp.stderr?.on("data", (chunk: Buffer) => (sippOutput += chunk.toString()));
    const sippDone = new Promise<number | null>((done) => sipp?.on("exit", done));

    await test.step("agent1 answers and talks", async () => {
      await answerOffer(a1);
      await checkLine(a1);
      // Keys go to the caller (they offered telephone-event): no error comes back.
      await a1.getByTestId("call-key-5").click();
      await a1.getByTestId("call-key-#").click();
      await expect(a1.getByTestId("desk-error")).toHaveCount(0);
      await a1.waitForTimeout(4_000);
    });

    await test.step("agent1 transfers to agent2 and wraps up", async () => {
      await a2.getByTestId("presence-available").click();
      await expect(a2.getByTestId("presence-state")).toHaveAttribute("data-state", "AVAILABLE");
      const select = a1.getByTestId("transfer-target-select");
      // Agents see their own events only: agent2 shows up in the list with the next poll.
      const option = select.locator('option[data-email="agent2@demo"]');
      await expect(option).toHaveCount(1, { timeout: 20_000 });
      await select.selectOption((await option.getAttribute("value")) ?? "");
      await a1.getByTestId("transfer-button").click();
      await expect(a1.getByTestId("call-panel")).toBeHidden();
      await wrapUp(a1, "resolved", "Passed on to agent2 for the refund.");
      await expect(a1.getByTestId("presence-state")).toHaveAttribute("data-state", "AVAILABLE");
    });

    await test.step("agent2 answers, talks and hangs up", async () => {
      await answerOffer(a2);
      await checkLine(a2);
      await a2.waitForTimeout(4_000);
      await a2.getByTestId("hangup-button").click();
      await expect(a2.getByTestId("call-panel")).toBeHidden();
      await wrapUp(a2, "follow_up", "");
      const code = await Promise.race([sippDone, new Promise<string>((done) => {
          setTimeout(() => {
            done("timeout");
          }, 20_000);
        })]);
      expect(code, `sipp did not complete its scenario:\n${sippOutput}`).toBe(0);
    });

    await test.step("the owner sees the legs and the recording", async () => {
      const token = await demoToken(request, "owner@demo");
      const { users } = await gql<{ users: { id: string; email: string }[] }>(request, token, "{ users { id email } }");
      const agent1 = users.find((u) => u.email === "agent1@demo")?.id ?? "";
      const agent2 = users.find((u) => u.email === "agent2@demo")?.id ?? "";
      const { calls } = await gql<{ calls: { id: string; caller: string; disposition: string; startedAt: string }[] }>(
        request,
        token,
        "{ calls(limit: 20) { id caller disposition startedAt } }",
      );
      const call = calls
        .filter((c) => c.caller === CALLER && Date.parse(c.startedAt) >= placedAt - 5_000)
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
      expect(call?.disposition).toBe("completed");
      const callId = call?.id ?? "";

      const { callLegs } = await gql<{ callLegs: { agentId: string; outcome: string; answeredAt: string | null; wrapUpCode: string | null; notes: string }[] }>(
        request,
        token,
        "query($id: ID!) { callLegs(callId: $id) { agentId outcome answeredAt wrapUpCode notes } }",
        { id: callId },
      );
      const leg1 = callLegs.find((l) => l.agentId === agent1);
      const leg2 = callLegs.find((l) => l.agentId === agent2);
      expect(leg1).toMatchObject({ outcome: "transferred", wrapUpCode: "resolved", notes: "Passed on to agent2 for the refund." });
      expect(leg1?.answeredAt).toBeTruthy();
      expect(leg2).toMatchObject({ outcome: "ended", wrapUpCode: "follow_up" });
      expect(leg2?.answeredAt).toBeTruthy();

      interface Rec {
        url: string | null;
        legs: { side?: string; party?: string; channel?: string }[];
      }
      let recording: Rec | undefined;
      await expect
        .poll(
          async () => {
            const { recordings } = await gql<{ recordings: Rec[] }>(request, token, "query($id: ID!) { recordings(callId: $id) { url legs } }", { id: callId });
            recording = recordings[0];
            return recording?.url ?? null;
          },
          { message: "the recording is stored", timeout: 30_000, intervals: [1_000] },
        )
        .not.toBeNull();
      const agentParties = (recording?.legs ?? []).filter((l) => l.side === "agent").map((l) => l.party);
      expect(agentParties).toEqual(expect.arrayContaining([agent1, agent2]));

      const wav = await request.get(recording?.url ?? "");
      expect(wav.status()).toBe(200);
      const audio = parseWav(await wav.body());
      expect([audio.sampleRate, audio.channels.length]).toEqual([8000, 2]);
      const [left, right] = audio.channels;
      const caller = toneShares(left ?? new Int16Array(), 400, audio.sampleRate);
      const first = toneShares(right ?? new Int16Array(), 1000, audio.sampleRate);
      const second = toneShares(right ?? new Int16Array(), 1600, audio.sampleRate);
      const shares = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ");
      const report = `left 400 Hz (caller):   ${shares(caller)}\nright 1000 Hz (agent1): ${shares(first)}\nright 1600 Hz (agent2): ${shares(second)}\n`;
      console.log(`tone shares per second of the recording:\n${report}`);
      await test.info().attach("tone shares per second", { contentType: "text/plain", body: report });
      expect(caller.filter((s) => s >= TONE_SHARE).length, "seconds of the caller's 400 Hz on the left").toBeGreaterThanOrEqual(10);
      soft(firstAt(first, TONE_SHARE), `agent1's 1000 Hz on the right: ${shares(first)}`).toBeGreaterThanOrEqual(0);
      soft(firstAt(second, TONE_SHARE), `agent2's 1600 Hz on the right: ${shares(second)}`).toBeGreaterThan(firstAt(first, TONE_SHARE));
    });
  } finally {
    if (sipp?.exitCode === null) sipp.kill();
    await Promise.all(browsers.map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  }
});
