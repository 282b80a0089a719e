// An API error as shown to the user: a translated headline for its code, then the server's
// own message, and the details some refusals carry (a flow's issues, rejected CSV lines).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/errors";

export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-error" role="alert" data-code={error.code}>
      <div className="alert-body">
        <strong className="alert-title">{t(`errors.${error.code}`)}</strong>
        {error.message && <p className="alert-message">{error.message}</p>}
        {error.details.rejectedRows && error.details.rejectedRows.length > 0 && (
          <ul className="alert-list" data-testid="rejected-rows">
            {error.details.rejectedRows.map((row, i) => (
              <li key={i} data-line={row.line}>
                <strong>{t("errors.line", { line: row.line })}</strong> {row.reason}
              </li>
            ))}
          </ul>
        )}
        {error.details.issues && error.details.issues.length > 0 && (
          <ul className="alert-list" data-testid="error-issues">
            {error.details.issues.map((issue, i) => (
              <li key={i} data-code={issue.code}>
                {issue.nodeId && <code>{issue.nodeId}</code>} {issue.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button-secondary button-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function SuccessAlert({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      <div className="alert-body">{children}</div>
    </div>
  );
}
