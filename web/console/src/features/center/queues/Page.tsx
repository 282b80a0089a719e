// Queues: the list and one form for creating or editing a queue with every QueueInput field
// (required skills, priority, waiting, overflow, callback, music on hold, service level,
// after-call work, wrap-up codes, business hours).
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  businessHoursQuery,
  createQueueMutation,
  deleteQueueMutation,
  ivrFlowsQuery,
  promptsQuery,
  queuesQuery,
  skillGroupsQuery,
  updateQueueMutation,
} from "../api/operations";
import { ConfigPage, DeleteButton, RowList } from "../components/config";
import { ErrorAlert } from "../components/ErrorAlert";
import { CheckboxField, NumberField, SelectField, TextField } from "../components/fields";
import { PromptSelect } from "../components/prompts";
import type { OverflowKind, QueueInput, QueuesQuery } from "../gql/graphql";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type Queue = QueuesQuery["queues"][number];
type OverflowChoice = OverflowKind | "";

const OVERFLOW_KINDS: readonly OverflowKind[] = ["QUEUE", "FLOW", "VOICEMAIL", "NUMBER"];
const PROFICIENCIES = ["1", "2", "3", "4", "5"] as const;

interface QueueDraft {
  name: string;
  requiredSkills: { skillGroupId: string; minProficiency: number }[];
  priority: number;
  maxWaitSecs: number;
  overflowKind: OverflowChoice;
  overflowTargetId: string;
  overflowNumber: string;
  callbackOffer: boolean;
  musicOnHoldPromptId: string;
  announcementIntervalSecs: number;
  serviceLevelSecs: number;
  serviceLevelPercent: number;
  afterCallWorkSecs: number;
  wrapUpCodes: { code: string; label: string }[];
  businessHoursId: string;
}

/** The server's defaults (QueueInput). */
const EMPTY: QueueDraft = {
  name: "",
  requiredSkills: [],
  priority: 50,
  maxWaitSecs: 600,
  overflowKind: "",
  overflowTargetId: "",
  overflowNumber: "",
  callbackOffer: true,
  musicOnHoldPromptId: "",
  announcementIntervalSecs: 60,
  serviceLevelSecs: 20,
  serviceLevelPercent: 80,
  afterCallWorkSecs: 30,
  wrapUpCodes: [],
  businessHoursId: "",
};

function draftOf(q: Queue): QueueDraft {
  return {
    name: q.name,
    requiredSkills: q.requiredSkills.map((s) => ({ ...s })),
    priority: q.priority,
    maxWaitSecs: q.maxWaitSecs,
    overflowKind: q.overflow?.kind ?? "",
    overflowTargetId: q.overflow?.targetId ?? "",
    overflowNumber: q.overflow?.number ?? "",
    callbackOffer: q.callbackOffer,
    musicOnHoldPromptId: q.musicOnHoldPromptId ?? "",
    announcementIntervalSecs: q.announcementIntervalSecs,
    serviceLevelSecs: q.serviceLevelSecs,
    serviceLevelPercent: q.serviceLevelPercent,
    afterCallWorkSecs: q.afterCallWorkSecs,
    wrapUpCodes: q.wrapUpCodes.map((c) => ({ ...c })),
    businessHoursId: q.businessHoursId ?? "",
  };
}

function inputOf(d: QueueDraft): QueueInput {
  const kind = d.overflowKind;
  return {
    name: d.name.trim(),
    requiredSkills: d.requiredSkills.filter((s) => s.skillGroupId !== ""),
    priority: d.priority,
    maxWaitSecs: d.maxWaitSecs,
    overflow:
      kind === ""
        ? null
        : {
            kind,
            targetId: kind === "QUEUE" || kind === "FLOW" ? d.overflowTargetId || null : null,
            number: kind === "NUMBER" ? d.overflowNumber.trim() : null,
          },
    callbackOffer: d.callbackOffer,
    musicOnHoldPromptId: d.musicOnHoldPromptId.trim() === "" ? null : d.musicOnHoldPromptId.trim(),
    announcementIntervalSecs: d.announcementIntervalSecs,
    serviceLevelSecs: d.serviceLevelSecs,
    serviceLevelPercent: d.serviceLevelPercent,
    afterCallWorkSecs: d.afterCallWorkSecs,
    wrapUpCodes: d.wrapUpCodes.map((c) => ({ code: c.code.trim(), label: c.label.trim() })),
    businessHoursId: d.businessHoursId || null,
  };
}

export function QueuesPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const queues = useQuery(queuesQuery, {});
  const groups = useQuery(skillGroupsQuery, {});
  const hours = useQuery(businessHoursQuery, {});
  const flows = useQuery(ivrFlowsQuery, {});
  const prompts = useQuery(promptsQuery, {});
  const [editing, setEditing] = useState<Queue | null>(null);

  const groupName = new Map(groups.data?.skillGroups.map((g) => [g.id, g.name]));
  const hoursName = new Map(hours.data?.businessHours.map((h) => [h.id, h.name]));
  const queueName = new Map(queues.data?.queues.map((q) => [q.id, q.name]));
  const flowName = new Map(flows.data?.ivrFlows.map((f) => [f.id, f.name]));

  const overflowText = (q: Queue): string => {
    const o = q.overflow;
    if (!o) return t("queues.noOverflow");
    const target =
      o.kind === "QUEUE"
        ? queueName.get(o.targetId ?? "")
        : o.kind === "FLOW"
          ? flowName.get(o.targetId ?? "")
          : o.kind === "NUMBER"
            ? o.number
            : null;
    return target ? `${t(`queues.overflowKinds.${o.kind}`)}: ${target}` : t(`queues.overflowKinds.${o.kind}`);
  };

  return (
    <ConfigPage title={t("queues.title")} subtitle={t("queues.subtitle")} readOnly={!manage} testId="queues-page">
      {manage && (
        <QueueForm
          key={editing?.id ?? "new"}
          editing={editing}
          groups={groups.data?.skillGroups ?? []}
          schedules={hours.data?.businessHours ?? []}
          queues={queues.data?.queues ?? []}
          flows={flows.data?.ivrFlows ?? []}
          prompts={prompts.data?.prompts ?? []}
          onDone={() => {
            setEditing(null);
            queues.refetch();
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
      <section className="card" aria-labelledby="queues-list-title">
        <h2 id="queues-list-title">{t("queues.list")}</h2>
        {queues.error && <ErrorAlert error={queues.error} onRetry={queues.refetch} />}
        {!queues.data && !queues.error && <p className="muted">{t("common.loading")}</p>}
        {queues.data?.queues.length === 0 && <p className="empty">{t("queues.empty")}</p>}
        {queues.data && queues.data.queues.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="queues-table">
              <thead>
                <tr>
                  <th scope="col">{t("queues.columns.name")}</th>
                  <th scope="col">{t("queues.columns.skills")}</th>
                  <th scope="col">{t("queues.columns.priority")}</th>
                  <th scope="col">{t("queues.columns.hours")}</th>
                  <th scope="col">{t("queues.columns.overflow")}</th>
                  {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {queues.data.queues.map((q) => (
                  <tr key={q.id} data-queue-id={q.id}>
                    <td>{q.name}</td>
                    <td>
                      {q.requiredSkills.length === 0
                        ? t("queues.anySkill")
                        : q.requiredSkills
                            .map((s) => `${groupName.get(s.skillGroupId) ?? s.skillGroupId} ≥ ${s.minProficiency}`)
                            .join(", ")}
                    </td>
                    <td>{q.priority}</td>
                    <td>{q.businessHoursId ? (hoursName.get(q.businessHoursId) ?? q.businessHoursId) : t("queues.always")}</td>
                    <td>{overflowText(q)}</td>
                    {manage && (
                      <td className="actions">
                        <div className="row-buttons">
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => {
                              setEditing(q);
                            }}
                          >
                            {t("config.edit")}
                          </button>
                          <DeleteButton
                            document={deleteQueueMutation}
                            variables={{ id: q.id }}
                            onDeleted={() => {
                              if (editing?.id === q.id) setEditing(null);
                              queues.refetch();
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

interface Named {
  id: string;
  name: string;
}

function QueueForm({
  editing,
  groups,
  schedules,
  queues,
  flows,
  prompts,
  onDone,
  onCancel,
}: {
  editing: Queue | null;
  groups: readonly Named[];
  schedules: readonly Named[];
  queues: readonly Named[];
  flows: readonly Named[];
  prompts: readonly Named[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const create = useMutation(createQueueMutation);
  const update = useMutation(updateQueueMutation);
  const [draft, setDraft] = useState<QueueDraft>(() => (editing ? draftOf(editing) : EMPTY));
  const [submitted, setSubmitted] = useState(false);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;
  const set = <K extends keyof QueueDraft>(key: K, value: QueueDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (draft.name.trim() === "") return;
    const input = inputOf(draft);
    const ok = editing ? await update.mutate({ id: editing.id, input }) : await create.mutate({ input });
    if (ok) {
      setDraft(EMPTY);
      setSubmitted(false);
      onDone();
    }
  };

  const none = { value: "", label: t("config.none") };
  const overflowTargets = draft.overflowKind === "QUEUE" ? queues.filter((q) => q.id !== editing?.id) : flows;

  return (
    <section className="card" aria-labelledby="queue-form-title">
      <h2 id="queue-form-title">{editing ? t("queues.form.editTitle", { name: editing.name }) : t("queues.form.createTitle")}</h2>
      {error && <ErrorAlert error={error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="queue-form">
        <div className="form-grid">
          <TextField
            label={t("queues.form.name")}
            value={draft.name}
            onValueChange={(v) => {
              set("name", v);
            }}
            error={submitted && draft.name.trim() === "" ? t("validation.required") : fieldError("name")}
          />
          <NumberField
            label={t("queues.form.priority")}
            value={draft.priority}
            hint={t("queues.form.priorityHint")}
            onValueChange={(v) => {
              set("priority", v);
            }}
            error={fieldError("priority")}
          />
          <NumberField
            label={t("queues.form.maxWaitSecs")}
            value={draft.maxWaitSecs}
            onValueChange={(v) => {
              set("maxWaitSecs", v);
            }}
            error={fieldError("maxWaitSecs")}
          />
          <SelectField
            label={t("queues.form.businessHours")}
            value={draft.businessHoursId}
            options={[{ value: "", label: t("queues.always") }, ...schedules.map((s) => ({ value: s.id, label: s.name }))]}
            onValueChange={(v) => {
              set("businessHoursId", v);
            }}
          />
        </div>
        <RowList
          legend={t("queues.form.requiredSkills")}
          items={draft.requiredSkills}
          onChange={(v) => {
            set("requiredSkills", v);
          }}
          newItem={() => ({ skillGroupId: groups[0]?.id ?? "", minProficiency: 1 })}
          addLabel={t("queues.form.addSkill")}
          emptyLabel={t("queues.anySkill")}
          testId="queue-skills"
          renderItem={(skill, updateSkill) => (
            <div className="row-list-fields">
              <SelectField
                label={t("queues.form.skillGroup")}
                value={skill.skillGroupId}
                options={[none, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
                onValueChange={(skillGroupId) => {
                  updateSkill({ ...skill, skillGroupId });
                }}
              />
              <SelectField
                label={t("queues.form.minProficiency")}
                value={String(skill.minProficiency) as (typeof PROFICIENCIES)[number]}
                options={PROFICIENCIES.map((p) => ({ value: p, label: t(`skills.levels.${p}`) }))}
                onValueChange={(p) => {
                  updateSkill({ ...skill, minProficiency: Number(p) });
                }}
              />
            </div>
          )}
        />
        <fieldset className="row-list">
          <legend>{t("queues.form.overflow")}</legend>
          <div className="form-grid">
            <SelectField<OverflowChoice>
              label={t("queues.form.overflowKind")}
              value={draft.overflowKind}
              options={[
                { value: "", label: t("queues.noOverflow") },
                ...OVERFLOW_KINDS.map((k) => ({ value: k, label: t(`queues.overflowKinds.${k}`) })),
              ]}
              onValueChange={(v) => {
                setDraft((d) => ({ ...d, overflowKind: v, overflowTargetId: "" }));
              }}
            />
            {(draft.overflowKind === "QUEUE" || draft.overflowKind === "FLOW") && (
              <SelectField
                label={t("queues.form.overflowTarget")}
                value={draft.overflowTargetId}
                options={[none, ...overflowTargets.map((x) => ({ value: x.id, label: x.name }))]}
                onValueChange={(v) => {
                  set("overflowTargetId", v);
                }}
              />
            )}
            {draft.overflowKind === "NUMBER" && (
              <TextField
                label={t("queues.form.overflowNumber")}
                type="tel"
                placeholder="+8610…"
                value={draft.overflowNumber}
                onValueChange={(v) => {
                  set("overflowNumber", v);
                }}
                error={fieldError("number")}
              />
            )}
          </div>
        </fieldset>
        <div className="form-grid">
          <NumberField
            label={t("queues.form.announcementIntervalSecs")}
            value={draft.announcementIntervalSecs}
            onValueChange={(v) => {
              set("announcementIntervalSecs", v);
            }}
          />
          <NumberField
            label={t("queues.form.serviceLevelSecs")}
            value={draft.serviceLevelSecs}
            onValueChange={(v) => {
              set("serviceLevelSecs", v);
            }}
          />
          <NumberField
            label={t("queues.form.serviceLevelPercent")}
            value={draft.serviceLevelPercent}
            min={0}
            max={100}
            onValueChange={(v) => {
              set("serviceLevelPercent", v);
            }}
          />
          <NumberField
            label={t("queues.form.afterCallWorkSecs")}
            value={draft.afterCallWorkSecs}
            onValueChange={(v) => {
              set("afterCallWorkSecs", v);
            }}
          />
          <PromptSelect
            label={t("queues.form.musicOnHold")}
            value={draft.musicOnHoldPromptId}
            prompts={prompts}
            emptyLabel={t("queues.form.defaultMusic")}
            hint={fieldError("musicOnHoldPromptId") ?? t("queues.form.musicOnHoldHint")}
            onValueChange={(v) => {
              set("musicOnHoldPromptId", v);
            }}
          />
          <CheckboxField
            label={t("queues.form.callbackOffer")}
            checked={draft.callbackOffer}
            onCheckedChange={(v) => {
              set("callbackOffer", v);
            }}
          />
        </div>
        <RowList
          legend={t("queues.form.wrapUpCodes")}
          items={draft.wrapUpCodes}
          onChange={(v) => {
            set("wrapUpCodes", v);
          }}
          newItem={() => ({ code: "", label: "" })}
          addLabel={t("queues.form.addWrapUp")}
          emptyLabel={t("queues.form.noWrapUp")}
          renderItem={(code, updateCode) => (
            <div className="row-list-fields">
              <TextField
                label={t("queues.form.wrapUpCode")}
                value={code.code}
                onValueChange={(v) => {
                  updateCode({ ...code, code: v });
                }}
              />
              <TextField
                label={t("queues.form.wrapUpLabel")}
                value={code.label}
                onValueChange={(v) => {
                  updateCode({ ...code, label: v });
                }}
              />
            </div>
          )}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("queues.form.create")}
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
