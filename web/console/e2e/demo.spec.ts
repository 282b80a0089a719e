// The demo tenant that `qiao serve --demo` seeds: its owner (`owner@demo`, an email with a
// bare host) logs in through the console.
import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD } from "../playwright.config";

test.use({ locale: "en-US" });

test("the demo owner logs in with owner@demo", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Organisation slug").fill("demo");
  await page.getByLabel("Email", { exact: true }).fill("owner@demo");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  const shell = page.getByTestId("app-shell");
  await expect(shell).toBeVisible();
  await expect(shell.getByTestId("tenant-slug")).toHaveText("demo");
  await expect(shell.getByTestId("current-user-email")).toHaveText("owner@demo");
});
