// Small status labels: a user's role, whether they are active, an agent's presence.
import { useTranslation } from "react-i18next";
import type { AgentPresence, Role } from "../gql/graphql";

export function RoleBadge({ role, testId }: { role: Role; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-role badge-${role.toLowerCase()}`} data-role={role} data-testid={testId}>
      {t(`roles.${role}`)}
    </span>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={active ? "badge badge-ok" : "badge badge-muted"}>
      {t(active ? "userStatus.active" : "userStatus.inactive")}
    </span>
  );
}

export function OpenNowBadge({ open, testId }: { open: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={open ? "badge badge-ok" : "badge badge-muted"} data-open={open} data-testid={testId}>
      {t(open ? "hours.openNow" : "hours.closedNow")}
    </span>
  );
}

const PRESENCE_CLASS: Record<AgentPresence, string> = {
  AVAILABLE: "badge badge-ok",
  NOT_READY: "badge badge-warning",
  AFTER_CALL_WORK: "badge badge-supervisor",
  LOGGED_OUT: "badge badge-muted",
};

export function PresenceBadge({ state, testId }: { state: AgentPresence; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={PRESENCE_CLASS[state]} data-state={state} data-testid={testId}>
      {t(`desk.presence.states.${state}`)}
    </span>
  );
}
