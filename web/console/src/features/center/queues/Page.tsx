// Queues: the list (required skills, priority, hours, overflow) and the form for creating or
// editing one (./Form).
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import { nameOf } from "../../../kit/names";
import { ResourcePage } from "../../../kit/ResourcePage";
import { useManageConfig } from "../../../shell/context";
import { ivrFlowsQuery } from "../flows/operations";
import { businessHoursQuery } from "../hours/operations";
import { promptsQuery } from "../prompts/operations";
import { skillGroupsQuery } from "../skills/operations";
import { QueueForm } from "./Form";
import type { Queue } from "./logic";
import { deleteQueueMutation, queuesQuery } from "./operations";

export function QueuesPage() {
  const { t } = useTranslation();
  const queues = useQuery(queuesQuery, {});
  const choices = {
    groups: useQuery(skillGroupsQuery, {}).data?.skillGroups ?? [],
    schedules: useQuery(businessHoursQuery, {}).data?.businessHours ?? [],
    queues: queues.data?.queues ?? [],
    flows: useQuery(ivrFlowsQuery, {}).data?.ivrFlows ?? [],
    prompts: useQuery(promptsQuery, {}).data?.prompts ?? [],
  };

  const overflowText = (q: Queue): string => {
    const o = q.overflow;
    if (!o) return t("queues.noOverflow");
    const target =
      o.kind === "QUEUE" || o.kind === "FLOW"
        ? (o.kind === "QUEUE" ? choices.queues : choices.flows).find((x) => x.id === o.targetId)?.name
        : o.kind === "NUMBER"
          ? o.number
          : null;
    return target ? `${t(`queues.overflowKinds.${o.kind}`)}: ${target}` : t(`queues.overflowKinds.${o.kind}`);
  };

  return (
    <ResourcePage
      id="queues"
      item="queue"
      text="queues"
      manage={useManageConfig()}
      query={queues}
      rows={(d) => d.queues}
      columns={[
        { header: t("queues.columns.name"), cell: (q) => q.name },
        {
          header: t("queues.columns.skills"),
          cell: (q) =>
            q.requiredSkills.length === 0
              ? t("queues.anySkill")
              : q.requiredSkills.map((s) => `${nameOf(choices.groups, s.skillGroupId)} ≥ ${s.minProficiency}`).join(", "),
        },
        { header: t("queues.columns.priority"), cell: (q) => q.priority },
        {
          header: t("queues.columns.hours"),
          cell: (q) => (q.businessHoursId ? nameOf(choices.schedules, q.businessHoursId) : t("queues.always")),
        },
        { header: t("queues.columns.overflow"), cell: overflowText },
      ]}
      editable
      remove={deleteQueueMutation}
      form={(slot) => <QueueForm {...slot} {...choices} />}
    />
  );
}
