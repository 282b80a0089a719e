// The agent desk in browsers of their own, for the tests that place real calls: Chromium with a
// fake microphone playing a WAV file, logged in as a demo agent with the desk open, what the agent
// hears, the wrap-up form, and GraphQL as any demo user.
import { chromium, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

import { BASE_URL, DEMO_PASSWORD } from "../playwright.config";

/** Headless Chromium whose microphone plays `microphoneWav` and which plays audio unprompted. */
export async function agentBrowser(microphoneWav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${microphoneWav}`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/** Logs `email` in and opens the desk with its live feed connected. */
export async function openDesk(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: "en-US", permissions: ["microphone"] });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() !== "debug") console.log(`[${email}] ${message.text()}`);
  });
  await page.goto("/login");
  await page.getByLabel("Organisation slug").fill("demo");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("app-shell")).toBeVisible();
  // Agents see the desk in the navigation.
  await page.getByTestId("app-nav").getByRole("link", { name: "Agent desk" }).click();
  await expect(page.getByTestId("desk-page")).toBeVisible();
  await expect(page.getByTestId("desk-live")).toHaveAttribute("data-state", "live");
  return page;
}

export interface Tone {
  /** The strongest frequency between 100 and 3800 Hz. */
  peakHz: number;
  /** Its share (±30 Hz) of the power in that band, 0…1. */
  share: number;
  /** Its level, dBFS. */
  peakDb: number;
}

/** What the agent hears: the remote stream of the shell's <audio> element through a Web Audio
 * analyser, its spectrum summed over two seconds. */
export async function listen(page: Page): Promise<Tone | null> {
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

export async function wrapUp(page: Page, code: string, notes: string): Promise<void> {
  const form = page.getByTestId("wrapup-form");
  await expect(form).toBeVisible();
  await form.getByTestId("wrapup-code").fill(code);
  await form.getByTestId("wrapup-notes").fill(notes);
  await form.getByTestId("wrapup-submit").click();
  await expect(form).toBeHidden();
}

interface Answer<T> {
  data?: T;
  errors?: { message: string }[];
}

/** Runs a GraphQL operation (with a bearer token when given) and returns its data. */
export async function gql<T>(request: APIRequestContext, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await request.post("/graphql", {
    data: { query, variables },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const answer = (await response.json()) as Answer<T>;
  if (!answer.data) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

/** An access token of a demo user. */
export async function demoToken(request: APIRequestContext, email: string): Promise<string> {
  const data = await gql<{ logIn: { accessToken: string } }>(
    request,
    null,
    "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
    { input: { tenantSlug: "demo", email, password: DEMO_PASSWORD } },
  );
  return data.logIn.accessToken;
}
