// Keeps the tenant's live events while the shell is mounted, so none are lost while the user
// is on another page.
import { useCallback, useEffect, useState } from "react";
import { subscribeTenantEvents, type LiveStatus, type TenantEvent } from "../api/events";
import { api, graphqlWebSocketUrl } from "../api/session";
import type { LiveFeed } from "./context";

export const FEED_LIMIT = 50;

export function useTenantEvents(enabled: boolean): LiveFeed {
  const [events, setEvents] = useState<readonly TenantEvent[]>([]);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return undefined;
    return subscribeTenantEvents(api, graphqlWebSocketUrl(), {
      onEvent: (event) => {
        setEvents((prev) =>
          prev.some((e) => e.id === event.id) ? prev : [event, ...prev].slice(0, FEED_LIMIT),
        );
      },
      onStatus: setStatus,
      onError: (error) => {
        console.warn("tenantEvents:", error.code, error.message);
      },
    });
  }, [enabled, attempt]);

  const reconnect = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  return { events, status, reconnect };
}
