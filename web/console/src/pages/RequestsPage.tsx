// Service requests (tickets, hotels, tours, refunds, changes), for every member: the list, the
// form with the chosen kind's detail fields, and a panel for one request with a button per
// status it may move to and, for those who may list users, its assignee.
import { useState, type SubmitEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import { ContactPicker, type Contact } from "../components/contacts";
import { skillGroupsQuery } from "../features/center/skills/operations";
import {
  assignServiceRequestMutation,
  createServiceRequestMutation,
  serviceRequestsQuery,
  transitionServiceRequestMutation,
} from "../features/crm/requests/operations";
import type { ServiceRequestFieldsFragment } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { ErrorAlert } from "../kit/ErrorAlert";
import { SelectField, TextField } from "../kit/fields";
import { PageFrame } from "../kit/ResourcePage";
import { TableCard } from "../kit/ResourceTable";
import { formatDateTime } from "../lib/format";
import { fenToYuan } from "../lib/knowledge";
import {
  DETAIL_FIELDS,
  detailsFromDraft,
  detailsSummary,
  emptyDetailsDraft,
  isRequestKind,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type DetailsDraft,
  type RequestKind,
} from "../lib/requests";
import { canSupervise } from "../lib/roles";
import { useShell } from "../shell/context";
import { useUsers } from "../shell/useUsers";

type Request = ServiceRequestFieldsFragment;

const LIST_LIMIT = 200;

function kindLabel(t: TFunction, kind: string): string {
  return isRequestKind(kind) ? t(`requests.kinds.${kind}`) : kind;
}

function statusLabel(t: TFunction, status: string): string {
  return (REQUEST_STATUSES as readonly string[]).includes(status)
    ? t(`requests.statuses.${status as (typeof REQUEST_STATUSES)[number]}`)
    : status;
}

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const cls = status === "completed" || status === "confirmed" ? "badge badge-ok" : status === "new" ? "badge badge-warning" : "badge badge-muted";
  return (
    <span className={cls} data-status={status} data-testid="request-status">
      {statusLabel(t, status)}
    </span>
  );
}

export function RequestsPage() {
  const { t } = useTranslation();
  const requests = useQuery(serviceRequestsQuery, { status: null, limit: LIST_LIMIT });
  const [selected, setSelected] = useState<string | null>(null);
  const list = requests.data?.serviceRequests;
  const current = list?.find((r) => r.id === selected);

  return (
    <PageFrame title={t("requests.title")} subtitle={t("requests.subtitle")} testId="requests-page">
      <RequestForm
        onCreated={(id) => {
          setSelected(id);
          requests.refetch();
        }}
      />
      {current && <RequestPanel key={current.id} request={current} onChanged={requests.refetch} />}
      <TableCard
        id="requests"
        title={t("requests.list.title")}
        rows={list}
        error={requests.error}
        onRetry={requests.refetch}
        empty={t("requests.list.empty")}
        rowProps={(r) => ({ "data-request-id": r.id })}
        columns={[
          { header: t("requests.fields.kind"), cell: (r) => kindLabel(t, r.kind) },
          { header: t("requests.fields.status"), cell: (r) => <StatusBadge status={r.status} /> },
          { header: t("requests.fields.details"), cell: (r) => detailsSummary(r.kind, r.details) },
          {
            header: t("requests.fields.contact"),
            cell: (r) => (r.contactId ? <Link to={`/contacts/${r.contactId}`}>{t("requests.contactLink")}</Link> : "—"),
          },
          { header: t("requests.fields.updatedAt"), cell: (r) => formatDateTime(r.updatedAt, currentLanguage()) },
          {
            header: <span className="visually-hidden">{t("requests.list.actions")}</span>,
            cell: (r) => (
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  setSelected(r.id);
                }}
              >
                {t("requests.list.open")}
              </button>
            ),
          },
        ]}
      />
    </PageFrame>
  );
}

function RequestForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const create = useMutation(createServiceRequestMutation);
  const [kind, setKind] = useState<RequestKind>("train_ticket");
  const [draft, setDraft] = useState<DetailsDraft>(() => emptyDetailsDraft("train_ticket"));
  const [reference, setReference] = useState("");
  const [contact, setContact] = useState<Contact | null>(null);
  const [skillGroupId, setSkillGroupId] = useState("");
  // Skill groups are configuration: supervisors and above may list them.
  const { me } = useShell();
  const mayPickGroup = canSupervise(me.role);
  const groups = useQuery(skillGroupsQuery, {}, { skip: !mayPickGroup });
  const [pickerKey, setPickerKey] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const { details, problems } = detailsFromDraft(kind, draft);
  const blamed = create.error?.field;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) return;
    const data = await create.mutate({
      input: {
        kind,
        details,
        reference: reference.trim() === "" ? null : reference.trim(),
        contactId: contact?.id ?? null,
        skillGroupId: skillGroupId === "" ? null : skillGroupId,
      },
    });
    if (data) {
      setDraft(emptyDetailsDraft(kind));
      setReference("");
      setContact(null);
      setSkillGroupId("");
      setPickerKey((k) => k + 1);
      setSubmitted(false);
      onCreated(data.createServiceRequest.id);
    }
  };

  const problemText = (name: string): string | null => {
    const problem = submitted ? problems[name] : undefined;
    if (problem === "required") return t("validation.required");
    if (problem === "number") return t("requests.form.badNumber");
    if (problem === "yuan") return t("requests.form.badYuan");
    return blamed === `details.${name}` && create.error ? create.error.message : null;
  };

  return (
    <section className="card" aria-labelledby="request-create-title">
      <h2 id="request-create-title">{t("requests.create.title")}</h2>
      {create.error && <ErrorAlert error={create.error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="request-form">
        <div className="form-grid">
          <SelectField
            label={t("requests.fields.kind")}
            value={kind}
            options={REQUEST_KINDS.map((k) => ({ value: k, label: t(`requests.kinds.${k}`) }))}
            onValueChange={(k) => {
              setKind(k);
              setDraft(emptyDetailsDraft(k));
              setSubmitted(false);
            }}
          />
          <TextField label={t("requests.fields.reference")} value={reference} onValueChange={setReference} />
        </div>
        <div className="form-grid" data-testid="request-details-fields">
          {DETAIL_FIELDS[kind].map((field) => (
            <TextField
              key={`${kind}-${field.name}`}
              label={t(`requests.details.${field.name as DetailName}`)}
              type={field.type === "date" ? "date" : "text"}
              inputMode={field.type === "number" ? "numeric" : field.type === "yuan" ? "decimal" : undefined}
              value={draft[field.name] ?? ""}
              hint={field.required ? undefined : t("requests.form.optional")}
              error={problemText(field.name)}
              onValueChange={(v) => {
                setDraft((d) => ({ ...d, [field.name]: v }));
              }}
            />
          ))}
        </div>
        <ContactPicker key={pickerKey} label={t("requests.fields.contact")} value={contact} onChange={setContact} testId="request-contact" />
        {mayPickGroup && (
          <SelectField
            label={t("requests.fields.skillGroup")}
            value={skillGroupId}
            options={[
              { value: "", label: t("requests.fields.noSkillGroup") },
              ...(groups.data?.skillGroups ?? []).map((g) => ({ value: g.id, label: g.name })),
            ]}
            onValueChange={setSkillGroupId}
          />
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.loading}>
            {create.loading ? t("config.saving") : t("requests.create.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The detail field names (each has a label in `requests.details`). */
type DetailName =
  | "origin"
  | "destination"
  | "date"
  | "passengers"
  | "class"
  | "time"
  | "city"
  | "hotel"
  | "checkIn"
  | "checkOut"
  | "rooms"
  | "guests"
  | "tour"
  | "people"
  | "originalReference"
  | "reason"
  | "newDate"
  | "amountMinor";

function RequestPanel({ request, onChanged }: { request: Request; onChanged: () => void }) {
  const { t } = useTranslation();
  const transition = useMutation(transitionServiceRequestMutation);
  const assign = useMutation(assignServiceRequestMutation);
  const { users, allowed } = useUsers();
  const [note, setNote] = useState("");
  const kind = request.kind;
  const fields = isRequestKind(kind) ? DETAIL_FIELDS[kind] : [];
  const details = (typeof request.details === "object" && request.details !== null ? request.details : {}) as Record<string, unknown>;

  const move = async (to: string) => {
    if (await transition.mutate({ id: request.id, to, note: note.trim() })) {
      setNote("");
      onChanged();
    }
  };
  const onAssign = async (userId: string) => {
    if (userId === "") return;
    if (await assign.mutate({ id: request.id, userId })) onChanged();
  };

  return (
    <section className="card" aria-labelledby="request-panel-title" data-testid="request-panel" data-request-id={request.id}>
      <h2 id="request-panel-title">
        {kindLabel(t, kind)} <StatusBadge status={request.status} />
      </h2>
      <dl className="details">
        {request.reference && (
          <>
            <dt>{t("requests.fields.reference")}</dt>
            <dd>{request.reference}</dd>
          </>
        )}
        {fields
          .filter((f) => details[f.name] !== undefined)
          .map((f) => (
            <div key={f.name}>
              <dt>{t(`requests.details.${f.name as DetailName}`)}</dt>
              <dd>{detailValue(details[f.name], f.type === "yuan")}</dd>
            </div>
          ))}
      </dl>
      {transition.error && <ErrorAlert error={transition.error} />}
      {request.nextStatuses.length > 0 && (
        <div className="form">
          <TextField label={t("requests.panel.note")} value={note} hint={t("requests.form.optional")} onValueChange={setNote} />
          <div className="row-buttons" data-testid="request-transitions">
            {request.nextStatuses.map((to) => (
              <button
                key={to}
                type="button"
                className="button button-secondary"
                disabled={transition.loading}
                onClick={() => void move(to)}
              >
                {t("requests.panel.moveTo", { status: statusLabel(t, to) })}
              </button>
            ))}
          </div>
        </div>
      )}
      {allowed && (
        <>
          {assign.error && <ErrorAlert error={assign.error} />}
          <SelectField
            label={t("requests.fields.assignee")}
            value={request.assigneeId ?? ""}
            options={[{ value: "", label: t("requests.panel.unassigned") }, ...users.map((u) => ({ value: u.id, label: u.email }))]}
            disabled={assign.loading}
            onValueChange={(v) => void onAssign(v)}
          />
        </>
      )}
    </section>
  );
}

function detailValue(value: unknown, yuan: boolean): string {
  if (typeof value === "number") return yuan ? `¥${fenToYuan(value)}` : String(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
