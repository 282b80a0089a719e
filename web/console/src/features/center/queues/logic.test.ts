import { describe, expect, it } from "vitest";
import { draftOf, EMPTY_QUEUE, inputOf, type Queue } from "./logic";

const queue: Queue = {
  id: "q1",
  name: "Billing",
  requiredSkills: [{ skillGroupId: "g1", minProficiency: 2 }],
  priority: 70,
  maxWaitSecs: 300,
  overflow: { kind: "QUEUE", targetId: "q2", number: null },
  callbackOffer: false,
  musicOnHoldPromptId: "p1",
  announcementIntervalSecs: 45,
  serviceLevelSecs: 15,
  serviceLevelPercent: 90,
  afterCallWorkSecs: 10,
  wrapUpCodes: [{ code: "SOLVED", label: "Solved" }],
  businessHoursId: "h1",
};

describe("queue drafts", () => {
  it("a new queue saves the server's defaults with no overflow", () => {
    const input = inputOf({ ...EMPTY_QUEUE, name: "  Front desk " });
    expect(input).toMatchObject({ name: "Front desk", priority: 50, maxWaitSecs: 600, overflow: null });
    expect(input.musicOnHoldPromptId).toBeNull();
    expect(input.businessHoursId).toBeNull();
  });

  it("a queue round-trips through its draft", () => {
    const { id, ...input } = queue;
    expect(id).toBe("q1");
    expect(inputOf(draftOf(queue))).toEqual(input);
  });

  it("keeps only what the overflow kind takes and drops skill rows without a group", () => {
    const draft = {
      ...draftOf(queue),
      overflowKind: "NUMBER" as const,
      overflowNumber: " +8610 ",
      requiredSkills: [
        { skillGroupId: "", minProficiency: 1 },
        { skillGroupId: "g2", minProficiency: 3 },
      ],
    };
    const input = inputOf(draft);
    expect(input.overflow).toEqual({ kind: "NUMBER", targetId: null, number: "+8610" });
    expect(input.requiredSkills).toEqual([{ skillGroupId: "g2", minProficiency: 3 }]);
    expect(inputOf({ ...draft, overflowKind: "VOICEMAIL" }).overflow).toEqual({
      kind: "VOICEMAIL",
      targetId: null,
      number: null,
    });
  });
});
