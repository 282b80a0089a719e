// The agent's own status on the desk: what it is and since when (with the end of after-call
// work), the buttons to log in (available), take a break (not ready, with a reason) or log out,
// and whether offers ring the agent's desk phone.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PresenceBadge } from "../kit/badges";
import { ErrorAlert } from "../kit/ErrorAlert";
import { CheckboxField, SelectField } from "../kit/fields";
import { NOT_READY_REASONS } from "../lib/desk";
import { formatTime } from "../lib/format";
import type { Desk } from "./useDesk";
import { useNow } from "./useDesk";

type Reason = (typeof NOT_READY_REASONS)[number];

function isKnownReason(value: string): value is Reason | "missed" {
  return value === "missed" || (NOT_READY_REASONS as readonly string[]).includes(value);
}

export function PresencePanel({ desk }: { desk: Desk }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState<Reason>("break");
  // The box shows what was asked for until Qiao answers (then what Qiao says).
  const [deskPhoneWanted, setDeskPhoneWanted] = useState<boolean | null>(null);
  const presence = desk.presence;
  const acwUntil = presence?.state === "AFTER_CALL_WORK" ? presence.afterCallWorkUntil : null;
  const now = useNow(acwUntil !== null);
  const acwLeft = acwUntil ? Math.max(0, Math.ceil((Date.parse(acwUntil) - now) / 1000)) : null;

  return (
    <section className="card" aria-labelledby="presence-title" data-testid="presence-panel">
      <div className="card-header">
        <h2 id="presence-title">{t("desk.presence.title")}</h2>
        {presence && (
          <div className="card-header-actions">
            <PresenceBadge state={presence.state} testId="presence-state" />
            {presence.state === "NOT_READY" && presence.reason && (
              <span className="muted small" data-testid="presence-reason">
                {isKnownReason(presence.reason) ? t(`desk.presence.reasons.${presence.reason}`) : presence.reason}
              </span>
            )}
            <span className="muted small">{t("desk.presence.since", { time: formatTime(presence.since, i18n.language) })}</span>
          </div>
        )}
      </div>
      {!presence && <p className="muted">{t("common.loading")}</p>}
      {acwLeft !== null && <p className="muted small">{t("desk.presence.acwLeft", { secs: acwLeft })}</p>}
      {presence && (
        <div className="desk-presence-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={desk.busy || presence.state === "AVAILABLE"}
            data-testid="presence-available"
            onClick={() => void desk.setPresence("AVAILABLE")}
          >
            {presence.state === "LOGGED_OUT" ? t("desk.presence.logIn") : t("desk.presence.available")}
          </button>
          <div className="desk-not-ready">
            <SelectField
              label={t("desk.presence.reason")}
              value={reason}
              options={NOT_READY_REASONS.map((r) => ({ value: r, label: t(`desk.presence.reasons.${r}`) }))}
              onValueChange={setReason}
              data-testid="presence-reason-select"
            />
            <button
              type="button"
              className="button button-secondary"
              disabled={desk.busy}
              data-testid="presence-not-ready"
              onClick={() => void desk.setPresence("NOT_READY", reason)}
            >
              {t("desk.presence.notReady")}
            </button>
          </div>
          <button
            type="button"
            className="button button-secondary"
            disabled={desk.busy || presence.state === "LOGGED_OUT"}
            data-testid="presence-log-out"
            onClick={() => void desk.setPresence("LOGGED_OUT")}
          >
            {t("desk.presence.logOut")}
          </button>
        </div>
      )}
      {presence && (
        <div className="desk-phone-toggle">
          <CheckboxField
            label={t("desk.presence.deskPhone")}
            checked={deskPhoneWanted ?? presence.deskPhone}
            disabled={desk.busy || presence.state === "AFTER_CALL_WORK"}
            onCheckedChange={(on) => {
              setDeskPhoneWanted(on);
              void desk.setDeskPhone(on).finally(() => {
                setDeskPhoneWanted(null);
              });
            }}
            aria-describedby="desk-phone-hint"
            data-testid="desk-phone-toggle"
          />
          <p className="field-hint" id="desk-phone-hint">
            {presence.state === "AFTER_CALL_WORK" ? t("desk.presence.deskPhoneLater") : t("desk.presence.deskPhoneHint")}
          </p>
          {desk.deskPhoneError && (
            <div data-testid="desk-phone-error">
              <ErrorAlert error={desk.deskPhoneError} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
