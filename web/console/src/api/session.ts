// The console's one API session: the token pair in localStorage (shared with other tabs) and
// the GraphQL client that uses and refreshes it.
import { graphql } from "../gql";
import { GraphQLClient } from "./client";
import { StorageTokenStore, tokensFromPayload, type AuthTokensPayload } from "./tokens";

export const GRAPHQL_PATH = "/graphql";

const refreshMutation = graphql(`
  mutation Refresh($refreshToken: String!) {
    refresh(refreshToken: $refreshToken) {
      ...AuthTokenFields
    }
  }
`);

const logOutMutation = graphql(`
  mutation LogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken)
  }
`);

export const tokenStore = new StorageTokenStore(window.localStorage);

window.addEventListener("storage", (event) => {
  if (event.key === null || event.key === tokenStore.storageKey) tokenStore.reload();
});

export const api = new GraphQLClient({
  endpoint: GRAPHQL_PATH,
  tokens: tokenStore,
  refresh: async (client, refreshToken) => {
    const data = await client.request(refreshMutation, { refreshToken }, { auth: false });
    return tokensFromPayload(data.refresh, Date.now());
  },
});

/** Starts a session with the tokens of a signUp / logIn / acceptInvite answer. */
export function startSession(payload: AuthTokensPayload): void {
  tokenStore.save(tokensFromPayload(payload, Date.now()));
}

/** Ends the session on the server (best effort) and here (always). */
export async function endSession(): Promise<void> {
  const tokens = tokenStore.load();
  try {
    if (tokens) {
      await api.request(logOutMutation, { refreshToken: tokens.refreshToken }, { auth: "as-is" });
    }
  } catch {
    // The server may be unreachable or the token already gone: forgetting it here suffices.
  } finally {
    tokenStore.save(null);
  }
}

/** The WebSocket address of the GraphQL endpoint on this origin. */
export function graphqlWebSocketUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}${GRAPHQL_PATH}`;
}
