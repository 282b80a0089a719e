// What the shell hands to its pages: the signed-in user (with tenant), the live event feed and
// the agent desktop (presence, offer, call), which outlives any one page.
import { useOutletContext } from "react-router";
import type { LiveStatus, TenantEvent } from "../api/events";
import type { Desk } from "../desk/useDesk";
import type { MeQuery } from "../gql/graphql";
import { canManageConfig } from "../lib/roles";

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
  desk: Desk;
}

export function useShell(): ShellContext {
  return useOutletContext<ShellContext>();
}

/** Whether the signed-in user may change the center's configuration (admins and owners). */
export function useManageConfig(): boolean {
  return canManageConfig(useShell().me.role);
}
