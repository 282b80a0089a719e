// Pieces shared by the configuration pages: the read-only notice for supervisors, a delete
// button that asks once more, list editors for small repeated rows, and a page frame.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "../api/client";
import { useMutation } from "../api/hooks";
import { ErrorAlert } from "./ErrorAlert";

/** Shown to supervisors: they see the configuration, admins and owners change it. */
export function ReadOnlyNotice() {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info" role="note" data-testid="read-only-notice">
      <div className="alert-body">{t("config.readOnly")}</div>
    </div>
  );
}

/** A delete button that asks for confirmation in place, runs the mutation and reports. */
export function DeleteButton<TResult, TVariables>({
  document,
  variables,
  onDeleted,
  testId,
}: {
  document: Document<TResult, TVariables>;
  variables: TVariables;
  onDeleted: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const remove = useMutation(document);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="row-actions">
      {confirming ? (
        <span className="confirm-inline">
          <button
            type="button"
            className="button button-danger button-small"
            disabled={remove.loading}
            data-testid={testId ? `${testId}-confirm` : undefined}
            onClick={() => {
              void remove.mutate(variables).then((data) => {
                setConfirming(false);
                if (data !== null) onDeleted();
              });
            }}
          >
            {t("config.confirmDelete")}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              setConfirming(false);
            }}
          >
            {t("config.cancel")}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button button-danger button-small"
          data-testid={testId}
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
        >
          {t("config.delete")}
        </button>
      )}
      {remove.error && <ErrorAlert error={remove.error} />}
    </div>
  );
}

/** A page of the configuration area: a title, a subtitle, the notice for read-only roles. */
export function ConfigPage({
  title,
  subtitle,
  readOnly,
  children,
  testId,
}: {
  title: string;
  subtitle: string;
  readOnly: boolean;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="page" data-testid={testId}>
      <header className="page-header">
        <h1>{title}</h1>
        <p className="muted">{subtitle}</p>
      </header>
      {readOnly && <ReadOnlyNotice />}
      {children}
    </div>
  );
}

/** Rows of a small list (wrap-up codes, ranges, …) with add and remove buttons. */
export function RowList<T>({
  legend,
  items,
  onChange,
  newItem,
  renderItem,
  addLabel,
  emptyLabel,
  testId,
}: {
  legend: string;
  items: readonly T[];
  onChange: (items: T[]) => void;
  newItem: () => T;
  renderItem: (item: T, update: (item: T) => void, index: number) => ReactNode;
  addLabel: string;
  emptyLabel?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="row-list" data-testid={testId}>
      <legend>{legend}</legend>
      {items.length === 0 && emptyLabel && <p className="muted row-list-empty">{emptyLabel}</p>}
      {items.map((item, i) => (
        <div className="row-list-item" key={i}>
          {renderItem(
            item,
            (next) => {
              onChange(items.map((x, j) => (j === i ? next : x)));
            },
            i,
          )}
          <button
            type="button"
            className="button button-secondary button-small row-list-remove"
            aria-label={t("config.removeRow", { n: i + 1 })}
            onClick={() => {
              onChange(items.filter((_, j) => j !== i));
            }}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => {
          onChange([...items, newItem()]);
        }}
      >
        {addLabel}
      </button>
    </fieldset>
  );
}
