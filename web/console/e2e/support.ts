// Shared pieces of the end-to-end tests: unique organisations, a password the server's policy
// accepts, and sign-up through the UI or straight through GraphQL.
import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Passes the server's policy (8+ characters, zxcvbn score ≥ 2). */
export const PASSWORD = "Tangerine-Harbor-7392";

export interface Organisation {
  id: string;
  name: string;
  slug: string;
  ownerEmail: string;
}

let counter = 0;

/** A fresh organisation each call: the name's suggested slug is `slug`. */
export function newOrganisation(prefix = "e2e"): Organisation {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return {
    id,
    name: `Acme ${prefix} ${id}`,
    slug: `acme-${prefix}-${id}`,
    ownerEmail: `owner-${id}@example.com`,
  };
}

/** Fills and submits the sign-up form (English labels); the slug is the one suggested. */
export async function signUpThroughUi(page: Page, org: Organisation): Promise<void> {
  await page.getByLabel("Organisation name").fill(org.name);
  await expect(page.getByLabel("Organisation slug")).toHaveValue(org.slug);
  await page.getByLabel("Email", { exact: true }).fill(org.ownerEmail);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create organisation" }).click();
}

interface GraphQLResult {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken refreshToken expiresIn }
}`;

/** Calls `signUp` directly and returns the raw GraphQL answer. */
export async function signUpThroughApi(request: APIRequestContext, org: Organisation): Promise<GraphQLResult> {
  const response = await request.post("/graphql", {
    data: {
      query: SIGN_UP,
      variables: {
        input: { tenantName: org.name, tenantSlug: org.slug, email: org.ownerEmail, password: PASSWORD },
      },
    },
  });
  return (await response.json()) as GraphQLResult;
}

interface Answer<T> {
  data?: T;
  errors?: { message: string }[];
}

/** Runs a GraphQL operation with a bearer token and returns its data (throws on errors). */
export async function gql<T>(
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

/** Signs an organisation up through the API and returns the owner's access token. */
export async function ownerToken(request: APIRequestContext, org: Organisation): Promise<string> {
  const answer = (await signUpThroughApi(request, org)) as Answer<{ signUp: { accessToken: string } }>;
  const token = answer.data?.signUp.accessToken ?? "";
  expect(token).not.toBe("");
  return token;
}

/** Invites `email` with `role` and accepts the invitation (password PASSWORD). */
export async function addMember(request: APIRequestContext, token: string, email: string, role: string): Promise<void> {
  const invited = await gql<{ inviteUser: { token: string } }>(
    request,
    token,
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

/** Logs in through the UI (English labels). */
export async function logIn(page: Page, org: Organisation, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Organisation slug").fill(org.slug);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("app-shell")).toBeVisible();
}
