// The team's status: every agent who has used the desk, their presence, since when, and whether a
// call rings at them or they are on one.
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/errors";
import type { AgentStatesQuery } from "../gql/graphql";
import { PresenceBadge } from "../kit/badges";
import { ErrorAlert } from "../kit/ErrorAlert";
import { transferAgents } from "../lib/desk";
import { formatTime } from "../lib/format";

export function TeamPanel({
  me,
  data,
  error,
  onRetry,
}: {
  me: string;
  data: AgentStatesQuery | undefined;
  error: ApiError | undefined;
  onRetry: () => void;
}) {
  const { t, i18n } = useTranslation();
  const mine = data?.agentStates.find((s) => s.agentId === me);
  const rows = data ? [...(mine ? [mine] : []), ...transferAgents(data.agentStates, me)] : [];
  return (
    <section className="card" aria-labelledby="team-title" data-testid="team-panel">
      <h2 id="team-title">{t("desk.team.title")}</h2>
      {error && <ErrorAlert error={error} onRetry={onRetry} />}
      {!data && !error && <p className="muted">{t("common.loading")}</p>}
      {data && rows.length === 0 && <p className="empty">{t("desk.team.empty")}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="team-table">
            <thead>
              <tr>
                <th scope="col">{t("desk.team.agent")}</th>
                <th scope="col">{t("desk.team.state")}</th>
                <th scope="col">{t("desk.team.since")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.agentId} data-agent-id={s.agentId} data-state={s.state}>
                  <td>
                    {s.email ?? s.agentId}
                    {s.agentId === me && <span className="muted small"> ({t("common.yourself")})</span>}
                  </td>
                  <td>
                    <PresenceBadge state={s.state} />
                    {s.state === "NOT_READY" && s.reason && <div className="muted small">{s.reason}</div>}
                    {(s.callId ?? s.offerCallId) && (
                      <div className="small" data-testid="team-activity">
                        {s.callId ? t("desk.team.onCall") : t("desk.team.ringing")}
                      </div>
                    )}
                  </td>
                  <td className="small">{formatTime(s.since, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
