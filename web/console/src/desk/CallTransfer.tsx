// Handing a call on: blind transfer to an agent, a queue or an outside number, or consult an agent first (the
// caller hears music) and then complete the transfer, take the caller back, or conference.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgentStatesQuery } from "../gql/graphql";
import {
  agentLabel,
  parseOutsideNumber,
  parseTransferTarget,
  transferAgents,
  type AgentStateView,
  type Consult,
} from "../lib/desk";
import type { Desk } from "./useDesk";

export function TransferForm({ desk, team, enabled }: { desk: Desk; team: AgentStatesQuery | undefined; enabled: boolean }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState("");
  const [outside, setOutside] = useState("");
  const agents = transferAgents(team?.agentStates ?? [], desk.me);
  const queues = team?.transferQueues ?? [];
  // A number typed in wins over the list.
  const parsed = outside.trim() !== "" ? parseOutsideNumber(outside) : parseTransferTarget(target);
  const ready = parsed !== null && enabled && !desk.busy;
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
          disabled={!enabled}
          data-testid="transfer-target-select"
          aria-describedby="transfer-hint"
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
        <p className="field-hint" id="transfer-hint">
          {t("desk.call.transferHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor="transfer-number">{t("desk.call.outsideNumber")}</label>
        <input
          id="transfer-number"
          type="tel"
          inputMode="tel"
          placeholder="+8613900139000"
          value={outside}
          disabled={!enabled}
          data-testid="transfer-number"
          aria-invalid={outside.trim() !== "" && parsed === null}
          onChange={(e) => {
            setOutside(e.target.value);
          }}
        />
      </div>
      <button type="submit" className="button button-secondary" disabled={!ready} data-testid="transfer-button">
        {t("desk.call.transfer")}
      </button>
      <button
        type="button"
        className="button button-secondary"
        disabled={!ready || !("agentId" in parsed)}
        data-testid="consult-button"
        onClick={() => {
          if (parsed && "agentId" in parsed) {
            void desk.consult(parsed.agentId).then((ok) => {
              if (ok) setTarget("");
            });
          }
        }}
      >
        {t("desk.call.consult")}
      </button>
    </form>
  );
}

/** The consultation in progress: how it goes, and the three ways out of it. */
export function ConsultBar({ desk, consult, states }: { desk: Desk; consult: Consult; states: readonly AgentStateView[] }) {
  const { t } = useTranslation();
  // Handing over or conferencing needs the colleague on the line.
  const talking = consult.stage === "talking";
  return (
    <div className="desk-consult" data-testid="consult-panel" data-stage={consult.stage} data-agent-id={consult.agentId}>
      <strong>{t("desk.consult.title", { colleague: agentLabel(states, consult.agentId) })}</strong>
      <p className="muted small" data-testid="consult-stage">
        {t(`desk.consult.stages.${consult.stage}`)}
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!talking || desk.busy}
          data-testid="consult-complete"
          onClick={() => void desk.completeTransfer()}
        >
          {t("desk.consult.complete")}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={!talking || desk.busy}
          data-testid="consult-conference"
          onClick={() => void desk.conference()}
        >
          {t("desk.consult.conference")}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={desk.busy}
          data-testid="consult-cancel"
          onClick={() => void desk.cancelConsult()}
        >
          {t("desk.consult.cancel")}
        </button>
      </div>
    </div>
  );
}
