// Contacts and member cards: an owner creates contacts, finds one by caller ID, adds a note,
// merges a duplicate; issues a card, tops it up and spends from it (a spend beyond the balance
// is refused), and sees it all on the contact's 360° view; an agent uses cards but cannot
// adjust or issue them.
import { expect, test, type Page } from "@playwright/test";
import { addMember, gql, logIn, newOrganisation, ownerToken } from "./support";

test.use({ locale: "en-US" });

async function createContact(page: Page, name: string, number: string): Promise<string> {
  await page.getByTestId("app-nav").getByRole("link", { name: "Contacts" }).click();
  const form = page.getByTestId("contact-form");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Phone 1", { exact: true }).fill(number);
  await form.getByRole("button", { name: "Create contact" }).click();
  await expect(page.getByTestId("contact-name")).toContainText(name);
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]+$/);
  return new URL(page.url()).pathname;
}

test("an owner creates contacts, looks a caller up, adds a note and merges a duplicate", async ({ page, request }) => {
  const org = newOrganisation("contacts");
  await ownerToken(request, org);
  await logIn(page, org, org.ownerEmail);

  await page.getByTestId("app-nav").getByRole("link", { name: "Contacts" }).click();
  await expect(page.getByTestId("contact-form").getByLabel("Dedicated agent")).toBeVisible();
  const target = await createContact(page, "Wang Fang", "+8613800138001");

  // Caller ID look-up finds her (spaces are fine).
  await page.getByTestId("app-nav").getByRole("link", { name: "Contacts" }).click();
  const lookup = page.getByTestId("caller-lookup");
  await lookup.getByLabel("Caller's number").fill("+86 138 0013 8001");
  await lookup.getByRole("button", { name: "Look up" }).click();
  await expect(lookup.getByTestId("caller-result")).toContainText("Wang Fang");
  await lookup.getByLabel("Caller's number").fill("+8613700000000");
  await lookup.getByRole("button", { name: "Look up" }).click();
  await expect(lookup.getByTestId("caller-unknown")).toBeVisible();
  await lookup.getByLabel("Caller's number").fill("+8613800138001");
  await lookup.getByRole("button", { name: "Look up" }).click();
  await lookup.getByTestId("caller-result").getByRole("link", { name: "Wang Fang" }).click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));

  // A note appears on the timeline.
  const timeline = page.getByTestId("contact-timeline");
  await timeline.getByLabel("Note", { exact: true }).fill("Asked about the refund policy");
  await timeline.getByRole("button", { name: "Add note" }).click();
  const first = timeline.getByTestId("timeline-events").locator("li").first();
  await expect(first).toContainText("Asked about the refund policy");
  await expect(first).toHaveAttribute("data-kind", "note");
  await expect(timeline.getByLabel("Note", { exact: true })).toHaveValue("");

  // A duplicate with another number, merged into the first.
  const duplicate = await createContact(page, "Fang Wang duplicate", "+8613900139002");
  await page.goto(target);
  const merge = page.getByTestId("contact-merge");
  await merge.getByLabel("Duplicate contact").fill("duplicate");
  await merge.getByRole("button", { name: "Find" }).click();
  await merge.getByTestId("picker-results").locator("li", { hasText: "Fang Wang duplicate" }).getByRole("button", { name: "Choose" }).click();
  await merge.getByRole("button", { name: "Merge Fang Wang duplicate into this contact" }).click();
  await expect(merge.getByRole("status")).toContainText("Fang Wang duplicate was merged into this contact.");
  const phones = page.getByTestId("contact-phones-list");
  await expect(phones).toContainText("+8613800138001");
  await expect(phones).toContainText("+8613900139002");
  await expect(timeline.locator('li[data-kind="merged"]')).toHaveCount(1);

  // The duplicate points at the target; the list no longer shows it.
  await page.goto(duplicate);
  await expect(page.getByTestId("merged-notice")).toBeVisible();
  await page.getByTestId("merged-notice").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await page.getByTestId("app-nav").getByRole("link", { name: "Contacts" }).click();
  await expect(page.getByTestId("contacts-table").locator("tbody tr")).toHaveCount(1);

  // A number that already belongs to someone: refused, with a link to merge instead.
  const form = page.getByTestId("contact-form");
  await form.getByLabel("Name", { exact: true }).fill("Someone else");
  await form.getByLabel("Phone 1", { exact: true }).fill("+8613900139002");
  await form.getByRole("button", { name: "Create contact" }).click();
  await expect(form.getByRole("alert")).toHaveAttribute("data-code", "CONFLICT");
  await form.getByTestId("contact-conflict").getByRole("link", { name: "Wang Fang" }).click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
});

test("an owner issues a card and posts transactions; an agent cannot adjust or issue", async ({ page, request }) => {
  const org = newOrganisation("cards");
  const token = await ownerToken(request, org);
  const agent = `agent-${org.id}@example.com`;
  await addMember(request, token, agent, "AGENT");
  const created = await gql<{ createContact: { id: string } }>(
    request,
    token,
    "mutation($input: ContactInput!) { createContact(input: $input) { id } }",
    { input: { name: "Zhao Lei", phones: [{ number: "+8613600136003", label: "mobile" }] } },
  );
  const contactId = created.createContact.id;
  const cardNumber = "6200001234";

  await logIn(page, org, org.ownerEmail);
  await page.getByTestId("app-nav").getByRole("link", { name: "Member cards" }).click();
  const form = page.getByTestId("card-form");
  await form.getByLabel("Card number").fill(cardNumber);
  await form.getByLabel("PIN").fill("2468");
  await form.getByLabel("Holder").fill("Zhao");
  await form.getByRole("button", { name: "Find" }).click();
  await form.getByTestId("picker-results").locator("li", { hasText: "Zhao Lei" }).getByRole("button", { name: "Choose" }).click();
  await expect(form.getByTestId("picked-contact")).toHaveText("Zhao Lei");
  await form.getByRole("button", { name: "Issue card" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Card ${cardNumber} issued.` })).toBeVisible();
  const row = page.getByTestId("cards-table").locator(`tr[data-card-number="${cardNumber}"]`);
  await expect(row).toContainText("Zhao Lei");
  await expect(row.getByTestId("card-row-balance")).toHaveText("¥0.00");
  await row.getByRole("link", { name: cardNumber }).click();

  // Top up 100.00, spend 30.50.
  const tx = page.getByTestId("card-transaction");
  const balance = page.getByTestId("card-balance");
  await expect(balance).toHaveText("¥0.00");
  await expect(tx.getByLabel("Transaction").locator('option[value="ADJUST"]')).toHaveCount(1);
  // The first top-up's answer is lost on the way back: submitting again reuses its
  // idempotency key, so the server replays it instead of charging twice.
  let lost = false;
  await page.route("**/graphql", async (route) => {
    if (!lost && (route.request().postData() ?? "").includes("PostCardTransaction")) {
      lost = true;
      await route.fetch();
      await route.abort("connectionreset");
      return;
    }
    await route.fallback();
  });
  await tx.getByLabel("Transaction").selectOption("TOP_UP");
  await tx.getByLabel("Amount (yuan)").fill("100.00");
  await tx.getByRole("button", { name: "Post" }).click();
  await expect(tx.getByRole("alert")).toHaveAttribute("data-code", "NETWORK");
  await expect(balance).toHaveText("¥100.00");
  await tx.getByRole("button", { name: "Post" }).click();
  await expect(tx.getByRole("status")).toContainText("already posted");
  await expect(balance).toHaveText("¥100.00");
  await expect(page.getByTestId("card-ledger").locator("tbody tr")).toHaveCount(1);
  await page.unrouteAll();
  await tx.getByLabel("Transaction").selectOption("SPEND");
  await tx.getByLabel("Amount (yuan)").fill("30.50");
  await tx.getByLabel("Reason").fill("Lunch");
  await tx.getByRole("button", { name: "Post" }).click();
  await expect(balance).toHaveText("¥69.50");
  const ledger = page.getByTestId("card-ledger").locator("tbody tr");
  await expect(ledger).toHaveCount(2);
  await expect(ledger.nth(0)).toHaveAttribute("data-kind", "SPEND");
  await expect(ledger.nth(0).getByTestId("ledger-amount")).toHaveText("-¥30.50");
  await expect(ledger.nth(0).getByTestId("ledger-balance")).toHaveText("¥69.50");
  await expect(ledger.nth(0)).toContainText("Lunch");
  await expect(ledger.nth(1)).toHaveAttribute("data-kind", "TOP_UP");
  await expect(ledger.nth(1).getByTestId("ledger-amount")).toHaveText("¥100.00");

  // Spending more than the balance is refused and changes nothing.
  await tx.getByLabel("Amount (yuan)").fill("100.00");
  await tx.getByRole("button", { name: "Post" }).click();
  await expect(tx.getByRole("alert")).toHaveAttribute("data-code", "BAD_USER_INPUT");
  await expect(tx.getByRole("alert")).toContainText("not enough balance");
  await expect(balance).toHaveText("¥69.50");
  await expect(ledger).toHaveCount(2);

  // The PIN check tells how many attempts are left.
  const pin = page.getByTestId("card-pin");
  await pin.getByLabel("PIN").fill("0000");
  await pin.getByRole("button", { name: "Check PIN" }).click();
  await expect(pin.getByTestId("pin-wrong")).toContainText("4 attempt(s) left");
  await pin.getByLabel("PIN").fill("2468");
  await pin.getByRole("button", { name: "Check PIN" }).click();
  await expect(pin.getByRole("status")).toHaveText("The PIN is correct.");

  // The holder's 360° view: the card with its balance, the transactions on the timeline.
  await page.getByTestId("card-summary").getByRole("link", { name: "Zhao Lei" }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contactId}$`));
  const cards = page.getByTestId("contact-cards");
  await expect(cards).toContainText(cardNumber);
  await expect(cards.getByTestId("contact-card-balance")).toHaveText("¥69.50");
  await expect(page.getByTestId("contact-timeline").locator('li[data-kind="card_transaction"]')).toHaveCount(2);

  // The agent: cards and transactions, no adjustment, no issuing.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByLabel("Organisation slug")).toBeVisible();
  await logIn(page, org, agent);
  await page.getByTestId("app-nav").getByRole("link", { name: "Member cards" }).click();
  await expect(page.getByTestId("cards-table")).toContainText(cardNumber);
  await expect(page.getByTestId("card-form")).toHaveCount(0);
  await expect(page.getByTestId("cards-table").locator(`tr[data-card-number="${cardNumber}"]`)).toContainText("Zhao Lei");
  await page.getByTestId("cards-table").getByRole("link", { name: cardNumber }).click();
  await expect(page.getByTestId("card-balance")).toHaveText("¥69.50");
  const select = page.getByTestId("card-transaction").getByLabel("Transaction");
  await expect(select.locator('option[value="SPEND"]')).toHaveCount(1);
  await expect(select.locator('option[value="ADJUST"]')).toHaveCount(0);

  // Agents may not list users: no dedicated-agent choice on the contact form.
  await page.getByTestId("app-nav").getByRole("link", { name: "Contacts" }).click();
  await expect(page.getByTestId("contact-form").getByLabel("Name", { exact: true })).toBeVisible();
  await expect(page.getByTestId("contact-form").getByLabel("Dedicated agent")).toHaveCount(0);
});
