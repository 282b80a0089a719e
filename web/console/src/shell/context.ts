// What the shell hands to its pages: the signed-in user (with tenant) and the live event feed.
import { useOutletContext } from "react-router";
import type { LiveStatus, TenantEvent } from "../api/events";
import type { MeQuery } from "../gql/graphql";

export type Me = MeQuery["me"];

export interface LiveFeed {
  /** Newest first, at most FEED_LIMIT. */
  events: readonly TenantEvent[];
  status: LiveStatus;
  reconnect: () => void;
}

export interface ShellContext {
  me: Me;
  feed: LiveFeed;
}

export function useShell(): ShellContext {
  return useOutletContext<ShellContext>();
}
