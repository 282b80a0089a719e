// Inviting: the owner invites an agent, the agent accepts in another browser, and the owner's
// live feed shows the join without reloading.
import { expect, test } from "@playwright/test";
import { PASSWORD, newOrganisation, signUpThroughUi } from "./support";

test.use({ locale: "en-US" });

test("an invited agent joins and the owner sees it live", async ({ page, browser }) => {
  const org = newOrganisation("invite");
  const agentEmail = `agent-${org.id}@example.com`;

  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await expect(page.getByTestId("app-shell")).toBeVisible();
  const feed = page.getByTestId("events-feed");
  await expect(feed.getByTestId("events-status")).toHaveAttribute("data-state", "live");

  const nav = page.getByTestId("app-nav");
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page.getByTestId("users-table")).toContainText(org.ownerEmail);
  await page.getByLabel("Email", { exact: true }).fill(agentEmail);
  await page.getByLabel("Role").selectOption("AGENT");
  await page.getByRole("button", { name: "Create invitation" }).click();

  const linkField = page.getByLabel("Invitation link");
  await expect(linkField).toHaveValue(/\/accept-invite\?token=.+/);
  const link = await linkField.inputValue();
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);
  await expect(page.getByLabel("Invitation token")).not.toHaveValue("");
  await expect(page.getByTestId("invitations-table")).toContainText(agentEmail);

  await nav.getByRole("link", { name: "Overview" }).click();
  await expect(feed.getByTestId("events-status")).toHaveAttribute("data-state", "live");
  await expect(feed.locator('[data-kind="USER_INVITED"]')).toContainText("User invited");

  const agentContext = await browser.newContext({ locale: "en-US" });
  try {
    const agent = await agentContext.newPage();
    await agent.goto(link);
    await expect(agent.getByRole("heading", { name: "Join your team" })).toBeVisible();
    await agent.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await agent.getByLabel("Confirm password").fill(PASSWORD);
    await agent.getByRole("button", { name: "Accept invitation" }).click();

    await expect(agent.getByTestId("app-shell")).toBeVisible();
    await expect(agent.getByTestId("tenant-name")).toHaveText(org.name);
    await expect(agent.getByTestId("current-user-email")).toHaveText(agentEmail);
    await expect(agent.getByTestId("current-user-role")).toHaveAttribute("data-role", "AGENT");
    await expect(agent.getByTestId("current-user-role")).toHaveText("Agent");
  } finally {
    await agentContext.close();
  }

  // Live, without a reload.
  const joined = feed.locator('[data-kind="USER_JOINED"]');
  await expect(joined).toContainText("User joined");
  await expect(joined).toContainText(agentEmail);

  // The owner deactivates and reactivates the agent.
  await nav.getByRole("link", { name: "Users" }).click();
  const row = page.getByTestId("users-table").getByRole("row").filter({ hasText: agentEmail });
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Deactivated");
  await row.getByRole("button", { name: "Reactivate" }).click();
  await expect(row.getByRole("button", { name: "Deactivate" })).toBeVisible();
  await expect(page.getByTestId("invitations-table")).toContainText("Accepted");
});
