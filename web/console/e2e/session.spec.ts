// Sessions against the real server: a refused access token is refreshed (the pair rotates) and
// the call retried; a refused refresh token sends the user to log-in.
import { expect, test, type Page } from "@playwright/test";
import { newOrganisation, signUpThroughUi } from "./support";

test.use({ locale: "en-US" });

const KEY = "qiao.session";

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

async function storedTokens(page: Page): Promise<StoredTokens | null> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), KEY);
  return raw === null ? null : (JSON.parse(raw) as StoredTokens);
}

async function storeTokens(page: Page, tokens: StoredTokens): Promise<void> {
  await page.evaluate(([key, value]) => {
    localStorage.setItem(key, value);
  }, [KEY, JSON.stringify(tokens)] as const);
}

test("a refused access token is refreshed and the request retried", async ({ page }) => {
  const org = newOrganisation("refresh");
  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await expect(page.getByTestId("app-shell")).toBeVisible();

  const before = await storedTokens(page);
  expect(before).not.toBeNull();
  if (!before) return;
  await storeTokens(page, { ...before, accessToken: "not-a-valid-token" });
  await page.reload();

  await expect(page.getByTestId("current-user-email")).toHaveText(org.ownerEmail);
  await expect(page.getByTestId("events-status")).toHaveAttribute("data-state", "live");
  const after = await storedTokens(page);
  expect(after?.accessToken).not.toBe("not-a-valid-token");
  expect(after?.refreshToken).not.toBe(before.refreshToken);
});

test("a refused refresh token ends the session", async ({ page }) => {
  const org = newOrganisation("expired");
  await page.goto("/signup");
  await signUpThroughUi(page, org);
  await expect(page.getByTestId("app-shell")).toBeVisible();

  const before = await storedTokens(page);
  if (!before) throw new Error("no session stored after sign-up");
  await storeTokens(page, { ...before, accessToken: "not-valid", refreshToken: "not-valid-either" });
  await page.reload();

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status")).toContainText("Your session has ended");
  expect(await storedTokens(page)).toBeNull();
});
