// The tenant's users for pickers and names, when the viewer may list them (supervisors and
// above; for agents nothing is sent and the list is empty).
import type { ApiError } from "../api/errors";
import { useQuery } from "../api/hooks";
import { usersQuery } from "../features/accounts/operations";
import type { UsersQuery } from "../gql/graphql";
import { canSupervise } from "../lib/roles";
import { useShell } from "./context";

export type User = UsersQuery["users"][number];

export function useUsers(): { users: readonly User[]; allowed: boolean; error: ApiError | undefined; refetch: () => void } {
  const { me } = useShell();
  const allowed = canSupervise(me.role);
  const result = useQuery(usersQuery, {}, { skip: !allowed });
  return { users: result.data?.users ?? [], allowed, error: result.error, refetch: result.refetch };
}

/** "user:<id>" (a ledger's actor) or a bare id → the user's email when known. */
export function actorName(actor: string, users: readonly User[]): string {
  const id = actor.startsWith("user:") ? actor.slice(5) : actor;
  return users.find((u) => u.id === id)?.email ?? actor;
}
