// Dialling out from the agent desk, with real parts only: sipp's built-in UAS stands in for the
// carrier and echoes the media back; the demo trunk points at it. agent1 dials a mobile number
// from the desk in headless Chromium (its fake microphone plays 1000 Hz) and must hear that
// tone come back through the callee; then hangs up and wraps up. As the owner: the call record
// is outbound, from the demo number to the number dialled, completed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";

import { agentBrowser, demoToken, gql, openDesk, wrapUp } from "./agents";
import { toneWav } from "./audio";
import { freeMediaPort, freeUdpPort } from "./ports";

const CALLEE = "+8613900139000";
const DEMO_NUMBER = "+861085550100";
const AGENT_TONE_HZ = 1000;

interface Tone {
  /** The strongest frequency between 100 and 3800 Hz. */
  peakHz: number;
  /** Its share (±30 Hz) of the power in that band, 0…1. */
  share: number;
  /** Its level, dBFS. */
  peakDb: number;
}

/** What the agent hears: the remote stream of the shell's <audio> element through a Web Audio
 * analyser, its spectrum summed over two seconds. */
async function listen(page: Page): Promise<Tone | null> {
  return page.evaluate(async () => {
    const audio = document.querySelector<HTMLAudioElement>('[data-testid="remote-audio"]');
    const stream = audio?.srcObject;
    if (!(stream instanceof MediaStream) || stream.getAudioTracks().length === 0) return null;
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const bins = new Float32Array(analyser.frequencyBinCount);
    const power = new Float64Array(bins.length);
    for (let i = 0; i < 20; i++) {
      await new Promise((done) => setTimeout(done, 100));
      analyser.getFloatFrequencyData(bins);
      bins.forEach((db, k) => {
        power[k] = (power[k] ?? 0) + 10 ** (db / 10);
      });
    }
    const hzPerBin = ctx.sampleRate / analyser.fftSize;
    await ctx.close();
    const lo = Math.ceil(100 / hzPerBin);
    const hi = Math.floor(3800 / hzPerBin);
    let peak = lo;
    let total = 0;
    for (let k = lo; k <= hi; k++) {
      total += power[k] ?? 0;
      if ((power[k] ?? 0) > (power[peak] ?? 0)) peak = k;
    }
    const near = Math.ceil(30 / hzPerBin);
    let around = 0;
    for (let k = peak - near; k <= peak + near; k++) around += power[k] ?? 0;
    return {
      peakHz: peak * hzPerBin,
      share: total > 0 ? around / total : 0,
      peakDb: 10 * Math.log10((power[peak] ?? 0) / 20),
    };
  });
}

test("agent1 dials a number from the desk and hears the callee (an echo) until hanging up", async ({ request }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), "qiao-dial-"));
  let browser: Browser | null = null;
  let carrier: ChildProcess | null = null;
  const owner = await demoToken(request, "owner@demo");
  interface Trunk {
    id: string;
    name: string;
    host: string;
    port: number;
    allowedSources: string[];
  }
  const { sipTrunks } = await gql<{ sipTrunks: Trunk[] }>(request, owner, "{ sipTrunks { id name host port allowedSources } }");
  const trunk = sipTrunks[0];
  if (!trunk) throw new Error("the demo organisation has no trunk");
  const setTrunk = (input: Omit<Trunk, "id">) =>
    gql(request, owner, "mutation($id: ID!, $input: SipTrunkInput!) { updateSipTrunk(id: $id, input: $input) { id } }", { id: trunk.id, input });
  try {
    // The carrier: sipp's UAS answers one call, echoes its RTP and waits for our BYE.
    const sipPort = await freeUdpPort();
    const mediaPort = await freeMediaPort();
    let carrierOutput = "";
    carrier = spawn(
      "sipp",
      ["-sn", "uas", "-i", "127.0.0.1", "-p", String(sipPort), "-mp", String(mediaPort), "-m", "1"].concat([
        "-rtp_echo",
        "-nostdin",
        "-timeout",
        "60",
        "-trace_msg",
      ]),
      { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    carrier.stdout?.on("data", (chunk: Buffer) => (carrierOutput += chunk.toString()));
    carrier.stderr?.on("data", (chunk: Buffer) => (carrierOutput += chunk.toString()));
    const carrierDone = new Promise<number | null>((done) => carrier?.on("exit", done));
    await setTrunk({ name: "Carrier", host: "127.0.0.1", port: sipPort, allowedSources: ["127.0.0.1/32"] });

    const mic = join(dir, "agent1.wav");
    writeFileSync(mic, toneWav(AGENT_TONE_HZ, 60));
    browser = await agentBrowser(mic);
    const page = await openDesk(browser, "agent1@demo");
    const placedAt = Date.now();

    await test.step("agent1 logs in as not ready and dials", async () => {
      // Logged out, there is nothing to dial from.
      if ((await page.getByTestId("presence-state").getAttribute("data-state")) === "LOGGED_OUT") {
        await expect(page.getByTestId("dial-panel")).toBeHidden();
      }
      await page.getByTestId("presence-not-ready").click();
      await expect(page.getByTestId("presence-state")).toHaveAttribute("data-state", "NOT_READY");
      const pad = page.getByTestId("dial-panel");
      await expect(pad).toBeVisible();
      // A number without its country code is refused before anything is sent.
      await pad.getByTestId("dial-number").fill("13900139000");
      await pad.getByTestId("dial-button").click();
      await expect(pad.getByText("Enter + and the country code")).toBeVisible();
      await pad.getByTestId("dial-number").fill("+86 139");
      for (const key of "00139000") await pad.getByTestId(`dial-key-${key}`).click();
      await expect(pad.getByTestId("dial-number")).toHaveValue("+86 13900139000");
      await pad.getByTestId("dial-button").click();
      const panel = page.getByTestId("call-panel");
      await expect(panel).toHaveAttribute("data-direction", "outbound");
      await expect(panel.getByTestId("call-number")).toHaveText(CALLEE);
      await expect(page.getByTestId("call-status")).toHaveAttribute("data-status", "connected", { timeout: 15_000 });
      await expect(page.getByTestId("dial-panel")).toBeHidden();
    });

    await test.step("agent1 hears their own 1000 Hz come back through the callee", async () => {
      const line = page.getByTestId("line-stats");
      const count = async (attribute: string) => Number((await line.getAttribute(attribute)) ?? "0");
      await expect.poll(() => count("data-received"), { message: "RTP packets received by the browser", timeout: 15_000 }).toBeGreaterThan(100);
      await expect.poll(() => count("data-level"), { message: "the level of what the browser receives", timeout: 10_000 }).toBeGreaterThan(0.01);
      let heard: Tone | null = null;
      await expect
        .poll(
          async () => {
            heard = await listen(page);
            return heard ? Math.abs(heard.peakHz - AGENT_TONE_HZ) < 25 && heard.share > 0.5 : false;
          },
          { message: "the dominant tone the agent hears is their own", timeout: 20_000, intervals: [500] },
        )
        .toBe(true);
      const report = `received ${String(await count("data-received"))} packets, level ${String(await count("data-level"))}; heard ${JSON.stringify(heard)}`;
      console.log(report);
      await test.info().attach("what agent1 heard", { contentType: "text/plain", body: report });
    });

    await test.step("agent1 hangs up and wraps up", async () => {
      await page.getByTestId("hangup-button").click();
      await expect(page.getByTestId("call-panel")).toBeHidden();
      await wrapUp(page, "resolved", "Called back about the refund.");
      await expect(page.getByTestId("presence-state")).toHaveAttribute("data-state", "NOT_READY");
      await expect(page.getByTestId("dial-panel")).toBeVisible();
      const code = await Promise.race([
        carrierDone,
        new Promise<string>((done) => {
          setTimeout(() => {
            done("timeout");
          }, 15_000);
        }),
      ]);
      expect(code, `the carrier did not get its BYE:\n${carrierOutput}`).toBe(0);
      const messages = readdirSync(dir)
        .filter((f) => f.endsWith("_messages.log"))
        .map((f) => readFileSync(join(dir, f), "utf8"))
        .join("");
      expect(messages, "the INVITE names the callee").toContain(`INVITE sip:${CALLEE}@127.0.0.1`);
      expect(messages, "the caller ID is the organisation's number").toContain(`<sip:${DEMO_NUMBER}@`);
    });

    await test.step("the owner sees an outbound call, completed", async () => {
      interface CallRow {
        id: string;
        direction: string;
        caller: string;
        dialled: string;
        disposition: string;
        startedAt: string;
      }
      let newest: CallRow | undefined;
      await expect
        .poll(
          async () => {
            const { calls } = await gql<{ calls: CallRow[] }>(request, owner, "{ calls(limit: 20) { id direction caller dialled disposition startedAt } }");
            newest = [...calls].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
            return newest?.disposition;
          },
          { message: "the call record is closed", timeout: 10_000 },
        )
        .toBe("completed");
      expect(newest).toMatchObject({ direction: "outbound", caller: DEMO_NUMBER, dialled: CALLEE, disposition: "completed" });
      expect(Date.parse(newest?.startedAt ?? "")).toBeGreaterThanOrEqual(placedAt - 5_000);
      const { callLegs } = await gql<{ callLegs: { outcome: string; answeredAt: string | null; wrapUpCode: string | null; notes: string }[] }>(
        request,
        owner,
        "query($id: ID!) { callLegs(callId: $id) { outcome answeredAt wrapUpCode notes } }",
        { id: newest?.id ?? "" },
      );
      expect(callLegs).toHaveLength(1);
      expect(callLegs[0]).toMatchObject({ outcome: "ended", wrapUpCode: "resolved", notes: "Called back about the refund." });
      expect(callLegs[0]?.answeredAt).toBeTruthy();
    });
  } finally {
    if (carrier?.exitCode === null) carrier.kill();
    await browser?.close();
    // The later specs call in through the demo trunk as it was.
    await setTrunk({ name: trunk.name, host: trunk.host, port: trunk.port, allowedSources: trunk.allowedSources });
    rmSync(dir, { recursive: true, force: true });
  }
});
