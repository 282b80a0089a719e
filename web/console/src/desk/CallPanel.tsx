// The call the agent is on (answered or dialled): its status and timer, whether audio flows, who
// else is on it, mute, hold and hang-up, the transfer and consultation controls, and the caller's
// screen pop (or the number dialled).
import { useTranslation } from "react-i18next";
import type { AgentStatesQuery } from "../gql/graphql";
import { agentLabel, callView, formatDuration, type ActiveCall } from "../lib/desk";
import { ConsultBar, TransferForm } from "./CallTransfer";
import { ScreenPopView } from "./OfferCard";
import type { Desk } from "./useDesk";
import { useNow } from "./useDesk";

/** The keys an agent can send to the other side (an IVR, an extension). */
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

const BADGE_CLASS = {
  dialling: "badge badge-muted",
  answering: "badge badge-muted",
  connected: "badge badge-ok",
  held: "badge badge-warning",
  consulting: "badge badge-warning",
  conference: "badge badge-supervisor",
} as const;

export function CallPanel({ desk, call, team }: { desk: Desk; call: ActiveCall; team: AgentStatesQuery | undefined }) {
  const { t } = useTranslation();
  const now = useNow(call.connectedAt !== null);
  const states = team?.agentStates ?? [];
  const view = callView(call, states, desk.me);
  const line = desk.line;
  return (
    <section
      className="card desk-call"
      aria-labelledby="call-title"
      data-testid="call-panel"
      data-call-id={call.callId}
      data-direction={call.direction}
    >
      <div className="card-header">
        <h2 id="call-title">{call.direction === "outbound" ? t("desk.call.titleOutbound") : t("desk.call.title")}</h2>
        <div className="card-header-actions">
          <span className={BADGE_CLASS[view.badge]} data-testid="call-status" data-status={view.badge}>
            {t(`desk.call.status.${view.badge}`)}
          </span>
          {call.connectedAt !== null && (
            <span className="desk-timer" role="timer" data-testid="call-timer">
              {formatDuration(now - call.connectedAt)}
            </span>
          )}
        </div>
      </div>
      {view.consultingUs && (
        <p className="alert alert-info" data-testid="call-consult-from">
          {t("desk.call.consultFrom", { colleague: agentLabel(states, view.consultingUs) })}
        </p>
      )}
      {view.peers.length > 0 && (
        <p className="muted small" data-testid="call-peers">
          {t("desk.call.peers", { agents: view.peers.map((p) => p.email ?? p.agentId).join(", ") })}
        </p>
      )}
      {call.deskPhone && (
        <p className="muted small" data-testid="call-on-desk-phone">
          {t("desk.call.onDeskPhone")}
        </p>
      )}
      {line && (
        <div
          className="desk-line muted small"
          data-testid="line-stats"
          data-sent={line.packetsSent}
          data-received={line.packetsReceived}
          data-level={line.inboundLevel ?? ""}
        >
          {t("desk.call.line", { sent: line.packetsSent, received: line.packetsReceived })}
          {line.inboundLevel !== null && (
            <meter
              className="desk-level"
              min={0}
              max={1}
              value={line.inboundLevel}
              aria-label={t("desk.call.callerLevel")}
              data-testid="caller-level"
            />
          )}
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={!view.canMute}
          aria-pressed={call.muted}
          data-testid="mute-button"
          onClick={() => {
            desk.mute(!call.muted);
          }}
        >
          {call.muted ? t("desk.call.unmute") : t("desk.call.mute")}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={!view.canHold || desk.busy}
          aria-pressed={call.phase === "held"}
          data-testid="hold-button"
          onClick={() => void desk.hold(call.phase !== "held")}
        >
          {call.phase === "held" ? t("desk.call.resume") : t("desk.call.hold")}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={!view.canHangUp || desk.busy}
          data-testid="hangup-button"
          onClick={() => void desk.hangUp()}
        >
          {t("desk.call.hangUp")}
        </button>
      </div>
      {view.canHangUp && (
        <div className="desk-keys" role="group" aria-label={t("desk.call.keys")} data-testid="call-keys">
          {KEYS.map((k) => (
            <button
              key={k}
              type="button"
              className="button button-secondary button-small"
              disabled={desk.busy}
              data-testid={`call-key-${k}`}
              onClick={() => void desk.sendKeys(k)}
            >
              {k}
            </button>
          ))}
        </div>
      )}
      {call.consult && <ConsultBar desk={desk} consult={call.consult} states={states} />}
      {view.canHangUp && !call.consult && <TransferForm desk={desk} team={team} enabled={view.canTransfer} />}
      {call.offer ? (
        <ScreenPopView offer={call.offer} states={states} />
      ) : (
        <dl className="details desk-pop">
          <dt>{t("desk.call.number")}</dt>
          <dd data-testid="call-number">
            <strong>{call.party}</strong>
          </dd>
        </dl>
      )}
    </section>
  );
}
