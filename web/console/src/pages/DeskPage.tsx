// The agent desktop, for every member: presence, the call ringing with its screen pop, the call
// in progress (a WebRTC softphone kept by the shell), the dial pad, wrap-ups, and the team's
// status. The team reloads on presence events; agents only receive their own, so for them it is
// polled too, and often while colleagues share a call (it tells how a consultation goes).
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "../api/hooks";
import { CallPanel } from "../desk/CallPanel";
import { DialPad } from "../desk/DialPad";
import { OfferCard } from "../desk/OfferCard";
import { PresencePanel } from "../desk/PresencePanel";
import { TeamPanel } from "../desk/TeamPanel";
import { WrapUpForm } from "../desk/WrapUpForm";
import { agentStatesQuery } from "../features/calls/operations";
import { ErrorAlert } from "../kit/ErrorAlert";
import { canSupervise } from "../lib/roles";
import { useShell } from "../shell/context";

const AGENT_POLL_MS = 10_000;
const SUPERVISOR_POLL_MS = 60_000;
const SHARED_CALL_POLL_MS = 2_000;

export function DeskPage() {
  const { t } = useTranslation();
  const { me, desk } = useShell();
  const team = useQuery(agentStatesQuery, {});
  const { refetch } = team;
  const { teamLoaded } = desk;
  const call = desk.call;
  // A colleague consults us (their name), we consult them, or we talk together.
  const shared =
    desk.offer?.screenPop.consultFrom != null ||
    (call !== null && (call.consult !== null || call.conference || call.offer?.screenPop.consultFrom != null));

  useEffect(() => {
    if (shared) refetch();
    const every = shared ? SHARED_CALL_POLL_MS : canSupervise(me.role) ? SUPERVISOR_POLL_MS : AGENT_POLL_MS;
    const timer = window.setInterval(refetch, every);
    return () => {
      window.clearInterval(timer);
    };
  }, [refetch, me.role, shared]);

  useEffect(() => {
    if (desk.teamVersion > 0) refetch();
  }, [desk.teamVersion, refetch]);

  useEffect(() => {
    if (team.data) teamLoaded(team.data.agentStates);
  }, [team.data, teamLoaded]);

  const states = team.data?.agentStates ?? [];
  const canDial = desk.presence !== null && desk.presence.state !== "LOGGED_OUT" && !call && !desk.offer;

  return (
    <div className="page" data-testid="desk-page">
      <header className="page-header">
        <div className="card-header">
          <h1>{t("desk.title")}</h1>
          <span className={`live-status live-${desk.status}`} data-testid="desk-live" data-state={desk.status}>
            <span className="live-dot" aria-hidden="true" />
            {t(`feed.status.${desk.status}`)}
          </span>
        </div>
        <p className="muted">{t("desk.subtitle")}</p>
      </header>
      {desk.micBlocked && (
        <div className="alert alert-error" role="alert" data-testid="mic-blocked">
          <div className="alert-body">{t("desk.micBlocked")}</div>
        </div>
      )}
      {desk.error && (
        <div className="desk-error" data-testid="desk-error">
          <ErrorAlert error={desk.error} />
          <button type="button" className="button button-secondary button-small" onClick={desk.dismissError}>
            {t("common.dismiss")}
          </button>
        </div>
      )}
      <div className="desk-grid">
        <div className="desk-main">
          <PresencePanel desk={desk} />
          {desk.offer && <OfferCard desk={desk} offer={desk.offer} states={states} />}
          {call && <CallPanel desk={desk} call={call} team={team.data} />}
          {desk.wrapUps.map((w) => (
            <WrapUpForm key={`${w.callId}:${String(w.endedAt)}`} desk={desk} wrapUp={w} />
          ))}
          {canDial && <DialPad desk={desk} />}
        </div>
        <TeamPanel me={me.id} data={team.data} error={team.error} onRetry={refetch} />
      </div>
    </div>
  );
}
