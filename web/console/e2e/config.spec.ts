// Contact-center configuration: an owner sets up a skill group, a business-hours schedule with
// China's public holidays, a queue needing that skill group and a number routed to it; the
// same number cannot join a second organisation.
import { expect, test, type Page } from "@playwright/test";
import { newOrganisation, signUpThroughUi, type Organisation } from "./support";

test.use({ locale: "en-US" });

async function signUp(page: Page, org: Organisation): Promise<void> {
  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await expect(page.getByTestId("app-shell")).toBeVisible();
  await expect(page.getByTestId("config-nav")).toBeVisible();
}

/** A +86 Beijing number unique to this run. */
function uniqueNumber(): string {
  return `+86108${String(Date.now()).slice(-7)}`;
}

test("an owner configures skills, hours, a queue and a number; the number is taken elsewhere", async ({
  page,
  browser,
}) => {
  const org = newOrganisation("config");
  const number = uniqueNumber();
  await signUp(page, org);
  const nav = page.getByTestId("app-nav");

  // A skill group with the owner in it.
  await nav.getByRole("link", { name: "Skill groups" }).click();
  await page.getByLabel("Group name").fill("Billing");
  await page.getByRole("button", { name: "Create group" }).click();
  const group = page.getByTestId("skill-group").filter({ hasText: "Billing" });
  await expect(group).toBeVisible();
  await group.getByLabel("Add member").selectOption({ label: org.ownerEmail });
  await group.getByLabel("Proficiency", { exact: true }).selectOption("4");
  await group.getByRole("button", { name: "Add", exact: true }).click();
  await expect(group.getByTestId("skill-members")).toContainText(org.ownerEmail);
  await expect(group.getByLabel(`Proficiency of ${org.ownerEmail}`)).toHaveValue("4");

  // Business hours in Shanghai time, with China's public holidays imported.
  await nav.getByRole("link", { name: "Business hours" }).click();
  await page.getByLabel("Schedule name").fill("Weekdays");
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Shanghai");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByTestId("hours-table")).toContainText("Weekdays");
  await expect(page.getByTestId("hours-open-now")).toBeVisible();
  await page.getByRole("button", { name: "Import China public holidays" }).click();
  const holidays = page.getByTestId("holidays-list");
  await expect(holidays).toContainText("2026-02-16");
  await expect(holidays.locator('[data-date="2026-02-16"]')).toContainText("春节 Spring Festival");
  await expect(page.getByTestId("workdays-list")).toContainText("2026-02-14");

  // A CSV with a bad row is refused line by line.
  await page
    .getByLabel("CSV (date,kind,name)")
    .fill("date,kind,name\n2026-10-01,holiday,National Day\n2026-13-01,holiday,Bad\n");
  await page.getByRole("button", { name: "Import CSV" }).click();
  const rejected = page.getByTestId("rejected-rows");
  await expect(rejected.locator('[data-line="3"]')).toContainText("Line 3");

  // A queue that needs the skill group and follows the schedule.
  await nav.getByRole("link", { name: "Queues" }).click();
  await page.getByLabel("Queue name").fill("Billing queue");
  await page.getByLabel("Business hours").selectOption({ label: "Weekdays" });
  await page.getByRole("button", { name: "Add required skill" }).click();
  await page.getByLabel("Skill group").selectOption({ label: "Billing" });
  await page.getByLabel("Minimum proficiency").selectOption("2");
  await page.getByLabel("Overflow to").selectOption("VOICEMAIL");
  await page.getByRole("button", { name: "Add wrap-up code" }).click();
  await page.getByLabel("Code", { exact: true }).fill("SOLVED");
  await page.getByLabel("Label", { exact: true }).fill("Solved");
  await page.getByRole("button", { name: "Create queue" }).click();
  const queueRow = page.getByTestId("queues-table").getByRole("row").filter({ hasText: "Billing queue" });
  await expect(queueRow).toContainText("Billing ≥ 2");
  await expect(queueRow).toContainText("Weekdays");
  await expect(queueRow).toContainText("Voicemail");

  // A number routed to the queue.
  await nav.getByRole("link", { name: "Numbers" }).click();
  await page.getByLabel("E.164 number").fill(number);
  await page.getByLabel("Label", { exact: true }).fill("Hotline");
  await page.getByLabel("Route", { exact: true }).selectOption("QUEUE");
  await page.getByLabel("Queue", { exact: true }).selectOption({ label: "Billing queue" });
  await page.getByRole("button", { name: "Add number" }).click();
  const numberRow = page.getByTestId("numbers-table").getByRole("row").filter({ hasText: number });
  await expect(numberRow).toContainText("Queue: Billing queue");
  await expect(numberRow).toContainText("Hotline");

  // Another organisation cannot take the number.
  const otherContext = await browser.newContext({ locale: "en-US" });
  try {
    const other = await otherContext.newPage();
    await signUp(other, newOrganisation("config2"));
    await other.getByTestId("app-nav").getByRole("link", { name: "Numbers" }).click();
    await other.getByLabel("E.164 number").fill(number);
    await other.getByRole("button", { name: "Add number" }).click();
    const alert = other.getByRole("alert");
    await expect(alert).toHaveAttribute("data-code", "CONFLICT");
    await expect(alert).toContainText("Already exists");
    await expect(other.getByTestId("numbers-table")).toHaveCount(0);
  } finally {
    await otherContext.close();
  }
});

test("an owner adds a SIP trunk (write-only password) and a desk phone", async ({ page }) => {
  const org = newOrganisation("trunk");
  await signUp(page, org);
  await page.getByTestId("app-nav").getByRole("link", { name: "Trunks & phones" }).click();

  await page.getByLabel("Name", { exact: true }).fill("Carrier A");
  await page.getByLabel("Host").fill("sip.carrier.example");
  await page.getByLabel("Transport").selectOption("tcp");
  await page.getByLabel("Username", { exact: true }).fill("acme");
  await page.getByLabel("Password", { exact: true }).fill("trunk-secret-42");
  await page.getByRole("button", { name: "Add address" }).click();
  await page.getByLabel("Address 1").fill("203.0.113.0/24");
  await page.getByRole("button", { name: "Add trunk" }).click();
  const trunk = page.getByTestId("trunks-table").getByRole("row").filter({ hasText: "Carrier A" });
  await expect(trunk).toContainText("sip.carrier.example:5060");
  await expect(trunk).toContainText("TCP");
  await expect(trunk).toContainText("Password set");
  await expect(trunk).toContainText("203.0.113.0/24");
  await expect(trunk).not.toContainText("trunk-secret-42");

  await page.getByLabel("SIP username").fill(`desk-${org.id}`);
  await page.getByLabel("Display name").fill("Front desk");
  await page.getByLabel("SIP password").fill("Desk-Phone-Secret-9");
  await page.getByLabel("Linked user").selectOption({ label: org.ownerEmail });
  await page.getByRole("button", { name: "Add desk phone" }).click();
  const desk = page.getByTestId("endpoints-table").getByRole("row").filter({ hasText: "Front desk" });
  await expect(desk).toContainText(org.ownerEmail);

  await desk.getByRole("button", { name: "Delete" }).click();
  await desk.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByTestId("endpoints-table")).toHaveCount(0);
});
