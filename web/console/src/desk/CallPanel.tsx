// The call the agent is on: its status and timer, whether audio flows, mute, hold, blind
// transfer (to another agent or a queue) and hang-up, above the caller's screen pop.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgentStatesQuery } from "../gql/graphql";
import { formatDuration, parseTransferTarget, transferAgents, type ActiveCall } from "../lib/desk";
import { ScreenPopView } from "./OfferCard";
import type { Desk } from "./useDesk";
import { useNow } from "./useDesk";

export function CallPanel({ desk, call, team }: { desk: Desk; call: ActiveCall; team: AgentStatesQuery | undefined }) {
  const { t } = useTranslation();
  const now = useNow(call.connectedAt !== null);
  const answered = call.phase !== "answering";
  const line = desk.line;
  return (
    <section className="card desk-call" aria-labelledby="call-title" data-testid="call-panel" data-call-id={call.callId}>
      <div className="card-header">
        <h2 id="call-title">{t("desk.call.title")}</h2>
        <div className="card-header-actions">
          <span
            className={call.phase === "held" ? "badge badge-warning" : answered ? "badge badge-ok" : "badge badge-muted"}
            data-testid="call-status"
            data-status={call.phase}
          >
            {t(`desk.call.status.${call.phase}`)}
          </span>
          {call.connectedAt !== null && (
            <span className="desk-timer" role="timer" data-testid="call-timer">
              {formatDuration(now - call.connectedAt)}
            </span>
          )}
        </div>
      </div>
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
          disabled={!answered}
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
          disabled={!answered || desk.busy}
          aria-pressed={call.phase === "held"}
          data-testid="hold-button"
          onClick={() => void desk.hold(call.phase !== "held")}
        >
          {call.phase === "held" ? t("desk.call.resume") : t("desk.call.hold")}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={!answered || desk.busy}
          data-testid="hangup-button"
          onClick={() => void desk.hangUp()}
        >
          {t("desk.call.hangUp")}
        </button>
      </div>
      {answered && <TransferForm desk={desk} team={team} />}
      <ScreenPopView offer={call.offer} />
    </section>
  );
}

function TransferForm({ desk, team }: { desk: Desk; team: AgentStatesQuery | undefined }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState("");
  const agents = transferAgents(team?.agentStates ?? [], desk.me);
  const queues = team?.transferQueues ?? [];
  const parsed = parseTransferTarget(target);
  return (
    <form
      className="form form-inline desk-transfer"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed) void desk.transfer(parsed);
      }}
    >
      <div className="field">
        <label htmlFor="transfer-target">{t("desk.call.transferTo")}</label>
        <select
          id="transfer-target"
          value={target}
          data-testid="transfer-target-select"
          onChange={(e) => {
            setTarget(e.target.value);
          }}
        >
          <option value="">{t("desk.call.choose")}</option>
          {agents.length > 0 && (
            <optgroup label={t("desk.call.agents")}>
              {agents.map((a) => (
                <option key={a.agentId} value={`agent:${a.agentId}`} data-email={a.email ?? ""}>
                  {a.email ?? a.agentId} · {t(`desk.presence.states.${a.state}`)}
                </option>
              ))}
            </optgroup>
          )}
          {queues.length > 0 && (
            <optgroup label={t("desk.call.queues")}>
              {queues.map((q) => (
                <option key={q.id} value={`queue:${q.id}`}>
                  {q.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <button type="submit" className="button button-secondary" disabled={!parsed || desk.busy} data-testid="transfer-button">
        {t("desk.call.transfer")}
      </button>
    </form>
  );
}
