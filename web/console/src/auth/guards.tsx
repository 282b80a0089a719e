// Route guards: the shell needs a session; the log-in and sign-up pages make no sense with one.
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "./context";

interface FromState {
  from?: { pathname: string; search: string };
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { authenticated } = useAuth();
  const location = useLocation();
  if (!authenticated) {
    const state: FromState = { from: { pathname: location.pathname, search: location.search } };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}

export function RedirectIfAuthenticated({ children }: { children: ReactNode }) {
  const { authenticated } = useAuth();
  const location = useLocation();
  if (authenticated) {
    const from = (location.state as FromState | null)?.from;
    return <Navigate to={from ? `${from.pathname}${from.search}` : "/"} replace />;
  }
  return children;
}
