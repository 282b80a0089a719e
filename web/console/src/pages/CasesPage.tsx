// Cases (complaints, suggestions, inquiries), for every member: a board of open and closed
// cases, the form that opens one (routed by category unless a department is chosen) and, for
// admins and owners, the departments with their categories and SLA minutes.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import { ContactPicker, type Contact } from "../components/contacts";
import {
  casesQuery,
  createCaseMutation,
  createDepartmentMutation,
  departmentsQuery,
} from "../features/crm/cases/operations";
import type { CaseFieldsFragment, DepartmentsQuery } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { ErrorAlert } from "../kit/ErrorAlert";
import { SelectField, TextAreaField, TextField } from "../kit/fields";
import { PageFrame } from "../kit/ResourcePage";
import {
  CASE_CHANNELS,
  CASE_KINDS,
  CASE_PRIORITIES,
  departmentTree,
  isOverdue,
  parseCategories,
  slaFromDraft,
  slaSummary,
  type CasePriority,
} from "../lib/cases";
import { formatDateTime } from "../lib/format";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type Case = CaseFieldsFragment;
type Department = DepartmentsQuery["departments"][number];

const LIST_LIMIT = 200;

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  const known = (CASE_PRIORITIES as readonly string[]).includes(priority);
  const cls = priority === "urgent" || priority === "high" ? "badge badge-warning" : "badge badge-muted";
  return (
    <span className={cls} data-priority={priority} data-testid="case-priority">
      {known ? t(`cases.priorities.${priority as CasePriority}`) : priority}
    </span>
  );
}

export function DueTime({ c }: { c: Case }) {
  const { t } = useTranslation();
  const [now] = useState(() => Date.now());
  if (c.status !== "open" || !c.dueAt) return null;
  const overdue = isOverdue(c, now);
  return (
    <span className={overdue ? "field-error small" : "small muted"} data-overdue={overdue} data-testid="case-due">
      {t(overdue ? "cases.overdue" : "cases.due", { at: formatDateTime(c.dueAt, currentLanguage()) })}
    </span>
  );
}

export function CasesPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const navigate = useNavigate();
  const cases = useQuery(casesQuery, { status: null, limit: LIST_LIMIT });
  const departments = useQuery(departmentsQuery, {});
  const depts = departments.data?.departments ?? [];
  const names = new Map(depts.map((d) => [d.id, d.name]));
  const list = cases.data?.cases;

  return (
    <PageFrame title={t("cases.title")} subtitle={t("cases.subtitle")} readOnly={false} testId="cases-page">
      <CaseForm
        departments={depts}
        onCreated={(id) => {
          void navigate(`/cases/${id}`);
        }}
      />
      <section className="card" aria-labelledby="cases-board-title">
        <h2 id="cases-board-title">{t("cases.board.title")}</h2>
        {cases.error && <ErrorAlert error={cases.error} onRetry={cases.refetch} />}
        {!list && !cases.error && <p className="muted">{t("common.loading")}</p>}
        {list && (
          <div className="form-grid" data-testid="cases-board">
            {(["open", "closed"] as const).map((status) => {
              const column = list.filter((c) => c.status === status);
              return (
                <div key={status} data-testid={`cases-${status}`}>
                  <h3>
                    {t(`cases.statuses.${status}`)} ({column.length})
                  </h3>
                  {column.length === 0 && <p className="empty">{t("cases.board.empty")}</p>}
                  <ul className="row-list">
                    {column.map((c) => (
                      <li key={c.id} className="row-list-item" data-case-id={c.id}>
                        <div>
                          <Link to={`/cases/${c.id}`}>
                            <strong>{c.subject}</strong>
                          </Link>{" "}
                          <span className="badge badge-muted"><CaseKindLabel kind={c.kind} /></span> <PriorityBadge priority={c.priority} />
                          <p className="small">
                            <span data-testid="case-department">{names.get(c.departmentId) ?? "—"}</span> ·{" "}
                            {t("cases.escalationLevel", { level: c.escalationLevel })} <DueTime c={c} />
                          </p>
                        </div>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        )}
      </section>
      {canManageConfig(me.role) && <DepartmentsPanel departments={depts} onChanged={departments.refetch} />}
    </PageFrame>
  );
}

export function CaseKindLabel({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <>{(CASE_KINDS as readonly string[]).includes(kind) ? t(`cases.kinds.${kind as (typeof CASE_KINDS)[number]}`) : kind}</>;
}

export function ChannelLabel({ channel }: { channel: string }) {
  const { t } = useTranslation();
  return (
    <>{(CASE_CHANNELS as readonly string[]).includes(channel) ? t(`cases.channels.${channel as (typeof CASE_CHANNELS)[number]}`) : channel}</>
  );
}

interface CaseDraft {
  kind: (typeof CASE_KINDS)[number];
  category: string;
  priority: CasePriority;
  subject: string;
  description: string;
  channel: (typeof CASE_CHANNELS)[number];
  departmentId: string;
}

const EMPTY_CASE: CaseDraft = {
  kind: "complaint",
  category: "",
  priority: "normal",
  subject: "",
  description: "",
  channel: "phone",
  departmentId: "",
};

function CaseForm({ departments, onCreated }: { departments: readonly Department[]; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const create = useMutation(createCaseMutation);
  const [draft, setDraft] = useState<CaseDraft>(EMPTY_CASE);
  const [contact, setContact] = useState<Contact | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const blamed = create.error?.field;
  const required = (v: string) => (submitted && v.trim() === "" ? t("validation.required") : null);
  const serverError = (field: string) => (blamed === field && create.error ? create.error.message : null);
  const set = <K extends keyof CaseDraft>(key: K, value: CaseDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (draft.category.trim() === "" || draft.subject.trim() === "") return;
    const data = await create.mutate({
      input: {
        kind: draft.kind,
        category: draft.category.trim(),
        priority: draft.priority,
        subject: draft.subject.trim(),
        description: draft.description,
        channel: draft.channel,
        contactId: contact?.id ?? null,
        departmentId: draft.departmentId === "" ? null : draft.departmentId,
      },
    });
    if (data) onCreated(data.createCase.id);
  };

  return (
    <section className="card" aria-labelledby="case-create-title">
      <h2 id="case-create-title">{t("cases.create.title")}</h2>
      {create.error && <ErrorAlert error={create.error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="case-form">
        <div className="form-grid">
          <SelectField
            label={t("cases.fields.kind")}
            value={draft.kind}
            options={CASE_KINDS.map((k) => ({ value: k, label: t(`cases.kinds.${k}`) }))}
            onValueChange={(v) => {
              set("kind", v);
            }}
          />
          <TextField
            label={t("cases.fields.category")}
            value={draft.category}
            hint={t("cases.create.categoryHint")}
            error={required(draft.category) ?? serverError("category")}
            onValueChange={(v) => {
              set("category", v);
            }}
          />
          <SelectField
            label={t("cases.fields.priority")}
            value={draft.priority}
            options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`cases.priorities.${p}`) }))}
            onValueChange={(v) => {
              set("priority", v);
            }}
          />
          <SelectField
            label={t("cases.fields.channel")}
            value={draft.channel}
            options={CASE_CHANNELS.map((c) => ({ value: c, label: t(`cases.channels.${c}`) }))}
            onValueChange={(v) => {
              set("channel", v);
            }}
          />
          <SelectField
            label={t("cases.fields.department")}
            value={draft.departmentId}
            options={[
              { value: "", label: t("cases.create.byCategory") },
              ...departmentTree(departments).map(({ department, depth }) => ({
                value: department.id,
                label: `${"— ".repeat(depth)}${department.name}`,
              })),
            ]}
            onValueChange={(v) => {
              set("departmentId", v);
            }}
          />
        </div>
        <TextField
          label={t("cases.fields.subject")}
          value={draft.subject}
          error={required(draft.subject) ?? serverError("subject")}
          onValueChange={(v) => {
            set("subject", v);
          }}
        />
        <TextAreaField
          label={t("cases.fields.description")}
          value={draft.description}
          rows={3}
          onValueChange={(v) => {
            set("description", v);
          }}
        />
        <ContactPicker label={t("cases.fields.contact")} value={contact} onChange={setContact} testId="case-contact" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.loading}>
            {create.loading ? t("config.saving") : t("cases.create.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

function DepartmentsPanel({ departments, onChanged }: { departments: readonly Department[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const create = useMutation(createDepartmentMutation);
  const [name, setName] = useState("");
  const [parentId, setParentId] = useState("");
  const [categories, setCategories] = useState("");
  const [sla, setSla] = useState<Partial<Record<CasePriority, string>>>({});
  const [submitted, setSubmitted] = useState(false);
  const slaMinutes = slaFromDraft(sla);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (name.trim() === "" || slaMinutes === null) return;
    const data = await create.mutate({
      input: {
        name: name.trim(),
        parentId: parentId === "" ? null : parentId,
        categories: parseCategories(categories),
        slaMinutes,
      },
    });
    if (data) {
      setName("");
      setParentId("");
      setCategories("");
      setSla({});
      setSubmitted(false);
      onChanged();
    }
  };

  return (
    <section className="card" aria-labelledby="departments-title" data-testid="departments-panel">
      <h2 id="departments-title">{t("cases.departments.title")}</h2>
      {departments.length === 0 ? (
        <p className="empty">{t("cases.departments.empty")}</p>
      ) : (
        <ul className="row-list" data-testid="departments-list">
          {departmentTree(departments).map(({ department, depth }) => (
            <li key={department.id} className="row-list-item" data-department={department.name} style={{ paddingLeft: `${String(depth * 1.5)}rem` }}>
              <div>
                <strong>{department.name}</strong>{" "}
                {department.categories.map((c) => (
                  <span key={c} className="tag">
                    {c}
                  </span>
                ))}
                <p className="small muted">
                  {slaSummary(department.slaMinutes)
                    .map((s) => t("cases.departments.slaEntry", { priority: t(`cases.priorities.${s.priority}`), minutes: s.minutes }))
                    .join(" · ")}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3>{t("cases.departments.create")}</h3>
      {create.error && <ErrorAlert error={create.error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="department-form">
        <div className="form-grid">
          <TextField
            label={t("cases.departments.name")}
            value={name}
            error={submitted && name.trim() === "" ? t("validation.required") : null}
            onValueChange={setName}
          />
          <SelectField
            label={t("cases.departments.parent")}
            value={parentId}
            options={[
              { value: "", label: t("cases.departments.noParent") },
              ...departmentTree(departments).map(({ department, depth }) => ({
                value: department.id,
                label: `${"— ".repeat(depth)}${department.name}`,
              })),
            ]}
            onValueChange={setParentId}
          />
          <TextField
            label={t("cases.departments.categories")}
            value={categories}
            hint={t("cases.departments.categoriesHint")}
            onValueChange={setCategories}
          />
        </div>
        <fieldset>
          <legend>{t("cases.departments.sla")}</legend>
          <p className="field-hint">{t("cases.departments.slaHint")}</p>
          <div className="form-grid">
            {CASE_PRIORITIES.map((p) => (
              <TextField
                key={p}
                label={t("cases.departments.slaFor", { priority: t(`cases.priorities.${p}`) })}
                inputMode="numeric"
                value={sla[p] ?? ""}
                onValueChange={(v) => {
                  setSla((s) => ({ ...s, [p]: v }));
                }}
              />
            ))}
          </div>
          {submitted && slaMinutes === null && <p className="field-error">{t("cases.departments.badSla")}</p>}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.loading}>
            {create.loading ? t("config.saving") : t("cases.departments.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
