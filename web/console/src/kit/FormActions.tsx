// The frame of a create-or-edit form (a card with its title, the request's error, a success
// notice, the form) and its buttons (create or save, "Saving…" meanwhile, cancel while editing).
// The test ids come from `id`: id="number" → number-form, titled by number-form-title.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/errors";
import { ErrorAlert, SuccessAlert } from "./ErrorAlert";

export function FormCard({
  id,
  title,
  subtitle,
  error,
  success,
  aside,
  inline = false,
  onSubmit,
  children,
  footer,
  testId,
}: {
  id: string;
  title: string;
  subtitle?: string;
  error?: ApiError;
  /** A success notice above the form. */
  success?: ReactNode;
  /** Shown next to the title (a status badge, …); given, even as null, the title sits in a
   * header row. */
  aside?: ReactNode;
  /** Fields and buttons on one line. */
  inline?: boolean;
  /** Called on submit (the browser's own submit is prevented). */
  onSubmit: () => Promise<void> | void;
  children: ReactNode;
  /** Below the form, inside the card. */
  footer?: ReactNode;
  /** The card's test id. */
  testId?: string;
}) {
  const heading = <h2 id={`${id}-form-title`}>{title}</h2>;
  return (
    <section className="card" aria-labelledby={`${id}-form-title`} data-testid={testId}>
      {aside !== undefined ? (
        <div className="card-header">
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      {subtitle && <p className="muted">{subtitle}</p>}
      {error && <ErrorAlert error={error} />}
      {success && <SuccessAlert>{success}</SuccessAlert>}
      <form
        className={inline ? "form form-inline" : "form"}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        data-testid={`${id}-form`}
      >
        {children}
      </form>
      {footer}
    </section>
  );
}

/** The submit button ("Saving…" while `loading`, "Save changes" while editing, else `create`)
 * and, while editing, a cancel button. */
export function FormActions({
  loading,
  create,
  busy,
  editing = false,
  onCancel,
  cancel,
  inline = false,
}: {
  loading: boolean;
  /** The submit button's label for a new item. */
  create: string;
  /** The label while the request runs (default "Saving…"). */
  busy?: string;
  editing?: boolean;
  onCancel?: () => void;
  /** The cancel button's label (default "Cancel"). */
  cancel?: string;
  /** The buttons sit in the form's row instead of a row of their own. */
  inline?: boolean;
}) {
  const { t } = useTranslation();
  const buttons = (
    <>
      <button type="submit" className="button button-primary" disabled={loading}>
        {loading ? (busy ?? t("config.saving")) : editing ? t("config.saveChanges") : create}
      </button>
      {editing && onCancel && (
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {cancel ?? t("config.cancel")}
        </button>
      )}
    </>
  );
  return inline ? buttons : <div className="form-actions">{buttons}</div>;
}
