// The log-in state the whole console reads: whether there is a session, and whether the last
// one ended because the server refused to renew it.
import { createContext, useContext } from "react";
import type { AuthTokensPayload } from "../api/tokens";

export interface AuthState {
  authenticated: boolean;
  /** The previous session ended on its own (refresh refused), not by logging out. */
  sessionExpired: boolean;
  signIn: (payload: AuthTokensPayload) => void;
  signOut: () => Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside <AuthProvider>");
  return auth;
}
