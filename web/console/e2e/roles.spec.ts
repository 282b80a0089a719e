// Who sees the contact-center configuration: supervisors read it (no forms, no editing of
// flows), agents have no navigation for it and are refused by the server.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { PASSWORD, newOrganisation, signUpThroughApi, type Organisation } from "./support";

test.use({ locale: "en-US" });

interface Answer<T> {
  data?: T;
  errors?: { message: string }[];
}

async function gql<T>(
  request: APIRequestContext,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await request.post("/graphql", {
    data: { query, variables },
    headers: { authorization: `Bearer ${token}` },
  });
  const answer = (await response.json()) as Answer<T>;
  if (!answer.data) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

async function addMember(request: APIRequestContext, ownerToken: string, email: string, role: string): Promise<void> {
  const invited = await gql<{ inviteUser: { token: string } }>(
    request,
    ownerToken,
    "mutation($input: InviteUserInput!) { inviteUser(input: $input) { token } }",
    { input: { email, role } },
  );
  const response = await request.post("/graphql", {
    data: {
      query: "mutation($input: AcceptInviteInput!) { acceptInvite(input: $input) { accessToken } }",
      variables: { input: { token: invited.inviteUser.token, password: PASSWORD } },
    },
  });
  expect(response.ok()).toBe(true);
}

async function logIn(page: Page, org: Organisation, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Organisation slug").fill(org.slug);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("app-shell")).toBeVisible();
}

test("supervisors see the configuration read-only; agents do not see it", async ({ page, request }) => {
  const org = newOrganisation("roles");
  const signedUp = (await signUpThroughApi(request, org)) as Answer<{ signUp: { accessToken: string } }>;
  const ownerToken = signedUp.data?.signUp.accessToken ?? "";
  expect(ownerToken).not.toBe("");
  const supervisor = `supervisor-${org.id}@example.com`;
  const agent = `agent-${org.id}@example.com`;
  await addMember(request, ownerToken, supervisor, "SUPERVISOR");
  await addMember(request, ownerToken, agent, "AGENT");
  await gql(request, ownerToken, "mutation($input: QueueInput!) { createQueue(input: $input) { id } }", {
    input: { name: "Front desk" },
  });
  const flow = await gql<{ createIvrFlow: { id: string } }>(
    request,
    ownerToken,
    "mutation($input: IvrFlowInput!) { createIvrFlow(input: $input) { id } }",
    { input: { name: "Welcome" } },
  );

  await logIn(page, org, supervisor);
  await page.getByTestId("config-nav").getByRole("link", { name: "Queues" }).click();
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.getByTestId("queues-table")).toContainText("Front desk");
  await expect(page.getByTestId("queue-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);

  await page.goto(`/flows/${flow.createIvrFlow.id}`);
  await expect(page.getByTestId("flow-node-greeting")).toBeVisible();
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.getByTestId("flow-palette")).toHaveCount(0);
  await expect(page.getByTestId("flow-save")).toHaveCount(0);
  await page.getByTestId("flow-node-greeting").click();
  await expect(page.getByLabel("Text to speak")).toBeDisabled();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByLabel("Organisation slug")).toBeVisible();
  await logIn(page, org, agent);
  await expect(page.getByTestId("config-nav")).toHaveCount(0);
  await page.goto("/queues");
  await expect(page.getByRole("alert").first()).toHaveAttribute("data-code", "FORBIDDEN");
});
