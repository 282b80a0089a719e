// The live `tenantEvents` and `agentEvents` subscriptions over graphql-ws on the same `/graphql`
// path. The access token goes in the connection parameters; when the server refuses it (close
// 4401/4403, or an UNAUTHENTICATED error on the subscription) the pair is refreshed once and the
// feed reconnects.
import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import { graphql } from "../gql";
import type { AgentEventsSubscription, TenantEventsSubscription } from "../gql/graphql";
import type { GraphQLClient } from "./client";
import { ApiError, toApiError, type GraphQLErrorLike } from "./errors";

const tenantEventsSubscription = graphql(`
  subscription TenantEvents {
    tenantEvents {
      id
      kind
      at
      data
    }
  }
`);

const agentEventsSubscription = graphql(`
  subscription AgentEvents($everyone: Boolean!) {
    agentEvents(everyone: $everyone) {
      id
      kind
      at
      data
    }
  }
`);

export type TenantEvent = TenantEventsSubscription["tenantEvents"];
export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveEventsHandlers {
  onEvent: (event: TenantEvent) => void;
  onStatus: (status: LiveStatus) => void;
  onError: (error: ApiError) => void;
}

function closeCode(value: unknown): number | null {
  if (typeof value === "object" && value !== null && "code" in value) {
    return typeof value.code === "number" ? value.code : null;
  }
  return null;
}

function asGraphQLErrors(value: unknown): GraphQLErrorLike[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter(
    (e): e is GraphQLErrorLike =>
      typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string",
  );
}

/** Subscribes to the tenant's events until the returned function is called. */
export function subscribeTenantEvents(api: GraphQLClient, url: string, handlers: LiveEventsHandlers): () => void {
  return subscribeEvents<TenantEventsSubscription>(
    api,
    url,
    { query: tenantEventsSubscription.toString(), pick: (data) => data.tenantEvents },
    handlers,
  );
}

/** Subscribes to the acting agent's offers, calls and presence (`everyone`: every agent's, for
 * supervisors) until the returned function is called. */
export function subscribeAgentEvents(
  api: GraphQLClient,
  url: string,
  everyone: boolean,
  handlers: LiveEventsHandlers,
): () => void {
  return subscribeEvents<AgentEventsSubscription>(
    api,
    url,
    { query: agentEventsSubscription.toString(), variables: { everyone }, pick: (data) => data.agentEvents },
    handlers,
  );
}

interface EventsRequest<TData> {
  query: string;
  variables?: Record<string, unknown>;
  /** The event in one result of the subscription. */
  pick: (data: TData) => TenantEvent;
}

function subscribeEvents<TData>(
  api: GraphQLClient,
  url: string,
  request: EventsRequest<TData>,
  handlers: LiveEventsHandlers,
): () => void {
  let stopped = false;
  let forceRefresh = false;
  let authRetried = false;
  let client: Client | null = null;
  let unsubscribe: (() => void) | null = null;

  const status = (next: LiveStatus) => {
    if (!stopped) handlers.onStatus(next);
  };

  const start = () => {
    status("connecting");
    client = createClient({
      url,
      lazy: true,
      retryAttempts: 10,
      connectionParams: async () => {
        const accessToken = forceRefresh
          ? (await api.refreshTokens()).accessToken
          : await api.accessToken();
        forceRefresh = false;
        return { authorization: `Bearer ${accessToken}` };
      },
      on: {
        connecting: () => {
          status("connecting");
        },
        connected: () => {
          authRetried = false;
          status("live");
        },
        closed: (event) => {
          const code = closeCode(event);
          if ((code === 4401 || code === 4403) && !authRetried) {
            authRetried = true;
            forceRefresh = true;
          }
          status("connecting");
        },
      },
    });
    unsubscribe = client.subscribe<TData>(
      { query: request.query, variables: request.variables },
      {
        next: (result: FormattedExecutionResult<TData>) => {
          if (result.errors && result.errors.length > 0) {
            handlers.onError(ApiError.fromGraphQL(result.errors));
          }
          if (result.data) handlers.onEvent(request.pick(result.data));
        },
        error: (error: unknown) => {
          const errors = asGraphQLErrors(error);
          const apiError = errors ? ApiError.fromGraphQL(errors) : toApiError(closeReason(error));
          if (apiError.code === "UNAUTHENTICATED" && !authRetried && !stopped) {
            authRetried = true;
            restartAfter(api.refreshTokens());
            return;
          }
          status("offline");
          if (!stopped) handlers.onError(apiError);
        },
        complete: () => {
          status("offline");
        },
      },
    );
  };

  const teardown = () => {
    unsubscribe?.();
    unsubscribe = null;
    void client?.dispose();
    client = null;
  };

  const restartAfter = (ready: Promise<unknown>) => {
    teardown();
    ready.then(
      () => {
        if (!stopped) start();
      },
      (error: unknown) => {
        status("offline");
        if (!stopped) handlers.onError(toApiError(error));
      },
    );
  };

  start();
  return () => {
    stopped = true;
    teardown();
  };
}

/** A CloseEvent or Error as something with a message. */
function closeReason(error: unknown): unknown {
  const code = closeCode(error);
  if (code === null) return error;
  const reason = (error as { reason?: unknown }).reason;
  return new ApiError("NETWORK", `${code}${typeof reason === "string" && reason ? ` ${reason}` : ""}`);
}
