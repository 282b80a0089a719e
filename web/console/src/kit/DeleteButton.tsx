// A delete button that asks once more in place, runs the mutation and reports its error.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "../api/client";
import { useMutation } from "../api/hooks";
import { ErrorAlert } from "./ErrorAlert";

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
