// A queue in its form (a draft of plain strings and numbers, "" for nothing chosen) and the
// QueueInput it is saved as; the server's defaults for a new queue.
import type { OverflowKind, QueueInput, QueuesQuery } from "../../../gql/graphql";

export type Queue = QueuesQuery["queues"][number];
export type OverflowChoice = OverflowKind | "";

export const OVERFLOW_KINDS: readonly OverflowKind[] = ["QUEUE", "FLOW", "VOICEMAIL", "NUMBER"];

export interface QueueDraft {
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
export const EMPTY_QUEUE: QueueDraft = {
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

export function draftOf(q: Queue): QueueDraft {
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

/** The input to save: skill rows without a group dropped, the overflow target only where its
 * kind takes one, text trimmed, "" as null. */
export function inputOf(d: QueueDraft): QueueInput {
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
