// Sign-up: from the log-in page into the shell, and a taken slug.
import { expect, test } from "@playwright/test";
import { PASSWORD, newOrganisation, signUpThroughApi, signUpThroughUi } from "./support";

test.use({ locale: "en-US" });

test("a visitor signs up from the log-in page and lands in the shell as owner", async ({ page }) => {
  const org = newOrganisation("signup");

  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  await page.getByRole("link", { name: "Create an organisation" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await signUpThroughUi(page, org);

  const shell = page.getByTestId("app-shell");
  await expect(shell).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await expect(shell.getByTestId("tenant-name")).toHaveText(org.name);
  await expect(shell.getByTestId("tenant-slug")).toHaveText(org.slug);
  await expect(shell.getByTestId("current-user-email")).toHaveText(org.ownerEmail);
  const role = shell.getByTestId("current-user-role");
  await expect(role).toHaveAttribute("data-role", "OWNER");
  await expect(role).toHaveText("Owner");
  await expect(page.getByTestId("app-nav").getByRole("link", { name: "Users" })).toBeVisible();

  // The session survives a reload.
  await page.reload();
  await expect(page.getByTestId("current-user-email")).toHaveText(org.ownerEmail);
});

test("a taken slug shows the server's conflict and stays on sign-up", async ({ page, request }) => {
  const org = newOrganisation("dup");
  const first = await signUpThroughApi(request, org);
  expect(first.errors).toBeUndefined();
  const second = await signUpThroughApi(request, { ...org, ownerEmail: `other-${org.ownerEmail}` });
  expect(second.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  const serverMessage = second.errors?.[0]?.message ?? "";
  expect(serverMessage).not.toBe("");

  await page.goto("/signup");
  await page.getByLabel("Organisation name").fill(org.name);
  await page.getByLabel("Organisation slug").fill(org.slug);
  await page.getByLabel("Email", { exact: true }).fill(`other-${org.ownerEmail}`);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create organisation" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toHaveAttribute("data-code", "CONFLICT");
  await expect(alert).toContainText("Already exists");
  await expect(alert).toContainText(serverMessage);
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByTestId("app-shell")).toHaveCount(0);
});

test("log out, then log back in", async ({ page }) => {
  const org = newOrganisation("login");
  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await expect(page.getByTestId("app-shell")).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel("Organisation slug").fill(org.slug);
  await page.getByLabel("Email", { exact: true }).fill(org.ownerEmail);
  await page.getByLabel("Password", { exact: true }).fill("wrong-password-123");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveAttribute("data-code", "UNAUTHENTICATED");

  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("app-shell")).toBeVisible();
  await expect(page.getByTestId("current-user-email")).toHaveText(org.ownerEmail);
});
