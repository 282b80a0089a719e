// Rows of a small list in a form (wrap-up codes, ranges, addresses, …) with add and remove.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

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
