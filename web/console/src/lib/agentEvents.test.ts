import { describe, expect, it } from "vitest";
import { parseAgentEvent, presenceFromServer, type AgentEvent } from "./agentEvents";

const ME = "agent-1";
const NOW = 1_700_000_000_000;

const offerData = {
  agent: ME,
  callId: "call-1",
  legId: "leg-1",
  caller: "+8613800138000",
  dialled: "+861085550100",
  queueId: "queue-1",
  ringSecs: 20,
  ivrPath: ["welcome", "menu"],
  digits: "0",
  screenPop: {
    caller: "+8613800138000",
    contact: { id: "c1", name: "Li Lei", vipLevel: 2, tags: ["gold"], language: "zh-CN", notes: "" },
    cards: [{ number: "1000000001", tier: "gold", balanceMinor: 12550, points: 300 }],
    openCases: [{ id: "k1", subject: "Refund", status: "open", priority: "high", dueAt: null }],
    recentCalls: [{ id: "old", startedAt: "2026-01-01T00:00:00Z", disposition: "completed", ivrPath: ["welcome"] }],
  },
};

function event(kind: "AGENT_OFFER" | "AGENT_CALL" | "AGENT_STATE", data: unknown): AgentEvent {
  const parsed = parseAgentEvent(kind, data, NOW);
  if (!parsed) throw new Error(`unparsed ${kind}`);
  return parsed;
}

function call(status: string): AgentEvent {
  return event("AGENT_CALL", { agent: ME, callId: "call-1", legId: "leg-1", status });
}

describe("parseAgentEvent", () => {
  it("reads an offer with its screen pop", () => {
    const e = event("AGENT_OFFER", offerData);
    expect(e.kind).toBe("offer");
    if (e.kind !== "offer") return;
    expect(e.offer).toMatchObject({ callId: "call-1", legId: "leg-1", ringSecs: 20, ivrPath: ["welcome", "menu"], digits: "0" });
    expect(e.offer.screenPop.contact?.name).toBe("Li Lei");
    expect(e.offer.screenPop.cards[0]?.balanceMinor).toBe(12550);
    expect(e.offer.screenPop.openCases[0]?.dueAt).toBeNull();
    expect(e.offer.receivedAt).toBe(NOW);
  });

  it("takes an unknown caller and missing fields calmly", () => {
    const e = parseAgentEvent("AGENT_OFFER", { agent: ME, callId: "c", legId: "l", screenPop: { contact: null, cards: "x" } }, NOW);
    expect(e?.kind === "offer" && e.offer.screenPop).toEqual({ caller: "", consultFrom: null, contact: null, cards: [], openCases: [], recentCalls: [] });
    expect(e?.kind === "offer" && e.offer.ringSecs).toBe(20);
  });

  it("reads a colleague's consultation, whose screen pop names only them", () => {
    const e = parseAgentEvent("AGENT_OFFER", { ...offerData, screenPop: { consultFrom: "agent-2" } }, NOW);
    expect(e?.kind === "offer" && e.offer.screenPop).toEqual({
      caller: "+8613800138000",
      consultFrom: "agent-2",
      contact: null,
      cards: [],
      openCases: [],
      recentCalls: [],
    });
    expect(call("conference")).toMatchObject({ kind: "call", change: { status: "conference" } });
  });

  it("reads call changes and presence, and refuses what it does not know", () => {
    expect(call("held")).toEqual({ kind: "call", change: { agent: ME, callId: "call-1", legId: "leg-1", status: "held" } });
    expect(parseAgentEvent("AGENT_CALL", { agent: ME, callId: "c", legId: "l", status: "exploded" }, NOW)).toBeNull();
    expect(parseAgentEvent("AGENT_STATE", { agent: ME, state: "not_ready", reason: "lunch", since: "t", callId: null }, NOW)).toEqual({
      kind: "state",
      change: { agent: ME, state: "NOT_READY", reason: "lunch", since: "t", callId: null },
    });
    expect(parseAgentEvent("USER_JOINED", { agent: ME }, NOW)).toBeNull();
    expect(parseAgentEvent("AGENT_OFFER", null, NOW)).toBeNull();
    expect(presenceFromServer("after_call_work")).toBe("AFTER_CALL_WORK");
    expect(presenceFromServer("AVAILABLE")).toBeNull();
  });
});
