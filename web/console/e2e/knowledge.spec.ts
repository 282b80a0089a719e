// Knowledge base: an owner imports a timetable CSV with a bad row, adds an FAQ through the
// form, finds it by search and looks departures up; an agent searches but cannot change it.
import { expect, test } from "@playwright/test";
import { addMember, logIn, newOrganisation, ownerToken } from "./support";

test.use({ locale: "en-US" });

test("an owner imports and searches the knowledge base; an agent only reads it", async ({ page, request }) => {
  const org = newOrganisation("kb");
  const token = await ownerToken(request, org);
  const agent = `agent-${org.id}@example.com`;
  await addMember(request, token, agent, "AGENT");

  await logIn(page, org, org.ownerEmail);
  await page.getByTestId("app-nav").getByRole("link", { name: "Knowledge base" }).click();
  await expect(page.getByTestId("knowledge-page")).toBeVisible();

  // A timetable CSV: two stations (two entries), one row with an impossible time.
  const panel = page.getByTestId("kb-import");
  await panel.getByLabel("Entry type").selectOption("TIMETABLE");
  await expect(panel.getByTestId("kb-import-header")).toHaveText("language,station,date,time,destination,route_code");
  await panel
    .getByLabel("CSV", { exact: true })
    .fill(
      [
        "language,station,date,time,destination,route_code",
        "zh,北京南站,,09:30,天津,C2001",
        "zh,北京南站,,07:15,上海,G1",
        "zh,北京南站,,25:00,杭州,G9",
        "zh,天津站,,10:00,北京南,C2002",
        "",
      ].join("\n"),
    );
  await panel.getByRole("button", { name: "Import" }).click();
  const report = panel.getByTestId("kb-import-report");
  await expect(report).toContainText("Entries imported: 2.");
  await expect(report.getByTestId("rejected-rows").locator('[data-line="4"]')).toContainText("Line 4");
  await expect(page.getByTestId("kb-table")).toContainText("北京南站");

  // An FAQ through the form.
  const form = page.getByTestId("kb-form");
  await form.getByLabel("Type").selectOption("FAQ");
  await form.getByLabel("Language").selectOption("en");
  await form.getByLabel("Question").fill("How do I get a refund?");
  await form.getByLabel("Answer").fill("Refunds are given within 7 days at any ticket office.");
  await form.getByRole("button", { name: "Create entry" }).click();
  await expect(page.getByTestId("kb-table")).toContainText("How do I get a refund?");

  // Search finds it.
  const search = page.getByTestId("kb-search");
  await search.getByLabel("Search the knowledge base").fill("refund");
  await search.getByRole("button", { name: "Search" }).click();
  const hit = search.getByTestId("kb-hits").locator("li").first();
  await expect(hit).toContainText("How do I get a refund?");
  await expect(hit.getByTestId("kb-type")).toHaveText("FAQ");

  // Departures from 北京南站, sorted by time.
  const lookup = page.getByTestId("kb-timetable");
  await lookup.getByLabel("Station").fill("北京南站");
  await lookup.getByRole("button", { name: "Show departures" }).click();
  const rows = lookup.getByTestId("kb-departures").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-time", "07:15");
  await expect(rows.nth(0)).toContainText("上海");
  await expect(rows.nth(1)).toHaveAttribute("data-time", "09:30");

  // The agent: search and lists, no changes.
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByLabel("Organisation slug")).toBeVisible();
  await logIn(page, org, agent);
  await expect(page.getByTestId("config-nav")).toHaveCount(0);
  await page.getByTestId("app-nav").getByRole("link", { name: "Knowledge base" }).click();
  await expect(page.getByTestId("kb-table")).toContainText("How do I get a refund?");
  await page.getByTestId("kb-search").getByLabel("Search the knowledge base").fill("refund");
  await page.getByTestId("kb-search").getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("kb-hits")).toContainText("How do I get a refund?");
  await expect(page.getByTestId("kb-form")).toHaveCount(0);
  await expect(page.getByTestId("kb-import")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
});
