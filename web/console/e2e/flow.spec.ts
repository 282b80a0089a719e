// The IVR flow editor: a new flow's greeting is connected to a new menu by dragging, the
// server's issues show on the menu, fixing them clears the issues, and publishing adds
// version 1 to the history.
import { expect, test } from "@playwright/test";
import { newOrganisation, signUpThroughUi } from "./support";

test.use({ locale: "en-US" });

test("an owner builds, fixes and publishes a flow", async ({ page }) => {
  const org = newOrganisation("flow");
  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await expect(page.getByTestId("app-shell")).toBeVisible();

  await page.getByTestId("app-nav").getByRole("link", { name: "IVR flows" }).click();
  await page.getByLabel("Flow name").fill("Main line");
  await page.getByRole("button", { name: "Create and edit" }).click();
  await expect(page.getByTestId("flow-name")).toHaveText("Main line");
  const greeting = page.getByTestId("flow-node-greeting");
  await expect(greeting).toBeVisible();
  await expect(greeting).toHaveAttribute("data-start", "true");
  await expect(page.getByTestId("flow-node-bye")).toBeVisible();

  // A menu from the palette, selected for editing.
  await page.getByTestId("palette-menu").click();
  const menu = page.getByTestId("flow-node-menu-1");
  await expect(menu).toBeVisible();
  await expect(page.getByTestId("node-panel")).toHaveAttribute("data-node-id", "menu-1");

  // Draw greeting.next → menu-1 by dragging handle to handle.
  await page.getByTestId("flow-exit-greeting-next").dragTo(page.getByTestId("flow-target-menu-1"));
  await greeting.click();
  await expect(page.getByTestId("node-panel")).toHaveAttribute("data-node-id", "greeting");
  await expect(page.getByTestId("exit-select-next")).toHaveValue("menu-1");
  await expect(page.getByTestId("flow-dirty")).toHaveAttribute("data-dirty", "true");

  // Saving reports the menu's problems on the menu.
  await page.getByTestId("flow-save").click();
  await expect(page.getByTestId("flow-dirty")).toHaveAttribute("data-dirty", "false");
  const menuIssues = page.getByTestId("flow-node-issues-menu-1");
  await expect(menuIssues).toContainText("a menu needs at least one option");
  await expect(menuIssues.locator('[data-code="MISSING_PROMPT"]')).toHaveCount(1);
  await expect(menu).not.toHaveAttribute("data-issues", "0");
  await expect(page.getByTestId("flow-issues")).toContainText("menu-1");

  // Fix it: a prompt and one option leading to the hang-up (through the side panel's select).
  await menu.click();
  await expect(page.getByTestId("node-panel")).toHaveAttribute("data-node-id", "menu-1");
  await page.getByLabel("Text to speak").fill("Press 1 to end the call.");
  await page.getByRole("button", { name: "Add option" }).click();
  await page.getByTestId("exit-select-option:0").selectOption("bye");
  await expect(page.getByTestId("flow-exit-menu-1-option:0")).toBeVisible();
  await page.getByTestId("flow-save").click();
  await expect(page.getByTestId("flow-no-issues")).toBeVisible();
  await expect(menu).toHaveAttribute("data-issues", "0");
  await expect(page.getByTestId("flow-notice")).toContainText("No issues");

  // Publish: version 1 appears in the history.
  await page.getByTestId("flow-publish").click();
  await expect(page.getByTestId("flow-notice")).toContainText("Version 1 published.");
  const versions = page.getByTestId("flow-versions");
  await expect(versions.locator('[data-version="1"]')).toContainText("Version 1");

  // The list shows the published version.
  await page.getByRole("link", { name: "All flows" }).click();
  const row = page.getByTestId("flows-table").getByRole("row").filter({ hasText: "Main line" });
  await expect(row).toContainText("Version 1 live");
  await expect(row).toContainText("No issues");
});
