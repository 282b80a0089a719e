// Creating or editing a queue with every QueueInput field: required skills, priority, waiting,
// overflow, callback, music on hold, service level, after-call work, wrap-up codes, hours.
import { useTranslation } from "react-i18next";
import { CheckboxField, NumberField, SelectField, TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import type { Named } from "../../../kit/names";
import type { FormSlot } from "../../../kit/ResourcePage";
import { RowList } from "../../../kit/RowList";
import { useDraft } from "../../../kit/useDraft";
import { useResourceForm } from "../../../kit/useResourceForm";
import { PromptSelect } from "../prompts/PromptSelect";
import { draftOf, EMPTY_QUEUE, inputOf, OVERFLOW_KINDS, type OverflowChoice, type Queue } from "./logic";
import { createQueueMutation, updateQueueMutation } from "./operations";

const PROFICIENCIES = ["1", "2", "3", "4", "5"] as const;

/** The plain numbers of a queue's announcements, service level and after-call work. */
const TIMING_FIELDS = ["announcementIntervalSecs", "serviceLevelSecs", "serviceLevelPercent", "afterCallWorkSecs"] as const;

export interface QueueChoices {
  groups: readonly Named[];
  schedules: readonly Named[];
  queues: readonly Named[];
  flows: readonly Named[];
  prompts: readonly Named[];
}

export function QueueForm({
  editing,
  done,
  cancel,
  groups,
  schedules,
  queues,
  flows,
  prompts,
}: FormSlot<Queue> & QueueChoices) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createQueueMutation, update: updateQueueMutation, editing });
  const { draft, setDraft, set } = useDraft(() => (editing ? draftOf(editing) : EMPTY_QUEUE));

  const onSubmit = async () => {
    if (await f.submit(inputOf(draft), [draft.name])) done();
  };

  const none = { value: "", label: t("config.none") };
  const overflowTargets = draft.overflowKind === "QUEUE" ? queues.filter((q) => q.id !== editing?.id) : flows;

  return (
    <FormCard
      id="queue"
      title={editing ? t("queues.form.editTitle", { name: editing.name }) : t("queues.form.createTitle")}
      error={f.error}
      onSubmit={onSubmit}
    >
      <div className="form-grid">
        <TextField
          label={t("queues.form.name")}
          value={draft.name}
          onValueChange={set("name")}
          error={f.requiredError("name", draft.name)}
        />
        <NumberField
          label={t("queues.form.priority")}
          value={draft.priority}
          hint={t("queues.form.priorityHint")}
          onValueChange={set("priority")}
          error={f.fieldError("priority")}
        />
        <NumberField
          label={t("queues.form.maxWaitSecs")}
          value={draft.maxWaitSecs}
          onValueChange={set("maxWaitSecs")}
          error={f.fieldError("maxWaitSecs")}
        />
        <SelectField
          label={t("queues.form.businessHours")}
          value={draft.businessHoursId}
          options={[{ value: "", label: t("queues.always") }, ...schedules.map((s) => ({ value: s.id, label: s.name }))]}
          onValueChange={set("businessHoursId")}
        />
      </div>
      <RowList
        legend={t("queues.form.requiredSkills")}
        items={draft.requiredSkills}
        onChange={set("requiredSkills")}
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
              onValueChange={set("overflowTargetId")}
            />
          )}
          {draft.overflowKind === "NUMBER" && (
            <TextField
              label={t("queues.form.overflowNumber")}
              type="tel"
              placeholder="+8610…"
              value={draft.overflowNumber}
              onValueChange={set("overflowNumber")}
              error={f.fieldError("number")}
            />
          )}
        </div>
      </fieldset>
      <div className="form-grid">
        {TIMING_FIELDS.map((key) => (
          <NumberField
            key={key}
            label={t(`queues.form.${key}`)}
            value={draft[key]}
            {...(key === "serviceLevelPercent" ? { min: 0, max: 100 } : {})}
            onValueChange={set(key)}
          />
        ))}
        <PromptSelect
          label={t("queues.form.musicOnHold")}
          value={draft.musicOnHoldPromptId}
          prompts={prompts}
          emptyLabel={t("queues.form.defaultMusic")}
          hint={f.fieldError("musicOnHoldPromptId") ?? t("queues.form.musicOnHoldHint")}
          onValueChange={set("musicOnHoldPromptId")}
        />
        <CheckboxField
          label={t("queues.form.callbackOffer")}
          checked={draft.callbackOffer}
          onCheckedChange={set("callbackOffer")}
        />
      </div>
      <RowList
        legend={t("queues.form.wrapUpCodes")}
        items={draft.wrapUpCodes}
        onChange={set("wrapUpCodes")}
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
      <FormActions loading={f.loading} editing={editing !== null} create={t("queues.form.create")} onCancel={cancel} />
    </FormCard>
  );
}
