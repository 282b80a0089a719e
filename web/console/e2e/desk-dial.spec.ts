// Dialling out from the agent desk, with real parts only: sipp's built-in UAS stands in for the
// carrier and echoes the media back; the demo trunk points at it. agent1 dials a mobile number
// from the desk in headless Chromium (its fake microphone plays 1000 Hz) and must hear that
// tone come back through the callee; then hangs up and wraps up. As the owner: the call record
// is outbound, from the demo number to the number dialled, completed. Then, on another call
// agent1 dials: a consultation with agent2 (cancelled once, then again), a conference of all
// three, agent1 leaves and agent2 stays with the callee.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

import { agentBrowser, demoToken, gql, listen, openDesk, wrapUp, type Tone } from "./agents";
import { toneWav } from "./audio";
import { startCarrier, within } from "./carrier";

const CALLEE = "+8613900139000";
const DEMO_NUMBER = "+861085550100";
const AGENT_TONE_HZ = 1000;

/** A fake microphone playing `hz`, as a WAV file in `dir`. */
function microphone(dir: string, name: string, hz: number): string {
  const path = join(dir, name);
  writeFileSync(path, toneWav(hz, 60));
  return path;
}

/** Makes sure the agent's status is `state` (the button for the one it has is disabled). */
async function presence(page: Page, state: "AVAILABLE" | "NOT_READY"): Promise<void> {
  const badge = page.getByTestId("presence-state");
  await expect(badge).toBeVisible();
  if ((await badge.getAttribute("data-state")) !== state) {
    await page.getByTestId(state === "AVAILABLE" ? "presence-available" : "presence-not-ready").click();
  }
  await expect(badge).toHaveAttribute("data-state", state);
}

/** Dials `number` on the desk's pad and waits until the softphone is connected. */
async function dial(page: Page, number: string): Promise<Locator> {
  const pad = page.getByTestId("dial-panel");
  await pad.getByTestId("dial-number").fill(number);
  await pad.getByTestId("dial-button").click();
  const panel = page.getByTestId("call-panel");
  await expect(panel).toHaveAttribute("data-direction", "outbound");
  await expect(panel.getByTestId("call-number")).toHaveText(CALLEE);
  await expect(page.getByTestId("call-status")).toHaveAttribute("data-status", "connected", { timeout: 15_000 });
  await expect(pad).toBeHidden();
  return panel;
}

/** The browser's packet counts and the level of what it receives. */
async function lineFigures(page: Page): Promise<{ received: number; level: number }> {
  const line = page.getByTestId("line-stats");
  const read = async (attribute: string) => Number((await line.getAttribute(attribute)) ?? "0");
  return { received: await read("data-received"), level: await read("data-level") };
}

test("agent1 dials a number from the desk and hears the callee (an echo) until hanging up", async ({ request }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), "qiao-dial-"));
  let browser: Browser | null = null;
  const owner = await demoToken(request, "owner@demo");
  const carrier = await startCarrier(request, owner, dir);
  try {
    browser = await agentBrowser(microphone(dir, "agent1.wav", AGENT_TONE_HZ));
    const page = await openDesk(browser, "agent1@demo");
    const placedAt = Date.now();

    await test.step("agent1 logs in as not ready and dials", async () => {
      // Logged out, there is nothing to dial from.
      if ((await page.getByTestId("presence-state").getAttribute("data-state")) === "LOGGED_OUT") {
        await expect(page.getByTestId("dial-panel")).toBeHidden();
      }
      await presence(page, "NOT_READY");
      const pad = page.getByTestId("dial-panel");
      // A number without its country code is refused before anything is sent.
      await pad.getByTestId("dial-number").fill("13900139000");
      await pad.getByTestId("dial-button").click();
      await expect(pad.getByText("Enter + and the country code")).toBeVisible();
      // Typed in part, keyed in part.
      await pad.getByTestId("dial-number").fill("+86 139");
      for (const key of "00139000") await pad.getByTestId(`dial-key-${key}`).click();
      await expect(pad.getByTestId("dial-number")).toHaveValue("+86 13900139000");
      await dial(page, "+86 13900139000");
    });

    await test.step("agent1 hears their own 1000 Hz come back through the callee", async () => {
      await expect.poll(async () => (await lineFigures(page)).received, { message: "RTP packets received by the browser", timeout: 15_000 }).toBeGreaterThan(100);
      await expect.poll(async () => (await lineFigures(page)).level, { message: "the level of what the browser receives", timeout: 10_000 }).toBeGreaterThan(0.01);
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
      const report = `line ${JSON.stringify(await lineFigures(page))}; heard ${JSON.stringify(heard)}`;
      console.log(report);
      await test.info().attach("what agent1 heard", { contentType: "text/plain", body: report });
    });

    await test.step("agent1 hangs up and wraps up", async () => {
      await page.getByTestId("hangup-button").click();
      await expect(page.getByTestId("call-panel")).toBeHidden();
      await wrapUp(page, "resolved", "Called back about the refund.");
      await expect(page.getByTestId("presence-state")).toHaveAttribute("data-state", "NOT_READY");
      await expect(page.getByTestId("dial-panel")).toBeVisible();
      expect(await within(carrier.done, 15_000), "the carrier got its BYE").toBe("ok");
      const messages = carrier.messages();
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
    await carrier.stop();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("agent1 consults agent2 on a call they dialled, then all three talk until agent2 hangs up", async ({ request }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), "qiao-consult-"));
  const browsers: Browser[] = [];
  const owner = await demoToken(request, "owner@demo");
  const carrier = await startCarrier(request, owner, dir);
  try {
    const b1 = await agentBrowser(microphone(dir, "agent1.wav", 1000));
    browsers.push(b1);
    const b2 = await agentBrowser(microphone(dir, "agent2.wav", 1600));
    browsers.push(b2);
    // agent2 first: agent1's team list then names them at once.
    const a2 = await openDesk(b2, "agent2@demo");
    await presence(a2, "AVAILABLE");
    const a1 = await openDesk(b1, "agent1@demo");
    await presence(a1, "NOT_READY");
    const placedAt = Date.now();
    await dial(a1, CALLEE);

    const select = a1.getByTestId("transfer-target-select");
    const option = select.locator('option[data-email="agent2@demo"]');
    await expect(option).toHaveCount(1);
    const agent2 = (await option.getAttribute("value"))?.replace(/^agent:/, "") ?? "";
    const consult = async () => {
      await select.selectOption(`agent:${agent2}`);
      await a1.getByTestId("consult-button").click();
      await expect(a1.getByTestId("consult-panel")).toHaveAttribute("data-agent-id", agent2);
      await expect(a1.getByTestId("call-status")).toHaveAttribute("data-status", "consulting");
      // The callee waits on hold: no hold, no blind transfer meanwhile.
      await expect(a1.getByTestId("hold-button")).toBeDisabled();
      await expect(a1.getByTestId("transfer-button")).toBeHidden();
      const offer = a2.getByTestId("offer-card");
      await expect(offer).toBeVisible();
      await expect(offer.getByRole("heading", { level: 2 })).toHaveText("Consultation from agent1@demo");
      await expect(offer.getByTestId("pop-consult-from")).toHaveText("agent1@demo");
      return offer;
    };

    await test.step("agent1 consults agent2 and thinks better of it", async () => {
      const offer = await consult();
      await a1.getByTestId("consult-cancel").click();
      await expect(a1.getByTestId("consult-panel")).toBeHidden();
      await expect(offer).toBeHidden();
      await expect(a1.getByTestId("call-status")).toHaveAttribute("data-status", "connected");
      await expect(a1.getByTestId("hold-button")).toBeEnabled();
    });

    await test.step("agent1 consults again; agent2 answers and they talk, the callee on hold", async () => {
      const offer = await consult();
      await offer.getByTestId("answer-button").click();
      await expect(a2.getByTestId("call-status")).toHaveAttribute("data-status", "consulting", { timeout: 15_000 });
      await expect(a2.getByTestId("call-consult-from")).toContainText("agent1@demo");
      await expect(a2.getByTestId("hold-button")).toBeDisabled();
      await expect(a2.getByTestId("transfer-target-select")).toBeDisabled();
      await expect(a1.getByTestId("consult-panel")).toHaveAttribute("data-stage", "talking");
    });

    await test.step("a conference: all three talk; agent1 leaves, agent2 stays with the callee", async () => {
      await a1.getByTestId("consult-conference").click();
      await expect(a1.getByTestId("call-status")).toHaveAttribute("data-status", "conference");
      await expect(a2.getByTestId("call-status")).toHaveAttribute("data-status", "conference");
      await expect(a1.getByTestId("call-peers")).toContainText("agent2@demo");
      await expect(a2.getByTestId("call-peers")).toContainText("agent1@demo");
      await expect.poll(async () => (await lineFigures(a2)).received, { message: "agent2 receives RTP" }).toBeGreaterThan(50);
      await expect.poll(async () => (await lineFigures(a2)).level, { message: "agent2 hears something" }).toBeGreaterThan(0.01);
      await a1.getByTestId("hangup-button").click();
      await expect(a1.getByTestId("call-panel")).toBeHidden();
      await wrapUp(a1, "follow_up", "Conferenced agent2 in.");
      // agent2 has the callee alone now: a call like any other.
      await expect(a2.getByTestId("call-status")).toHaveAttribute("data-status", "connected");
      await expect(a2.getByTestId("hold-button")).toBeEnabled();
      await a2.getByTestId("hangup-button").click();
      await expect(a2.getByTestId("call-panel")).toBeHidden();
      await wrapUp(a2, "resolved", "");
      expect(await within(carrier.done, 15_000), "the carrier got its BYE").toBe("ok");
    });

    await test.step("the owner sees both agents' legs", async () => {
      const { users } = await gql<{ users: { id: string; email: string }[] }>(request, owner, "{ users { id email } }");
      const agent1 = users.find((u) => u.email === "agent1@demo")?.id ?? "";
      const { calls } = await gql<{ calls: { id: string; direction: string; disposition: string; startedAt: string }[] }>(
        request,
        owner,
        "{ calls(limit: 20) { id direction disposition startedAt } }",
      );
      const call = calls
        .filter((c) => c.direction === "outbound" && Date.parse(c.startedAt) >= placedAt - 5_000)
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
      expect(call?.disposition).toBe("completed");
      const { callLegs } = await gql<{ callLegs: { agentId: string; outcome: string; answeredAt: string | null; wrapUpCode: string | null }[] }>(
        request,
        owner,
        "query($id: ID!) { callLegs(callId: $id) { agentId outcome answeredAt wrapUpCode } }",
        { id: call?.id ?? "" },
      );
      const legsOf = (id: string) => callLegs.filter((l) => l.agentId === id).map((l) => [l.outcome, l.wrapUpCode, l.answeredAt !== null]);
      expect(legsOf(agent1)).toEqual([["ended", "follow_up", true]]);
      // The consultation cancelled while it rang, then the one answered.
      expect(legsOf(agent2)).toEqual([
        ["withdrawn", null, false],
        ["ended", "resolved", true],
      ]);
    });
  } finally {
    await carrier.stop();
    await Promise.all(browsers.map((b) => b.close()));
    rmSync(dir, { recursive: true, force: true });
  }
});
