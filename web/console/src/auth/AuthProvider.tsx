// Provides the log-in state from the token store, which other tabs and the API client (on a
// refused refresh) can change too.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { api, endSession, startSession, tokenStore } from "../api/session";
import type { AuthTokensPayload } from "../api/tokens";
import { AuthContext, type AuthState } from "./context";

const subscribe = (listener: () => void) => tokenStore.subscribe(listener);
const snapshot = () => tokenStore.load() !== null;

export function AuthProvider({ children }: { children: ReactNode }) {
  const authenticated = useSyncExternalStore(subscribe, snapshot);
  const [sessionExpired, setSessionExpired] = useState(false);

  useEffect(
    () =>
      api.onSessionExpired(() => {
        setSessionExpired(true);
      }),
    [],
  );

  const signIn = useCallback((payload: AuthTokensPayload) => {
    setSessionExpired(false);
    startSession(payload);
  }, []);

  const signOut = useCallback(async () => {
    setSessionExpired(false);
    await endSession();
  }, []);

  const value = useMemo<AuthState>(
    () => ({ authenticated, sessionExpired, signIn, signOut }),
    [authenticated, sessionExpired, signIn, signOut],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}
