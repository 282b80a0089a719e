// Language: a Chinese browser gets Chinese; the switch changes it and remembers the choice.
import { expect, test } from "@playwright/test";

test.use({ locale: "zh-CN" });

test("a Chinese browser sees Chinese and can switch to English", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "创建你的组织" })).toBeVisible();
  await expect(page.getByLabel("组织名称")).toBeVisible();
  await expect(page.getByRole("button", { name: "创建组织" })).toBeVisible();

  await page.getByRole("group", { name: "语言" }).getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Create your organisation" })).toBeVisible();
  await expect(page.getByLabel("Organisation name")).toBeVisible();

  // The choice outlives a reload and applies to the other pages.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Create your organisation" })).toBeVisible();
  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
});
