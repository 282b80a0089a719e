// Phone numbers: E.164 numbers the organisation answers, each routed to nothing, an IVR flow or
// a queue (chosen by name), optionally over a SIP trunk.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  createPhoneNumberMutation,
  deletePhoneNumberMutation,
  ivrFlowsQuery,
  phoneNumbersQuery,
  queuesQuery,
  sipTrunksQuery,
  updatePhoneNumberMutation,
} from "../api/operations";
import { ConfigPage, DeleteButton } from "../components/config";
import { ErrorAlert } from "../components/ErrorAlert";
import { SelectField, TextField } from "../components/fields";
import type { PhoneNumbersQuery, RouteKind } from "../gql/graphql";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type PhoneNumber = PhoneNumbersQuery["phoneNumbers"][number];

const ROUTE_KINDS: readonly RouteKind[] = ["NONE", "FLOW", "QUEUE"];

interface Named {
  id: string;
  name: string;
}

export function NumbersPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const numbers = useQuery(phoneNumbersQuery, {});
  const flows = useQuery(ivrFlowsQuery, {});
  const queues = useQuery(queuesQuery, {});
  const trunks = useQuery(sipTrunksQuery, {});
  const [editing, setEditing] = useState<PhoneNumber | null>(null);

  const flowList = flows.data?.ivrFlows ?? [];
  const queueList = queues.data?.queues ?? [];
  const trunkList = trunks.data?.sipTrunks ?? [];
  const nameOf = (list: readonly Named[], id: string | null) => list.find((x) => x.id === id)?.name ?? id ?? "";

  const routeText = (n: PhoneNumber) => {
    if (n.routeKind === "NONE") return t("numbers.routes.NONE");
    const list = n.routeKind === "FLOW" ? flowList : queueList;
    return `${t(`numbers.routes.${n.routeKind}`)}: ${nameOf(list, n.routeTargetId)}`;
  };

  return (
    <ConfigPage title={t("numbers.title")} subtitle={t("numbers.subtitle")} readOnly={!manage} testId="numbers-page">
      {manage && (
        <NumberForm
          key={editing?.id ?? "new"}
          editing={editing}
          flows={flowList}
          queues={queueList}
          trunks={trunkList}
          onDone={() => {
            setEditing(null);
            numbers.refetch();
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
      <section className="card" aria-labelledby="numbers-list-title">
        <h2 id="numbers-list-title">{t("numbers.list")}</h2>
        {numbers.error && <ErrorAlert error={numbers.error} onRetry={numbers.refetch} />}
        {!numbers.data && !numbers.error && <p className="muted">{t("common.loading")}</p>}
        {numbers.data?.phoneNumbers.length === 0 && <p className="empty">{t("numbers.empty")}</p>}
        {numbers.data && numbers.data.phoneNumbers.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="numbers-table">
              <thead>
                <tr>
                  <th scope="col">{t("numbers.columns.number")}</th>
                  <th scope="col">{t("numbers.columns.label")}</th>
                  <th scope="col">{t("numbers.columns.route")}</th>
                  <th scope="col">{t("numbers.columns.trunk")}</th>
                  {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {numbers.data.phoneNumbers.map((n) => (
                  <tr key={n.id} data-number-id={n.id}>
                    <td>
                      <code>{n.number}</code>
                    </td>
                    <td>{n.label}</td>
                    <td>{routeText(n)}</td>
                    <td>{n.trunkId ? nameOf(trunkList, n.trunkId) : t("numbers.noTrunk")}</td>
                    {manage && (
                      <td className="actions">
                        <div className="row-buttons">
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => {
                              setEditing(n);
                            }}
                          >
                            {t("config.edit")}
                          </button>
                          <DeleteButton
                            document={deletePhoneNumberMutation}
                            variables={{ id: n.id }}
                            onDeleted={() => {
                              if (editing?.id === n.id) setEditing(null);
                              numbers.refetch();
                            }}
                          />
                        </div>
                      </td>
                    )}
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

function NumberForm({
  editing,
  flows,
  queues,
  trunks,
  onDone,
  onCancel,
}: {
  editing: PhoneNumber | null;
  flows: readonly Named[];
  queues: readonly Named[];
  trunks: readonly Named[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const create = useMutation(createPhoneNumberMutation);
  const update = useMutation(updatePhoneNumberMutation);
  const [number, setNumber] = useState(editing?.number ?? "");
  const [label, setLabel] = useState(editing?.label ?? "");
  const [routeKind, setRouteKind] = useState<RouteKind>(editing?.routeKind ?? "NONE");
  const [routeTargetId, setRouteTargetId] = useState(editing?.routeTargetId ?? "");
  const [trunkId, setTrunkId] = useState(editing?.trunkId ?? "");
  const [submitted, setSubmitted] = useState(false);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;
  const fieldError = (field: string) => (error?.field === field ? error.message : null);
  const targets = routeKind === "FLOW" ? flows : queues;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (number.trim() === "") return;
    const input = {
      number: number.trim(),
      label: label.trim(),
      routeKind,
      routeTargetId: routeKind === "NONE" || routeTargetId === "" ? null : routeTargetId,
      trunkId: trunkId === "" ? null : trunkId,
    };
    const ok = editing ? await update.mutate({ id: editing.id, input }) : await create.mutate({ input });
    if (ok) onDone();
  };

  return (
    <section className="card" aria-labelledby="number-form-title">
      <h2 id="number-form-title">
        {editing ? t("numbers.form.editTitle", { number: editing.number }) : t("numbers.form.createTitle")}
      </h2>
      {error && <ErrorAlert error={error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="number-form">
        <div className="form-grid">
          <TextField
            label={t("numbers.form.number")}
            type="tel"
            placeholder="+861085550100"
            hint={t("numbers.form.numberHint")}
            value={number}
            onValueChange={setNumber}
            error={submitted && number.trim() === "" ? t("validation.required") : fieldError("number")}
          />
          <TextField label={t("numbers.form.label")} value={label} onValueChange={setLabel} error={fieldError("label")} />
          <SelectField
            label={t("numbers.form.route")}
            value={routeKind}
            options={ROUTE_KINDS.map((k) => ({ value: k, label: t(`numbers.routes.${k}`) }))}
            onValueChange={(k) => {
              setRouteKind(k);
              setRouteTargetId("");
            }}
          />
          {routeKind !== "NONE" && (
            <SelectField
              label={routeKind === "FLOW" ? t("numbers.form.flow") : t("numbers.form.queue")}
              value={routeTargetId}
              options={[{ value: "", label: t("config.choose") }, ...targets.map((x) => ({ value: x.id, label: x.name }))]}
              onValueChange={setRouteTargetId}
            />
          )}
          <SelectField
            label={t("numbers.form.trunk")}
            value={trunkId}
            options={[{ value: "", label: t("numbers.noTrunk") }, ...trunks.map((x) => ({ value: x.id, label: x.name }))]}
            onValueChange={setTrunkId}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("numbers.form.create")}
          </button>
          {editing && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t("config.cancel")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
