// Prompts: an owner renders a TTS prompt and uploads a WAV generated here, both listed with a
// duration and a player whose signed link downloads; a text file is refused with the reason;
// the queue form offers the stored prompts for music on hold.
import { expect, test } from "@playwright/test";
import { newOrganisation, signUpThroughUi } from "./support";

test.use({ locale: "en-US" });

/** A 16-bit PCM mono WAV of a sine tone. */
function sineWav(seconds: number, hz: number, rate = 16_000): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 0.5 * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

test("an owner creates a TTS prompt, uploads a WAV, is told why a text file is refused", async ({ page }) => {
  const org = newOrganisation("prompts");
  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await page.getByTestId("config-nav").getByRole("link", { name: "Prompts" }).click();
  await expect(page.getByTestId("prompts-page")).toBeVisible();

  // Text-to-speech in Chinese.
  const tts = page.getByTestId("prompt-tts-form");
  await tts.getByLabel("Prompt name").fill("欢迎");
  await tts.getByLabel("Text", { exact: true }).fill("欢迎致电乔客服中心");
  await expect(tts.getByLabel("Speech language")).toHaveValue("zh-CN");
  await tts.getByRole("button", { name: "Create prompt" }).click();
  const welcome = page.getByTestId("prompts-table").getByRole("row").filter({ hasText: "欢迎" });
  await expect(welcome).toContainText("Text-to-speech");
  await expect(welcome).toContainText("欢迎致电乔客服中心");
  await expect(welcome.getByTestId("prompt-duration")).toContainText(/\d\.\d s/);
  expect(Number(await welcome.getByTestId("prompt-duration").getAttribute("data-ms"))).toBeGreaterThan(0);
  const src = await welcome.getByTestId("prompt-audio").getAttribute("src");
  expect(src).toBeTruthy();
  const audio = await page.request.get(src ?? "");
  expect(audio.status()).toBe(200);
  expect((await audio.body()).subarray(0, 4).toString("ascii")).toBe("RIFF");

  // A WAV upload: one second at 440 Hz.
  const upload = page.getByTestId("prompt-upload-form");
  await upload.getByLabel("Prompt name").fill("Tone");
  await upload.getByLabel("Audio file").setInputFiles({ name: "tone.wav", mimeType: "audio/wav", buffer: sineWav(1, 440) });
  await upload.getByRole("button", { name: "Upload" }).click();
  const tone = page.getByTestId("prompts-table").getByRole("row").filter({ hasText: "Tone" });
  await expect(tone).toContainText("tone.wav");
  await expect(tone).toContainText("Upload");
  await expect(tone.getByTestId("prompt-duration")).toHaveAttribute("data-ms", /^(9\d\d|10\d\d)$/);
  const toneSrc = await tone.getByTestId("prompt-audio").getAttribute("src");
  expect((await page.request.get(toneSrc ?? "")).status()).toBe(200);

  // Not audio: refused with the server's reason, nothing stored.
  await upload.getByLabel("Prompt name").fill("Notes");
  await upload
    .getByLabel("Audio file")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not audio at all\n") });
  await upload.getByRole("button", { name: "Upload" }).click();
  const alert = page.getByTestId("prompts-page").getByRole("alert").first();
  await expect(alert).toHaveAttribute("data-code", "BAD_USER_INPUT");
  await expect(alert).toContainText("notes.txt");
  await expect(page.getByTestId("prompts-table").getByRole("row")).toHaveCount(3);

  // The queue form picks stored prompts for music on hold.
  await page.getByTestId("config-nav").getByRole("link", { name: "Queues" }).click();
  await page.getByLabel("Music on hold").selectOption({ label: "Tone" });
  await expect(page.getByTestId("queue-form").getByTestId("prompt-play")).toBeVisible();

  // So does the flow editor, instead of speaking text.
  await page.getByTestId("app-nav").getByRole("link", { name: "IVR flows" }).click();
  await page.getByLabel("Flow name").fill("Main line");
  await page.getByRole("button", { name: "Create and edit" }).click();
  const greeting = page.getByTestId("flow-node-greeting");
  await greeting.click();
  const panel = page.getByTestId("node-panel");
  await expect(panel.getByLabel("Text to speak")).toBeVisible();
  await panel.getByTestId("prompt-source").selectOption({ label: "欢迎" });
  await expect(panel.getByLabel("Text to speak")).toHaveCount(0);
  await expect(panel.getByTestId("prompt-play")).toBeVisible();
  await expect(greeting).toContainText("欢迎");
  await page.getByTestId("flow-save").click();
  await expect(page.getByTestId("flow-dirty")).toHaveAttribute("data-dirty", "false");
  await expect(page.getByTestId("flow-node-issues-greeting")).toHaveCount(0);
});
