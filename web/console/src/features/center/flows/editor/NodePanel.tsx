// The side panel: the selected node's fields with proper inputs, its exits as "connect to"
// selects (the keyboard alternative to drawing edges), its problems, and node actions.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FlowIssueDetail } from "../../../../api/errors";
import { CheckboxField, NumberField, SelectField, TextAreaField, TextField } from "../../../../kit/fields";
import { RowList } from "../../../../kit/RowList";
import { PromptSelect, type PromptRef } from "../../prompts/PromptSelect";
import { issueCodeKey } from "./context";
import {
  COMPARE_OPS,
  CONDITION_KINDS,
  exitsOf,
  LOOKUP_KINDS,
  SET_TARGET_KINDS,
  setExit,
  TRANSFER_KINDS,
  TTS_LANGS,
  type Assignment,
  type Branch,
  type Condition,
  type FlowNode,
  type LookupSource,
  type MenuOption,
  type Prompt,
  type SetTarget,
  type TransferTarget,
} from "./graph";
import { useExitLabel } from "./labels";

export interface Named {
  id: string;
  name: string;
}

export interface References {
  prompts: readonly PromptRef[];
  queues: readonly Named[];
  schedules: readonly Named[];
  users: readonly Named[];
}

const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"] as const;

interface PanelProps {
  node: FlowNode;
  nodeIds: readonly string[];
  isStart: boolean;
  issues: readonly FlowIssueDetail[];
  readOnly: boolean;
  refs: References;
  onChange: (node: FlowNode) => void;
  onSetStart: () => void;
  onRename: (to: string) => void;
  onDelete: () => void;
}

export function NodePanel({
  node,
  nodeIds,
  isStart,
  issues,
  readOnly,
  refs,
  onChange,
  onSetStart,
  onRename,
  onDelete,
}: PanelProps) {
  const { t } = useTranslation();
  return (
    <div className="flow-panel" data-testid="node-panel" data-node-id={node.id}>
      <div className="flow-panel-header">
        <h2>{t(`flow.types.${node.type}`)}</h2>
        <code>{node.id}</code>
        {isStart && <span className="badge badge-ok">{t("flow.canvas.start")}</span>}
      </div>
      {issues.length > 0 && (
        <ul className="issue-list" data-testid="node-issues">
          {issues.map((issue, i) => (
            <li key={i} data-code={issue.code}>
              <span className="issue-code">{t(`flow.issueCodes.${issueCodeKey(issue.code)}`)}</span> {issue.message}
            </li>
          ))}
        </ul>
      )}
      <fieldset className="flow-panel-fields" disabled={readOnly}>
        {!readOnly && (
          <div className="flow-panel-actions">
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={isStart}
              onClick={onSetStart}
              data-testid="set-start"
            >
              {t("flow.panel.setStart")}
            </button>
            <button type="button" className="button button-danger button-small" onClick={onDelete}>
              {t("flow.panel.deleteNode")}
            </button>
          </div>
        )}
        {!readOnly && <RenameField key={node.id} id={node.id} taken={nodeIds} onRename={onRename} />}
        <NodeFields node={node} refs={refs} onChange={onChange} />
        <ExitSelects node={node} nodeIds={nodeIds} onChange={onChange} />
      </fieldset>
    </div>
  );
}

function RenameField({ id, taken, onRename }: { id: string; taken: readonly string[]; onRename: (to: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(id);
  const trimmed = value.trim();
  const problem =
    trimmed === "" ? t("validation.required") : trimmed !== id && taken.includes(trimmed) ? t("flow.panel.idTaken") : null;
  return (
    <div className="flow-rename">
      <TextField label={t("flow.panel.id")} value={value} onValueChange={setValue} error={problem} />
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={problem !== null || trimmed === id}
        onClick={() => {
          onRename(trimmed);
        }}
      >
        {t("flow.panel.rename")}
      </button>
    </div>
  );
}

function ExitSelects({
  node,
  nodeIds,
  onChange,
}: {
  node: FlowNode;
  nodeIds: readonly string[];
  onChange: (node: FlowNode) => void;
}) {
  const { t } = useTranslation();
  const exitLabel = useExitLabel();
  const exits = exitsOf(node);
  if (exits.length === 0) return null;
  const options = [
    { value: "", label: t("flow.panel.notConnected") },
    ...nodeIds.filter((id) => id !== node.id).map((id) => ({ value: id, label: id })),
  ];
  return (
    <fieldset className="row-list" data-testid="exit-selects">
      <legend>{t("flow.panel.exits")}</legend>
      {exits.map((exit) => {
        const value = exit.target ?? "";
        const known = options.some((o) => o.value === value);
        return (
          <SelectField
            key={exit.handle}
            label={t("flow.panel.connect", { exit: exitLabel(exit) })}
            value={value}
            options={known ? options : [...options, { value, label: value }]}
            data-testid={`exit-select-${exit.handle}`}
            onValueChange={(target) => {
              onChange(setExit(node, exit.handle, target === "" ? null : target));
            }}
          />
        );
      })}
    </fieldset>
  );
}

function NodeFields({
  node,
  refs,
  onChange,
}: {
  node: FlowNode;
  refs: References;
  onChange: (node: FlowNode) => void;
}) {
  const { t } = useTranslation();
  switch (node.type) {
    case "play":
    case "voicemail":
      return (
        <PromptFields
          prompts={refs.prompts}
          prompt={node.prompt}
          onChange={(prompt) => {
            onChange({ ...node, prompt });
          }}
        />
      );
    case "hangup":
      return (
        <>
          <CheckboxField
            label={t("flow.panel.goodbyePrompt")}
            checked={node.prompt != null}
            onCheckedChange={(on) => {
              onChange({ ...node, prompt: on ? { tts: { text: "", lang: "zh-CN" } } : null });
            }}
          />
          {node.prompt && (
            <PromptFields
              prompts={refs.prompts}
              prompt={node.prompt}
              onChange={(prompt) => {
                onChange({ ...node, prompt });
              }}
            />
          )}
        </>
      );
    case "callback":
      return (
        <>
          <PromptFields
            prompts={refs.prompts}
            prompt={node.prompt}
            onChange={(prompt) => {
              onChange({ ...node, prompt });
            }}
          />
          <RefSelect
            label={t("flow.panel.queue")}
            value={node.queueId}
            items={refs.queues}
            onValueChange={(queueId) => {
              onChange({ ...node, queueId });
            }}
          />
        </>
      );
    case "menu":
      return (
        <>
          <PromptFields
            prompts={refs.prompts}
            prompt={node.prompt}
            onChange={(prompt) => {
              onChange({ ...node, prompt });
            }}
          />
          <RowList<MenuOption>
            legend={t("flow.panel.options")}
            items={node.options}
            onChange={(options) => {
              onChange({ ...node, options });
            }}
            newItem={() => ({
              digit: DIGITS.find((d) => !node.options.some((o) => o.digit === d)) ?? "1",
              next: null,
            })}
            addLabel={t("flow.panel.addOption")}
            emptyLabel={t("flow.panel.noOptions")}
            testId="menu-options"
            renderItem={(option, update) => (
              <SelectField
                label={t("flow.panel.digit")}
                value={option.digit}
                options={DIGITS.map((d) => ({ value: d, label: d }))}
                onValueChange={(digit) => {
                  update({ ...option, digit });
                }}
              />
            )}
          />
          <div className="field-row">
            <NumberField
              label={t("flow.panel.timeoutSecs")}
              value={node.timeoutSecs}
              min={1}
              max={60}
              onValueChange={(timeoutSecs) => {
                onChange({ ...node, timeoutSecs });
              }}
            />
            <NumberField
              label={t("flow.panel.retries")}
              value={node.retries}
              min={0}
              max={10}
              onValueChange={(retries) => {
                onChange({ ...node, retries });
              }}
            />
          </div>
        </>
      );
    case "gather":
      return (
        <>
          <PromptFields
            prompts={refs.prompts}
            prompt={node.prompt}
            onChange={(prompt) => {
              onChange({ ...node, prompt });
            }}
          />
          <TextField
            label={t("flow.panel.variable")}
            value={node.variable}
            onValueChange={(variable) => {
              onChange({ ...node, variable });
            }}
          />
          <div className="field-row">
            <NumberField
              label={t("flow.panel.minDigits")}
              value={node.minDigits}
              min={1}
              max={32}
              onValueChange={(minDigits) => {
                onChange({ ...node, minDigits });
              }}
            />
            <NumberField
              label={t("flow.panel.maxDigits")}
              value={node.maxDigits}
              min={1}
              max={32}
              onValueChange={(maxDigits) => {
                onChange({ ...node, maxDigits });
              }}
            />
          </div>
          <div className="field-row">
            <SelectField
              label={t("flow.panel.terminator")}
              value={node.terminator ?? ""}
              options={[
                { value: "", label: t("flow.panel.none") },
                { value: "#", label: "#" },
                { value: "*", label: "*" },
              ]}
              onValueChange={(terminator) => {
                onChange({ ...node, terminator: terminator === "" ? null : terminator });
              }}
            />
            <NumberField
              label={t("flow.panel.timeoutSecs")}
              value={node.timeoutSecs}
              min={1}
              max={60}
              onValueChange={(timeoutSecs) => {
                onChange({ ...node, timeoutSecs });
              }}
            />
          </div>
        </>
      );
    case "lookup":
      return (
        <>
          <LookupFields
            source={node.source}
            onChange={(source) => {
              onChange({ ...node, source });
            }}
          />
          <TextField
            label={t("flow.panel.resultVariable")}
            value={node.resultVariable}
            onValueChange={(resultVariable) => {
              onChange({ ...node, resultVariable });
            }}
          />
        </>
      );
    case "condition":
      return (
        <RowList<Branch>
          legend={t("flow.panel.branches")}
          items={node.branches}
          onChange={(branches) => {
            onChange({ ...node, branches });
          }}
          newItem={() => ({ when: { kind: "businessHours", scheduleId: refs.schedules[0]?.id ?? "" }, next: null })}
          addLabel={t("flow.panel.addBranch")}
          emptyLabel={t("flow.panel.noBranches")}
          testId="condition-branches"
          renderItem={(branch, update, i) => (
            <ConditionFields
              n={i + 1}
              condition={branch.when}
              refs={refs}
              onChange={(when) => {
                update({ ...branch, when });
              }}
            />
          )}
        />
      );
    case "set":
      return (
        <RowList<Assignment>
          legend={t("flow.panel.assignments")}
          items={node.assignments}
          onChange={(assignments) => {
            onChange({ ...node, assignments });
          }}
          newItem={() => ({ target: { kind: "variable", name: "" }, value: "" })}
          addLabel={t("flow.panel.addAssignment")}
          emptyLabel={t("flow.panel.noAssignments")}
          testId="set-assignments"
          renderItem={(assignment, update) => (
            <AssignmentFields assignment={assignment} onChange={update} />
          )}
        />
      );
    case "transfer":
      return (
        <TransferFields
          target={node.target}
          refs={refs}
          onChange={(target) => {
            onChange({ ...node, target });
          }}
        />
      );
  }
}

function PromptFields({
  prompt,
  prompts,
  onChange,
}: {
  prompt: Prompt;
  prompts: readonly PromptRef[];
  onChange: (prompt: Prompt) => void;
}) {
  const { t } = useTranslation();
  const tts = prompt.tts ?? { text: "", lang: "zh-CN" };
  const promptId = prompt.promptId ?? "";
  return (
    <fieldset className="row-list">
      <legend>{t("flow.panel.prompt")}</legend>
      <PromptSelect
        label={t("flow.panel.promptSource")}
        value={promptId}
        prompts={prompts}
        emptyLabel={t("flow.panel.speakText")}
        testId="prompt-source"
        onValueChange={(id) => {
          onChange(id === "" ? { promptId: null, tts } : { promptId: id, tts: null });
        }}
      />
      {promptId === "" && (
        <>
          <TextAreaField
            label={t("flow.panel.ttsText")}
            value={tts.text}
            rows={3}
            hint={t("flow.panel.ttsHint")}
            onValueChange={(text) => {
              onChange({ ...prompt, tts: { ...tts, text } });
            }}
          />
          <SelectField
            label={t("flow.panel.ttsLang")}
            value={TTS_LANGS.find((l) => l === tts.lang) ?? "zh-CN"}
            options={TTS_LANGS.map((l) => ({ value: l, label: t(`flow.langs.${l}`) }))}
            onValueChange={(lang) => {
              onChange({ ...prompt, tts: { ...tts, lang } });
            }}
          />
        </>
      )}
    </fieldset>
  );
}

function RefSelect({
  label,
  value,
  items,
  onValueChange,
}: {
  label: string;
  value: string;
  items: readonly Named[];
  onValueChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  const options = [{ value: "", label: t("flow.panel.choose") }, ...items.map((i) => ({ value: i.id, label: i.name }))];
  if (value !== "" && !items.some((i) => i.id === value)) options.push({ value, label: t("flow.panel.unknownRef", { id: value }) });
  return <SelectField label={label} value={value} options={options} onValueChange={onValueChange} />;
}

function LookupFields({ source, onChange }: { source: LookupSource; onChange: (source: LookupSource) => void }) {
  const { t } = useTranslation();
  const kindSelect = (
    <SelectField
      label={t("flow.panel.lookupSource")}
      value={source.kind}
      options={LOOKUP_KINDS.map((k) => ({ value: k, label: t(`flow.lookupKinds.${k}`) }))}
      onValueChange={(kind) => {
        if (kind === source.kind) return;
        switch (kind) {
          case "knowledgeBase":
            onChange({ kind, query: "", entryType: null });
            break;
          case "cardBalance":
            onChange({ kind, cardVariable: "card", pinVariable: "pin" });
            break;
          case "contactByCallerId":
            onChange({ kind });
            break;
          case "http":
            onChange({ kind, url: "https://", timeoutMs: 2000 });
            break;
        }
      }}
    />
  );
  switch (source.kind) {
    case "knowledgeBase":
      return (
        <>
          {kindSelect}
          <TextField
            label={t("flow.panel.query")}
            value={source.query}
            onValueChange={(query) => {
              onChange({ ...source, query });
            }}
          />
          <TextField
            label={t("flow.panel.entryType")}
            value={source.entryType ?? ""}
            onValueChange={(entryType) => {
              onChange({ ...source, entryType: entryType.trim() === "" ? null : entryType });
            }}
          />
        </>
      );
    case "cardBalance":
      return (
        <>
          {kindSelect}
          <TextField
            label={t("flow.panel.cardVariable")}
            value={source.cardVariable}
            onValueChange={(cardVariable) => {
              onChange({ ...source, cardVariable });
            }}
          />
          <TextField
            label={t("flow.panel.pinVariable")}
            value={source.pinVariable}
            onValueChange={(pinVariable) => {
              onChange({ ...source, pinVariable });
            }}
          />
        </>
      );
    case "contactByCallerId":
      return kindSelect;
    case "http":
      return (
        <>
          {kindSelect}
          <TextField
            label={t("flow.panel.url")}
            value={source.url}
            type="url"
            onValueChange={(url) => {
              onChange({ ...source, url });
            }}
          />
          <NumberField
            label={t("flow.panel.timeoutMs")}
            value={source.timeoutMs}
            min={100}
            max={10000}
            onValueChange={(timeoutMs) => {
              onChange({ ...source, timeoutMs });
            }}
          />
        </>
      );
  }
}

function ConditionFields({
  n,
  condition,
  refs,
  onChange,
}: {
  n: number;
  condition: Condition;
  refs: References;
  onChange: (condition: Condition) => void;
}) {
  const { t } = useTranslation();
  const kindSelect = (
    <SelectField
      label={t("flow.panel.branchKind", { n })}
      value={condition.kind}
      options={CONDITION_KINDS.map((k) => ({ value: k, label: t(`flow.conditionKinds.${k}`) }))}
      onValueChange={(kind) => {
        if (kind === condition.kind) return;
        switch (kind) {
          case "businessHours":
            onChange({ kind, scheduleId: refs.schedules[0]?.id ?? "" });
            break;
          case "variable":
            onChange({ kind, variable: "", op: "eq", value: "" });
            break;
          case "vip":
            onChange({ kind, minLevel: 1 });
            break;
        }
      }}
    />
  );
  switch (condition.kind) {
    case "businessHours":
      return (
        <div className="row-list-fields">
          {kindSelect}
          <RefSelect
            label={t("flow.panel.schedule")}
            value={condition.scheduleId}
            items={refs.schedules}
            onValueChange={(scheduleId) => {
              onChange({ ...condition, scheduleId });
            }}
          />
        </div>
      );
    case "variable":
      return (
        <div className="row-list-fields">
          {kindSelect}
          <TextField
            label={t("flow.panel.variable")}
            value={condition.variable}
            onValueChange={(variable) => {
              onChange({ ...condition, variable });
            }}
          />
          <SelectField
            label={t("flow.panel.op")}
            value={condition.op}
            options={COMPARE_OPS.map((op) => ({ value: op, label: t(`flow.ops.${op}`) }))}
            onValueChange={(op) => {
              onChange({ ...condition, op, value: op === "exists" ? null : (condition.value ?? "") });
            }}
          />
          {condition.op !== "exists" && (
            <TextField
              label={t("flow.panel.value")}
              value={condition.value ?? ""}
              onValueChange={(value) => {
                onChange({ ...condition, value });
              }}
            />
          )}
        </div>
      );
    case "vip":
      return (
        <div className="row-list-fields">
          {kindSelect}
          <NumberField
            label={t("flow.panel.minLevel")}
            value={condition.minLevel}
            min={0}
            max={9}
            onValueChange={(minLevel) => {
              onChange({ ...condition, minLevel });
            }}
          />
        </div>
      );
  }
}

function AssignmentFields({ assignment, onChange }: { assignment: Assignment; onChange: (a: Assignment) => void }) {
  const { t } = useTranslation();
  const target = assignment.target;
  const setTarget = (kind: SetTarget["kind"]) => {
    if (kind === target.kind) return;
    const next: SetTarget = kind === "variable" ? { kind, name: "" } : { kind };
    const value = kind === "language" ? "zh-CN" : kind === "priority" ? "50" : "";
    onChange({ target: next, value });
  };
  return (
    <div className="row-list-fields">
      <SelectField
        label={t("flow.panel.setTarget")}
        value={target.kind}
        options={SET_TARGET_KINDS.map((k) => ({ value: k, label: t(`flow.setTargets.${k}`) }))}
        onValueChange={setTarget}
      />
      {target.kind === "variable" && (
        <TextField
          label={t("flow.panel.variable")}
          value={target.name}
          onValueChange={(name) => {
            onChange({ ...assignment, target: { kind: "variable", name } });
          }}
        />
      )}
      {target.kind === "language" ? (
        <SelectField
          label={t("flow.panel.value")}
          value={TTS_LANGS.find((l) => l === assignment.value) ?? "zh-CN"}
          options={TTS_LANGS.map((l) => ({ value: l, label: t(`flow.langs.${l}`) }))}
          onValueChange={(value) => {
            onChange({ ...assignment, value });
          }}
        />
      ) : (
        <TextField
          label={t("flow.panel.value")}
          value={assignment.value}
          inputMode={target.kind === "priority" ? "numeric" : undefined}
          onValueChange={(value) => {
            onChange({ ...assignment, value });
          }}
        />
      )}
    </div>
  );
}

function TransferFields({
  target,
  refs,
  onChange,
}: {
  target: TransferTarget;
  refs: References;
  onChange: (target: TransferTarget) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        label={t("flow.panel.transferTo")}
        value={target.kind}
        options={TRANSFER_KINDS.map((k) => ({ value: k, label: t(`flow.transferKinds.${k}`) }))}
        onValueChange={(kind) => {
          if (kind === target.kind) return;
          if (kind === "queue") onChange({ kind, queueId: refs.queues[0]?.id ?? "" });
          else if (kind === "agent") onChange({ kind, userId: refs.users[0]?.id ?? "" });
          else onChange({ kind, number: "+86" });
        }}
      />
      {target.kind === "queue" && (
        <RefSelect
          label={t("flow.panel.queue")}
          value={target.queueId}
          items={refs.queues}
          onValueChange={(queueId) => {
            onChange({ kind: "queue", queueId });
          }}
        />
      )}
      {target.kind === "agent" && (
        <RefSelect
          label={t("flow.panel.agent")}
          value={target.userId}
          items={refs.users}
          onValueChange={(userId) => {
            onChange({ kind: "agent", userId });
          }}
        />
      )}
      {target.kind === "number" && (
        <TextField
          label={t("flow.panel.number")}
          value={target.number}
          type="tel"
          onValueChange={(number) => {
            onChange({ kind: "number", number });
          }}
        />
      )}
    </>
  );
}
