// IVR flows: the list (published version or draft only, number of problems) and creating a
// flow, which opens it in the editor.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import { createIvrFlowMutation, ivrFlowsQuery } from "../api/operations";
import { ConfigPage } from "../components/config";
import { ErrorAlert } from "../components/ErrorAlert";
import { TextField } from "../components/fields";
import { formatDateTime } from "../lib/format";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

export function FlowsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const flows = useQuery(ivrFlowsQuery, {});
  return (
    <ConfigPage title={t("flows.title")} subtitle={t("flows.subtitle")} readOnly={!manage} testId="flows-page">
      {manage && <CreateFlowCard />}
      <section className="card" aria-labelledby="flows-list-title">
        <h2 id="flows-list-title">{t("flows.list")}</h2>
        {flows.error && <ErrorAlert error={flows.error} onRetry={flows.refetch} />}
        {!flows.data && !flows.error && <p className="muted">{t("common.loading")}</p>}
        {flows.data?.ivrFlows.length === 0 && <p className="empty">{t("flows.empty")}</p>}
        {flows.data && flows.data.ivrFlows.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="flows-table">
              <thead>
                <tr>
                  <th scope="col">{t("flows.columns.name")}</th>
                  <th scope="col">{t("flows.columns.published")}</th>
                  <th scope="col">{t("flows.columns.issues")}</th>
                  <th scope="col">{t("flows.columns.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {flows.data.ivrFlows.map((flow) => (
                  <tr key={flow.id} data-flow-id={flow.id}>
                    <td>
                      <Link to={`/flows/${flow.id}`}>{flow.name}</Link>
                      {flow.description && <div className="muted small">{flow.description}</div>}
                    </td>
                    <td>
                      {flow.publishedVersion === null ? (
                        <span className="badge badge-muted">{t("flows.draftOnly")}</span>
                      ) : (
                        <span className="badge badge-ok">
                          {t("flows.publishedVersion", { version: flow.publishedVersion })}
                        </span>
                      )}
                    </td>
                    <td>
                      <span
                        className={flow.issues.length === 0 ? "badge badge-ok" : "badge badge-warning"}
                        data-issues={flow.issues.length}
                      >
                        {flow.issues.length === 0 ? t("flows.noIssues") : t("flows.issueCount", { n: flow.issues.length })}
                      </span>
                    </td>
                    <td>{formatDateTime(flow.updatedAt, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ConfigPage>
  );
}

function CreateFlowCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useMutation(createIvrFlowMutation);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (name.trim() === "") return;
    const data = await create.mutate({ input: { name: name.trim(), description: description.trim() } });
    if (data) void navigate(`/flows/${data.createIvrFlow.id}`);
  };

  return (
    <section className="card" aria-labelledby="flow-create-title">
      <h2 id="flow-create-title">{t("flows.create.title")}</h2>
      {create.error && <ErrorAlert error={create.error} />}
      <form className="form form-inline" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="flow-form">
        <TextField
          label={t("flows.create.name")}
          value={name}
          onValueChange={setName}
          error={submitted && name.trim() === "" ? t("validation.required") : null}
        />
        <TextField label={t("flows.create.description")} value={description} onValueChange={setDescription} />
        <button type="submit" className="button button-primary" disabled={create.loading}>
          {create.loading ? t("config.saving") : t("flows.create.submit")}
        </button>
      </form>
    </section>
  );
}
