// Cases and service requests: an owner builds a department tree, opens a complaint that is
// routed by its category, notes, escalates, closes and rates it (all in its history), then
// moves a train-ticket request from new to completed.
import { expect, test } from "@playwright/test";
import { logIn, newOrganisation, ownerToken } from "./support";

test.use({ locale: "en-US" });

test("an owner routes, escalates, closes and rates a case, then completes a service request", async ({ page, request }) => {
  const org = newOrganisation("cases");
  await ownerToken(request, org);
  await logIn(page, org, org.ownerEmail);

  // Departments: HQ, and Service under it handling "ticket".
  await page.getByTestId("app-nav").getByRole("link", { name: "Cases" }).click();
  const panel = page.getByTestId("departments-panel");
  const deptForm = panel.getByTestId("department-form");
  await deptForm.getByLabel("Department name").fill("HQ");
  await deptForm.getByRole("button", { name: "Add department" }).click();
  await expect(panel.locator('li[data-department="HQ"]')).toBeVisible();
  await deptForm.getByLabel("Department name").fill("Service");
  await deptForm.getByLabel("Parent department").selectOption({ label: "HQ" });
  await deptForm.getByLabel("Categories").fill("ticket");
  await deptForm.getByLabel("Urgent (minutes)").fill("60");
  await deptForm.getByRole("button", { name: "Add department" }).click();
  const service = panel.locator('li[data-department="Service"]');
  await expect(service).toContainText("ticket");
  await expect(service).toContainText("Urgent 60 min");

  // A complaint in "ticket" goes to Service.
  const form = page.getByTestId("case-form");
  await form.getByLabel("Kind").selectOption({ label: "Complaint" });
  await form.getByLabel("Category").fill("ticket");
  await form.getByLabel("Priority").selectOption({ label: "High" });
  await form.getByLabel("Subject").fill("Train was cancelled");
  await form.getByLabel("Description").fill("No refund offered at the station");
  await form.getByRole("button", { name: "Open case" }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]+$/);
  await expect(page.getByTestId("case-subject")).toContainText("Train was cancelled");
  await expect(page.getByTestId("case-department")).toHaveText("Service");
  await expect(page.getByTestId("case-escalation")).toHaveText("0");

  // A note, then escalation to HQ.
  await page.getByTestId("case-note").getByLabel("Note").fill("Called the station");
  await page.getByTestId("case-note").getByRole("button", { name: "Add note" }).click();
  const history = page.getByTestId("case-history");
  await expect(history).toContainText("Called the station");
  await page.getByTestId("case-escalate").getByLabel("Reason").fill("Needs a manager");
  await page.getByTestId("case-escalate").getByRole("button", { name: "Escalate to parent department" }).click();
  await expect(page.getByTestId("case-department")).toHaveText("HQ");
  await expect(page.getByTestId("case-escalation")).toHaveText("1");

  // Closing needs a resolution and how the customer was told.
  const close = page.getByTestId("case-close");
  await close.getByRole("button", { name: "Close case" }).click();
  await expect(close.getByText("Required")).toHaveCount(2);
  await close.getByLabel("Resolution").fill("Refunded in full");
  await close.getByLabel("Customer notified via").selectOption({ label: "SMS" });
  await close.getByRole("button", { name: "Close case" }).click();
  await expect(page.getByTestId("case-page")).toHaveAttribute("data-status", "closed");
  await expect(page.getByTestId("case-resolution")).toContainText("Refunded in full");

  // Rated 4 once closed.
  const rate = page.getByTestId("case-rate");
  await rate.getByLabel("Satisfaction").selectOption("4");
  await rate.getByRole("button", { name: "Save rating" }).click();
  await expect(page.getByTestId("case-satisfaction")).toHaveText("★★★★");
  for (const kind of ["created", "note", "escalated", "closed", "rated"]) {
    await expect(history.locator(`li[data-kind="${kind}"]`)).toHaveCount(1);
  }

  // The board lists it as closed.
  await page.getByRole("link", { name: "← Cases" }).click();
  await expect(page.getByTestId("cases-closed")).toContainText("Train was cancelled");

  // A train ticket request from new to completed.
  await page.getByTestId("app-nav").getByRole("link", { name: "Service requests" }).click();
  const requestForm = page.getByTestId("request-form");
  await requestForm.getByLabel("Request kind").selectOption({ label: "Train ticket" });
  await requestForm.getByLabel("Origin").fill("Beijing");
  await requestForm.getByLabel("Destination").fill("Shanghai");
  await requestForm.getByLabel("Date", { exact: true }).fill("2026-12-01");
  await requestForm.getByLabel("Passengers").fill("2");
  await requestForm.getByRole("button", { name: "Create request" }).click();
  const requestPanel = page.getByTestId("request-panel");
  await expect(requestPanel.getByTestId("request-status")).toHaveAttribute("data-status", "new");
  await expect(page.getByTestId("requests-table")).toContainText("Beijing → Shanghai · 2026-12-01 · 2");
  for (const [button, status] of [
    ["Move to In progress", "in_progress"],
    ["Move to Confirmed", "confirmed"],
    ["Move to Completed", "completed"],
  ] as const) {
    await requestPanel.getByRole("button", { name: button }).click();
    await expect(requestPanel.getByTestId("request-status")).toHaveAttribute("data-status", status);
  }
  await expect(requestPanel.getByTestId("request-transitions")).toHaveCount(0);
});
