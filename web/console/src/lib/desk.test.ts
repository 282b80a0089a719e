import { describe, expect, it } from "vitest";
import { parseAgentEvent, type AgentEvent } from "./agentEvents";
import {
  agentLabel,
  callView,
  deskReducer,
  formatDuration,
  initialDesk,
  isDialableNumber,
  parseDialNumber,
  parseOutsideNumber,
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

function agent(agentId: string, email: string, state: AgentStateView["state"], on: Partial<AgentStateView> = {}): AgentStateView {
  return { agentId, email, state, reason: "", since: "t", offerCallId: null, callId: null, afterCallWorkUntil: null, deskPhone: false, ...on };
}

/** agent1 on call-1, connected in the browser. */
function talking(): DeskState {
  const s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
  return deskReducer(s, { type: "answered", callId: "call-1", now: NOW });
}

describe("deskReducer", () => {
  it("rings, answers, connects, holds and ends into a wrap-up", () => {
    expect(ringing.offer?.legId).toBe("leg-1");
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    expect([s.offer, s.call?.phase]).toEqual([null, "answering"]);
    s = deskReducer(s, { type: "answered", callId: "call-1", now: NOW + 2000 });
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
    s = deskReducer(s, { type: "answered", callId: "call-1", now: NOW + 5000 });
    expect(s.call?.connectedAt).toBe(NOW + 1000);
  });

  it("queues one wrap-up whether our transfer or the event comes first", () => {
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    s = run(s, call("connected"));
    s = deskReducer(s, { type: "left", callId: "call-1", outcome: "transferred", now: NOW });
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
    expect(deskReducer(answering, { type: "answerFailed", callId: "call-1", offerStillRinging: true }).offer?.legId).toBe("leg-1");
    expect(deskReducer(answering, { type: "answerFailed", callId: "call-1", offerStillRinging: false }).offer).toBeNull();
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
      deskPhone: true,
    };
    let s = deskReducer(initialDesk(ME), { type: "presence", state: loaded });
    s = run(s, event("AGENT_STATE", { agent: ME, state: "not_ready", reason: "lunch", since: "t1", callId: null }));
    expect(s.presence).toMatchObject({ state: "NOT_READY", reason: "lunch", since: "t1", afterCallWorkUntil: null, deskPhone: true });
  });

  it("mutes and holds only an answered call", () => {
    let s = deskReducer(ringing, { type: "answering", legId: "leg-1" });
    expect(deskReducer(s, { type: "held", callId: "call-1", on: true }).call?.phase).toBe("answering");
    s = deskReducer(s, { type: "answered", callId: "call-1", now: NOW });
    s = deskReducer(s, { type: "muted", on: true });
    s = deskReducer(s, { type: "held", callId: "call-1", on: true });
    expect([s.call?.muted, s.call?.phase]).toEqual([true, "held"]);
  });
});

describe("dialling out", () => {
  const dialling = deskReducer(initialDesk(ME), { type: "dialling", number: "+8613900139000" });
  const out = (status: string, callId = "out-1", legId = "leg-9") => event("AGENT_CALL", { agent: ME, callId, legId, status });

  it("places the call, learns its ids and ends into a wrap-up", () => {
    expect(dialling.call).toMatchObject({ callId: "", legId: "", direction: "outbound", party: "+8613900139000", phase: "dialling", offer: null });
    let s = deskReducer(dialling, { type: "dialled", callId: "out-1" });
    s = deskReducer(s, { type: "answered", callId: "out-1", now: NOW });
    expect([s.call?.phase, s.call?.legId]).toEqual(["connected", ""]);
    s = run(s, out("connected"));
    expect(s.call?.legId).toBe("leg-9");
    s = run(s, out("ended"));
    expect(s.wrapUps).toEqual([{ legId: "leg-9", callId: "out-1", caller: "+8613900139000", outcome: "ended", endedAt: NOW + 1000 }]);
  });

  it("takes the ids from an event that beats dialOut's answer", () => {
    let s = run(dialling, out("connected"));
    expect([s.call?.callId, s.call?.legId, s.call?.phase]).toEqual(["out-1", "leg-9", "connected"]);
    s = deskReducer(s, { type: "dialled", callId: "out-1" });
    s = deskReducer(s, { type: "answered", callId: "out-1", now: NOW + 5000 });
    expect([s.call?.legId, s.call?.connectedAt]).toEqual(["leg-9", NOW + 1000]);
  });

  it("fills in the wrap-up's leg when the hang-up beat every event", () => {
    let s = deskReducer(dialling, { type: "dialled", callId: "out-1" });
    s = deskReducer(s, { type: "answered", callId: "out-1", now: NOW });
    s = deskReducer(s, { type: "left", callId: "out-1", outcome: "ended", now: NOW });
    expect(s.wrapUps.map((w) => w.legId)).toEqual([""]);
    s = run(s, out("connected"), out("ended"));
    expect([s.call, s.wrapUps.map((w) => w.legId)]).toEqual([null, ["leg-9"]]);
  });

  it("does not mistake a late event of an earlier call for the one being dialled", () => {
    const ended = run(talking(), call("ended"));
    let s = deskReducer(ended, { type: "dialling", number: "+8613900139000" });
    s = run(s, call("ended"), call("missed", "leg-0"));
    expect([s.call?.callId, s.call?.legId]).toEqual(["", ""]);
    expect(deskReducer(s, { type: "answerFailed", callId: "", offerStillRinging: false }).call).toBeNull();
  });

  it("dials only when no call rings or runs", () => {
    expect(deskReducer(ringing, { type: "dialling", number: "+8613900139000" }).call).toBeNull();
    expect(deskReducer(talking(), { type: "dialling", number: "+8613900139000" }).call?.direction).toBe("inbound");
  });
});

describe("consultation and conference", () => {
  const consulting = deskReducer(talking(), { type: "consulting", callId: "call-1", agentId: "agent-2" });
  const b = (on: Partial<AgentStateView>) => agent("agent-2", "b@x", "AVAILABLE", on);
  const team = (s: DeskState, on: Partial<AgentStateView>) => deskReducer(s, { type: "team", states: [b(on)] });

  it("follows the colleague through the team list: ringing, talking, gone", () => {
    // A list loaded before the offer says nothing.
    let s = team(consulting, {});
    expect(s.call?.consult).toEqual({ agentId: "agent-2", stage: "ringing", seen: false });
    s = team(s, { offerCallId: "call-1" });
    s = team(s, { callId: "call-1" });
    expect(s.call?.consult?.stage).toBe("talking");
    // They hung up: Qiao gives the caller back.
    s = team(s, {});
    expect([s.call?.consult, s.call?.phase]).toEqual([null, "connected"]);
  });

  it("tells when the colleague did not answer", () => {
    const s = team(team(consulting, { offerCallId: "call-1" }), {});
    expect(s.call?.consult?.stage).toBe("declined");
  });

  it("follows the colleague through the feed (supervisors see everyone's events)", () => {
    const theirs = (status: string) => call(status, "leg-2", "agent-2");
    const offered = run(consulting, event("AGENT_OFFER", { ...offerData, agent: "agent-2", legId: "leg-2", screenPop: { consultFrom: ME } }));
    expect([offered.offer, offered.call?.consult?.seen]).toEqual([null, true]);
    expect(run(offered, theirs("connected")).call?.consult?.stage).toBe("talking");
    expect(run(offered, theirs("rejected")).call?.consult?.stage).toBe("declined");
    expect(run(offered, theirs("connected"), theirs("ended")).call?.consult).toBeNull();
  });

  it("starts a conference for both, or gives the call up with a wrap-up", () => {
    const conf = run(consulting, call("conference"));
    expect([conf.call?.conference, conf.call?.consult, conf.call?.phase]).toEqual([true, null, "connected"]);
    const done = deskReducer(consulting, { type: "left", callId: "call-1", outcome: "transferred", now: NOW });
    expect([done.call, done.wrapUps.map((w) => w.outcome)]).toEqual([null, ["transferred"]]);
    expect(deskReducer(consulting, { type: "consultOver", callId: "call-1" }).call?.consult).toBeNull();
  });

  it("shows what the call allows now", () => {
    const me = agent(ME, "me@x", "AVAILABLE", { callId: "call-1" });
    const first = consulting.call;
    if (!first) throw new Error("no call");
    expect(callView(first, [], ME)).toMatchObject({ badge: "consulting", canHold: false, canTransfer: false, canHangUp: true });
    const conf = { ...first, consult: null, conference: true };
    expect(callView(conf, [me, b({ callId: "call-1" })], ME)).toMatchObject({ badge: "conference", canHold: true, canTransfer: false });
    // The colleague left the conference: a call like any other.
    expect(callView(conf, [me, b({})], ME)).toMatchObject({ badge: "connected", canTransfer: true, peers: [] });

    // The consulted colleague's side: nothing but talk and hang up while agent-1 is on the call.
    const theirs = { ...first, consult: null, offer: { ...offerData, receivedAt: NOW, screenPop: { ...first.offer?.screenPop, consultFrom: ME } } };
    const asColleague = (peers: AgentStateView[]) => callView(theirs as typeof first, peers, "agent-2");
    expect(asColleague([me])).toMatchObject({ badge: "consulting", consultingUs: ME, canHold: false, canTransfer: false });
    expect(asColleague([])).toMatchObject({ badge: "connected", consultingUs: null, canHold: true, canTransfer: true });
  });
});

describe("desk phone", () => {
  it("takes the call the desk phone picked up", () => {
    const s = run(ringing, call("connected"));
    expect(s.offer).toBeNull();
    expect(s.call).toMatchObject({ legId: "leg-1", phase: "connected", deskPhone: true, connectedAt: NOW + 1000 });
    const view = s.call ? callView(s.call, [], ME) : null;
    expect([view?.canMute, view?.canHold]).toEqual([false, true]);
    expect(run(s, call("ended")).wrapUps.map((w) => w.legId)).toEqual(["leg-1"]);
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

  it("reads numbers to dial as Qiao does", () => {
    expect(parseDialNumber(" +86 139-0013-9000 ")).toBe("+8613900139000");
    expect(parseDialNumber("+86 (10) 8555.0100")).toBe("+861085550100");
    expect(parseDialNumber("13900139000")).toBeNull();
    expect(parseDialNumber("+0861085550100")).toBeNull();
    expect(parseDialNumber("+1234567")).toBeNull();
    expect(parseDialNumber("+86139001390001234")).toBeNull();
    expect(parseDialNumber("+86abc")).toBeNull();
  });

  it("names agents by email", () => {
    expect(agentLabel([agent("a", "a@x", "AVAILABLE")], "a")).toBe("a@x");
    expect(agentLabel([], "a")).toBe("a");
  });

  it("lists other agents, available first", () => {
    const list = transferAgents(
      [agent(ME, "me@x", "AVAILABLE"), agent("b", "b@x", "LOGGED_OUT"), agent("c", "c@x", "NOT_READY"), agent("d", "d@x", "AVAILABLE")],
      ME,
    );
    expect(list.map((a) => a.agentId)).toEqual(["d", "c", "b"]);
  });

  it("reads transfer targets", () => {
    expect(parseTransferTarget("agent:a1")).toEqual({ agentId: "a1" });
    expect(parseTransferTarget("queue:q1")).toEqual({ queueId: "q1" });
    expect(parseOutsideNumber("+86 139-0013-9000")).toEqual({ number: "+8613900139000" });
    expect(parseOutsideNumber("13900139000")).toBeNull();
    expect(parseOutsideNumber("+86")).toBeNull();
    expect(parseTransferTarget("queue:")).toBeNull();
    expect(parseTransferTarget("a1")).toBeNull();
    expect(parseTransferTarget("team:x")).toBeNull();
  });
});
