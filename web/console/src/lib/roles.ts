// What a role may do with the center's configuration (numbers, queues, flows, …): supervisors
// and above read it, admins and owners change it. The server enforces this; the console only
// hides what would be refused.
import type { Role } from "../gql/graphql";

const RANK: Record<Role, number> = { AGENT: 0, SUPERVISOR: 1, ADMIN: 2, OWNER: 3 };

export function canViewConfig(role: Role): boolean {
  return RANK[role] >= RANK.SUPERVISOR;
}

export function canManageConfig(role: Role): boolean {
  return RANK[role] >= RANK.ADMIN;
}

/** Supervisors and above: list the users, merge contacts, issue cards, post adjustments. */
export function canSupervise(role: Role): boolean {
  return RANK[role] >= RANK.SUPERVISOR;
}
