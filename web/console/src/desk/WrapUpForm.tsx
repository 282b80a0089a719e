// After a call: the wrap-up code (free text with the usual codes suggested; agents cannot read
// the queue's list) and notes. Saving ends after-call work. A dialled call's leg may still be on
// its way from the feed: saving waits for it.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { TextAreaField, TextField } from "../kit/fields";
import { WRAP_UP_SUGGESTIONS, type PendingWrapUp } from "../lib/desk";
import type { Desk } from "./useDesk";

export function WrapUpForm({ desk, wrapUp }: { desk: Desk; wrapUp: PendingWrapUp }) {
  const { t } = useTranslation();
  const listId = useId();
  const titleId = useId();
  const [code, setCode] = useState("");
  const [notes, setNotes] = useState("");
  const [saving, setSaving] = useState(false);
  return (
    <section className="card" aria-labelledby={titleId} data-testid="wrapup-form" data-leg-id={wrapUp.legId}>
      <div className="card-header">
        <h2 id={titleId}>{t("desk.wrapUp.title", { caller: wrapUp.caller || t("desk.pop.unknown") })}</h2>
        <span className="badge badge-muted">{t(`desk.wrapUp.outcomes.${wrapUp.outcome}`)}</span>
      </div>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaving(true);
          void desk.wrapUp(wrapUp.legId, code.trim(), notes).finally(() => {
            setSaving(false);
          });
        }}
      >
        <TextField
          label={t("desk.wrapUp.code")}
          hint={t("desk.wrapUp.codeHint")}
          value={code}
          onValueChange={setCode}
          list={listId}
          maxLength={40}
          required
          data-testid="wrapup-code"
        />
        <datalist id={listId}>
          {WRAP_UP_SUGGESTIONS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <div className="desk-codes">
          {WRAP_UP_SUGGESTIONS.map((c) => (
            <button
              key={c}
              type="button"
              className="button button-secondary button-small"
              aria-pressed={code === c}
              onClick={() => {
                setCode(c);
              }}
            >
              <code>{c}</code>
            </button>
          ))}
        </div>
        <TextAreaField label={t("desk.wrapUp.notes")} value={notes} onValueChange={setNotes} rows={3} maxLength={4000} data-testid="wrapup-notes" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving || code.trim() === "" || wrapUp.legId === ""} data-testid="wrapup-submit">
            {t("desk.wrapUp.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
