import { describe, expect, it } from "vitest";
import { parseAgentEvent, type AgentEvent } from "./agentEvents";
import {
  deskReducer,
  formatDuration,
  initialDesk,
  isDialableNumber,
  parseTransferTarget,
  ringSecondsLeft,
  transferAgents,
  type AgentStateView,
  type DeskState,
} from "./desk";

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

function call(status: string, legId = "leg-1", agent = ME): AgentEvent {
  return event("AGENT_CALL", { agent, callId: "call-1", legId, status });
}

function run(state: DeskState, ...events: AgentEvent[]): DeskState {
  return events.reduce((s, e) => deskReducer(s, { type: "event", event: e, now: NOW + 1000 }), state);
}

const ringing = run(initialDesk(ME), event("AGENT_OFFER", offerData));

describe("deskReducer", () => {
  it("rings, answers, connects, holds and ends into a wrap-up", () => {
    expect(ringing.offer?.legId).toBe("leg-1");
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    expect([s.offer, s.call?.phase]).toEqual([null, "answering"]);
    s = deskReducer(s, { type: "answered", legId: "leg-1", now: NOW + 2000 });
    expect(s.call?.connectedAt).toBe(NOW + 2000);
    s = run(s, call("connected"), call("held"));
    expect(s.call?.phase).toBe("held");
    expect(s.call?.connectedAt).toBe(NOW + 2000);
    s = run(s, call("connected"), call("ended"));
    expect(s.call).toBeNull();
    expect(s.wrapUps).toEqual([{ legId: "leg-1", callId: "call-1", caller: "+8613800138000", outcome: "ended", endedAt: NOW + 1000 }]);
    s = deskReducer(s, { type: "wrappedUp", legId: "leg-1" });
    expect(s.wrapUps).toEqual([]);
  });

  it("counts the call as connected when the event beats the answer", () => {
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    s = run(s, call("connected"));
    expect([s.call?.phase, s.call?.connectedAt]).toEqual(["connected", NOW + 1000]);
    s = deskReducer(s, { type: "answered", legId: "leg-1", now: NOW + 5000 });
    expect(s.call?.connectedAt).toBe(NOW + 1000);
  });

  it("queues one wrap-up whether our transfer or the event comes first", () => {
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    s = run(s, call("connected"));
    s = deskReducer(s, { type: "left", legId: "leg-1", outcome: "transferred", now: NOW });
    s = run(s, call("transferred"));
    expect(s.wrapUps.map((w) => w.outcome)).toEqual(["transferred"]);
  });

  it("drops the offer when it is missed, rejected or withdrawn, also mid-answer", () => {
    for (const status of ["missed", "rejected", "withdrawn"]) expect(run(ringing, call(status)).offer).toBeNull();
    const answering = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    const gone = run(answering, call("withdrawn"));
    expect([gone.call, gone.offer, gone.wrapUps]).toEqual([null, null, []]);
    expect(run(ringing, call("missed", "other-leg")).offer?.legId).toBe("leg-1");
  });

  it("gives the offer back when the browser failed before Qiao saw the answer", () => {
    const answering = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    expect(deskReducer(answering, { type: "answerFailed", legId: "leg-1", offerStillRinging: true }).offer?.legId).toBe("leg-1");
    expect(deskReducer(answering, { type: "answerFailed", legId: "leg-1", offerStillRinging: false }).offer).toBeNull();
  });

  it("ignores other agents' offers and calls but refreshes the team on their presence", () => {
    const other = { ...offerData, agent: "agent-2" };
    let s = run(initialDesk(ME), event("AGENT_OFFER", other), call("connected", "leg-1", "agent-2"));
    expect(s.offer).toBeNull();
    s = run(s, event("AGENT_STATE", { agent: "agent-2", state: "available", reason: "", since: "t", callId: null }));
    expect([s.teamVersion, s.presence]).toEqual([1, null]);
  });

  it("follows the agent's own presence", () => {
    const loaded: AgentStateView = {
      agentId: ME,
      email: null,
      state: "AFTER_CALL_WORK",
      reason: "",
      since: "t0",
      offerCallId: null,
      callId: null,
      afterCallWorkUntil: "t9",
    };
    let s = deskReducer(initialDesk(ME), { type: "presence", state: loaded });
    s = run(s, event("AGENT_STATE", { agent: ME, state: "not_ready", reason: "lunch", since: "t1", callId: null }));
    expect(s.presence).toMatchObject({ state: "NOT_READY", reason: "lunch", since: "t1", afterCallWorkUntil: null });
  });

  it("mutes and holds only an answered call", () => {
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    expect(deskReducer(s, { type: "held", legId: "leg-1", on: true }).call?.phase).toBe("answering");
    s = deskReducer(s, { type: "answered", legId: "leg-1", now: NOW });
    s = deskReducer(s, { type: "muted", on: true });
    s = deskReducer(s, { type: "held", legId: "leg-1", on: true });
    expect([s.call?.muted, s.call?.phase]).toEqual([true, "held"]);
  });
});

describe("formats", () => {
  it("counts the ring time down and the call time up", () => {
    expect(ringSecondsLeft({ ringSecs: 20, receivedAt: NOW }, NOW + 4500)).toBe(16);
    expect(ringSecondsLeft({ ringSecs: 20, receivedAt: NOW }, NOW + 60_000)).toBe(0);
    expect(formatDuration(65_400)).toBe("1:05");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
    expect(formatDuration(-5)).toBe("0:00");
  });

  it("tells numbers from withheld caller IDs", () => {
    expect(isDialableNumber("+8613800138000")).toBe(true);
    expect(isDialableNumber("anonymous")).toBe(false);
    expect(isDialableNumber("")).toBe(false);
  });

  it("lists other agents, available first", () => {
    const agent = (agentId: string, email: string, state: AgentStateView["state"]): AgentStateView => ({
      agentId,
      email,
      state,
      reason: "",
      since: "t",
      offerCallId: null,
      callId: null,
      afterCallWorkUntil: null,
    });
    const list = transferAgents(
      [agent(ME, "me@x", "AVAILABLE"), agent("b", "b@x", "LOGGED_OUT"), agent("c", "c@x", "NOT_READY"), agent("d", "d@x", "AVAILABLE")],
      ME,
    );
    expect(list.map((a) => a.agentId)).toEqual(["d", "c", "b"]);
  });

  it("reads transfer targets", () => {
    expect(parseTransferTarget("agent:a1")).toEqual({ agentId: "a1" });
    expect(parseTransferTarget("queue:q1")).toEqual({ queueId: "q1" });
    expect(parseTransferTarget("queue:")).toBeNull();
    expect(parseTransferTarget("a1")).toBeNull();
    expect(parseTransferTarget("team:x")).toBeNull();
  });
});
