// IVR flows: the list (published version or draft only, number of problems) and creating a
// flow (./Form), which opens it in the editor (./EditorPage).
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "../../../api/hooks";
import { ResourcePage } from "../../../kit/ResourcePage";
import { formatDateTime } from "../../../lib/format";
import { useManageConfig } from "../../../shell/context";
import { CreateFlowForm } from "./Form";
import { ivrFlowsQuery } from "./operations";

export function FlowsPage() {
  const { t, i18n } = useTranslation();
  return (
    <ResourcePage
      id="flows"
      item="flow"
      text="flows"
      manage={useManageConfig()}
      query={useQuery(ivrFlowsQuery, {})}
      rows={(d) => d.ivrFlows}
      columns={[
        {
          header: t("flows.columns.name"),
          cell: (flow) => (
            <>
              <Link to={`/flows/${flow.id}`}>{flow.name}</Link>
              {flow.description && <div className="muted small">{flow.description}</div>}
            </>
          ),
        },
        {
          header: t("flows.columns.published"),
          cell: (flow) =>
            flow.publishedVersion === null ? (
              <span className="badge badge-muted">{t("flows.draftOnly")}</span>
            ) : (
              <span className="badge badge-ok">{t("flows.publishedVersion", { version: flow.publishedVersion })}</span>
            ),
        },
        {
          header: t("flows.columns.issues"),
          cell: (flow) => (
            <span className={flow.issues.length === 0 ? "badge badge-ok" : "badge badge-warning"} data-issues={flow.issues.length}>
              {flow.issues.length === 0 ? t("flows.noIssues") : t("flows.issueCount", { n: flow.issues.length })}
            </span>
          ),
        },
        { header: t("flows.columns.updated"), cell: (flow) => formatDateTime(flow.updatedAt, i18n.language) },
      ]}
      form={() => <CreateFlowForm />}
    />
  );
}
