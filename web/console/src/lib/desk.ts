// The agent desktop's logic without IO: the desk's state machine fed with `agentEvents`
// (offer → answering → connected/held → ended or transferred → wrap-up; a number dialled →
// connected → ended; a colleague consulted → complete, cancel or conference), and the small
// things the page shows (ring countdown, call timer, transfer targets, what a call allows now).
import type { AgentStateFieldsFragment } from "../gql/graphql";
import type { AgentEvent, CallChange, Offer } from "./agentEvents";

export type AgentStateView = AgentStateFieldsFragment;

/** `dialling`/`answering` until Qiao took the browser's offer. */
export type CallPhase = "dialling" | "answering" | "connected" | "held";

/** A colleague the agent consults while the caller waits on hold (attended transfer). */
export interface Consult {
  agentId: string;
  /** `declined`: they missed or rejected it; the caller still waits on hold. */
  stage: "ringing" | "talking" | "declined";
  /** The team list or the feed has shown them on this call: only then does their absence
   * mean that they left. */
  seen: boolean;
}

export interface ActiveCall {
  /** "" while a number is being dialled, until Qiao answers. */
  callId: string;
  /** "" for a dialled call until its first AGENT_CALL event names the leg. */
  legId: string;
  direction: "inbound" | "outbound";
  /** The other end: the caller, or the number dialled. */
  party: string;
  /** The offer answered, with its screen pop (inbound calls only). */
  offer: Offer | null;
  phase: CallPhase;
  /** When the conversation started here (ms since the epoch); null while setting up. */
  connectedAt: number | null;
  muted: boolean;
  /** Answered on the agent's desk phone: no audio in the browser. */
  deskPhone: boolean;
  /** All agents on the call hear the caller and each other (startConference). */
  conference: boolean;
  consult: Consult | null;
}

/** A call the agent talked on, waiting for its wrap-up code ("" legId: not known yet). */
export interface PendingWrapUp {
  legId: string;
  callId: string;
  caller: string;
  outcome: "ended" | "transferred";
  endedAt: number;
}

export interface DeskState {
  /** The acting agent's user id: events about others only refresh the team. */
  me: string;
  presence: AgentStateView | null;
  offer: Offer | null;
  call: ActiveCall | null;
  wrapUps: PendingWrapUp[];
  /** Counts AGENT_STATE events of anyone: the team list reloads when it changes. */
  teamVersion: number;
}

export type DeskAction =
  | { type: "event"; event: AgentEvent; now: number }
  | { type: "presence"; state: AgentStateView }
  /** The team list was loaded again (it tells how a consultation goes). */
  | { type: "team"; states: readonly AgentStateView[] }
  /** The agent pressed Answer: the offer becomes the call being set up. */
  | { type: "answering"; legId: string }
  /** The agent dials `number`: the call being set up. */
  | { type: "dialling"; number: string }
  /** Qiao placed the call dialled. */
  | { type: "dialled"; callId: string }
  /** Qiao took the browser's offer. */
  | { type: "answered"; callId: string; now: number }
  /** Setting the call up failed; `offerStillRinging` when Qiao never saw the answer. */
  | { type: "answerFailed"; callId: string; offerStillRinging: boolean }
  | { type: "muted"; on: boolean }
  | { type: "held"; callId: string; on: boolean }
  /** Our hang-up or transfer was accepted (the AGENT_CALL event may come before or after). */
  | { type: "left"; callId: string; outcome: PendingWrapUp["outcome"]; now: number }
  | { type: "consulting"; callId: string; agentId: string }
  /** The consultation was cancelled: the caller is back with the agent. */
  | { type: "consultOver"; callId: string }
  | { type: "conference"; callId: string }
  | { type: "wrappedUp"; legId: string };

export function initialDesk(me: string): DeskState {
  return { me, presence: null, offer: null, call: null, wrapUps: [], teamVersion: 0 };
}

function isSettingUp(phase: CallPhase): boolean {
  return phase === "dialling" || phase === "answering";
}

function newCall(fields: Pick<ActiveCall, "callId" | "legId" | "direction" | "party" | "offer" | "phase">): ActiveCall {
  return { ...fields, connectedAt: null, muted: false, deskPhone: false, conference: false, consult: null };
}

/** The call ends here: it waits for its wrap-up (once, whichever signal comes first). */
function endCall(state: DeskState, call: ActiveCall, outcome: PendingWrapUp["outcome"], now: number): DeskState {
  const known = state.wrapUps.some((w) => w.callId === call.callId && (w.legId === call.legId || w.legId === ""));
  const wrapUp = { legId: call.legId, callId: call.callId, caller: call.party, outcome, endedAt: now };
  return {
    ...state,
    call: null,
    wrapUps: !isSettingUp(call.phase) && !known ? [...state.wrapUps, wrapUp] : state.wrapUps,
  };
}

/** A dialled call learns its ids from its first events (which may beat dialOut's answer). */
function adoptIds(state: DeskState, change: CallChange): DeskState {
  if (["missed", "rejected", "withdrawn"].includes(change.status)) return state;
  let next = state;
  const call = state.call;
  const earlier = state.wrapUps.some((w) => w.callId === change.callId);
  if (call?.direction === "outbound" && call.legId === "" && !earlier && (call.callId === "" || call.callId === change.callId)) {
    next = { ...next, call: { ...call, callId: change.callId, legId: change.legId } };
  }
  if (next.wrapUps.some((w) => w.legId === "" && w.callId === change.callId)) {
    next = {
      ...next,
      wrapUps: next.wrapUps.map((w) => (w.legId === "" && w.callId === change.callId ? { ...w, legId: change.legId } : w)),
    };
  }
  return next;
}

function onCallChange(prev: DeskState, change: CallChange, now: number): DeskState {
  const state = adoptIds(prev, change);
  const { legId, status } = change;
  const call = state.call?.legId === legId ? state.call : null;
  switch (status) {
    case "missed":
    case "rejected":
    case "withdrawn": {
      const offer = state.offer?.legId === legId ? null : state.offer;
      // An offer withdrawn while the browser was still setting up the call.
      return { ...state, offer, call: call && isSettingUp(call.phase) ? null : state.call };
    }
    case "connected":
    case "held": {
      // The desk phone picked the offer up.
      if (!call && state.offer?.legId === legId && !state.call) {
        const offer = state.offer;
        const answered = newCall({ callId: offer.callId, legId, direction: "inbound", party: offer.caller, offer, phase: status });
        return { ...state, offer: null, call: { ...answered, deskPhone: true, connectedAt: now } };
      }
      if (!call) return state;
      return { ...state, call: { ...call, phase: status, connectedAt: call.connectedAt ?? now } };
    }
    case "conference":
      if (!call) return state;
      return { ...state, call: { ...call, phase: "connected", conference: true, consult: null, connectedAt: call.connectedAt ?? now } };
    case "ended":
    case "transferred":
      return call ? endCall(state, call, status, now) : state;
  }
}

/** How the consulted colleague's own events (supervisors see everyone's) move the consultation. */
function onColleagueEvent(state: DeskState, event: AgentEvent): DeskState {
  const call = state.call;
  const consult = call?.consult;
  if (!call || !consult || event.kind === "state") return state;
  const agent = event.kind === "offer" ? event.offer.agent : event.change.agent;
  const callId = event.kind === "offer" ? event.offer.callId : event.change.callId;
  if (agent !== consult.agentId || callId !== call.callId) return state;
  let next: Consult | null = consult;
  if (event.kind === "offer") next = { ...consult, stage: "ringing", seen: true };
  else if (event.change.status === "connected") next = { ...consult, stage: "talking", seen: true };
  else if (["missed", "rejected", "withdrawn"].includes(event.change.status)) next = { ...consult, stage: "declined", seen: true };
  // They hung up after talking: Qiao gives the caller back to us.
  else if (event.change.status === "ended") next = null;
  return { ...state, call: { ...call, consult: next, phase: next ? call.phase : "connected" } };
}

/** How a fresh team list moves the consultation (agents only get their own events). */
function onTeam(state: DeskState, states: readonly AgentStateView[]): DeskState {
  const call = state.call;
  const consult = call?.consult;
  if (!call || !consult) return state;
  const colleague = states.find((s) => s.agentId === consult.agentId);
  let next: Consult | null = consult;
  if (colleague?.callId === call.callId) next = { ...consult, stage: "talking", seen: true };
  else if (colleague?.offerCallId === call.callId) next = { ...consult, stage: "ringing", seen: true };
  else if (consult.seen && consult.stage === "ringing") next = { ...consult, stage: "declined" };
  else if (consult.seen && consult.stage === "talking") next = null;
  if (next === consult) return state;
  return { ...state, call: { ...call, consult: next, phase: next ? call.phase : "connected" } };
}

/** The active call when it is `callId` ("" matches a number still being dialled). */
function callNamed(state: DeskState, callId: string): ActiveCall | null {
  return state.call?.callId === callId ? state.call : null;
}

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case "event": {
      const { event, now } = action;
      if (event.kind === "state") {
        const next = { ...state, teamVersion: state.teamVersion + 1 };
        const c = event.change;
        if (c.agent !== state.me) return next;
        const base: AgentStateView = state.presence ?? {
          agentId: c.agent,
          email: null,
          state: c.state,
          reason: c.reason,
          since: c.since,
          offerCallId: null,
          callId: null,
          afterCallWorkUntil: null,
          deskPhone: false,
        };
        return {
          ...next,
          presence: {
            ...base,
            state: c.state,
            reason: c.reason,
            since: c.since || base.since,
            callId: c.callId,
            afterCallWorkUntil: c.state === "AFTER_CALL_WORK" ? base.afterCallWorkUntil : null,
          },
        };
      }
      if (event.kind === "offer") {
        if (event.offer.agent !== state.me) return onColleagueEvent(state, event);
        if (state.call?.callId === event.offer.callId) return state;
        return { ...state, offer: event.offer };
      }
      if (event.change.agent !== state.me) return onColleagueEvent(state, event);
      return onCallChange(state, event.change, now);
    }
    case "presence":
      return { ...state, presence: action.state };
    case "team":
      return onTeam(state, action.states);
    case "answering": {
      const offer = state.offer;
      if (offer?.legId !== action.legId || state.call) return state;
      const call = newCall({ callId: offer.callId, legId: offer.legId, direction: "inbound", party: offer.caller, offer, phase: "answering" });
      return { ...state, offer: null, call };
    }
    case "dialling":
      if (state.call || state.offer) return state;
      return { ...state, call: newCall({ callId: "", legId: "", direction: "outbound", party: action.number, offer: null, phase: "dialling" }) };
    case "dialled": {
      const call = state.call;
      if (call?.direction !== "outbound" || call.callId === action.callId) return state;
      // An event of another call was taken for this one: start over from Qiao's answer.
      return { ...state, call: { ...call, callId: action.callId, legId: "" } };
    }
    case "answered": {
      const call = callNamed(state, action.callId);
      if (!call || !isSettingUp(call.phase)) return state;
      return { ...state, call: { ...call, phase: "connected", connectedAt: call.connectedAt ?? action.now } };
    }
    case "answerFailed": {
      const call = callNamed(state, action.callId);
      if (!call) return state;
      return { ...state, call: null, offer: action.offerStillRinging && call.offer ? call.offer : state.offer };
    }
    case "muted":
      return state.call ? { ...state, call: { ...state.call, muted: action.on } } : state;
    case "held": {
      const call = callNamed(state, action.callId);
      if (!call || isSettingUp(call.phase)) return state;
      return { ...state, call: { ...call, phase: action.on ? "held" : "connected" } };
    }
    case "left": {
      const call = callNamed(state, action.callId);
      return call ? endCall(state, call, action.outcome, action.now) : state;
    }
    case "consulting": {
      const call = callNamed(state, action.callId);
      if (!call) return state;
      return { ...state, call: { ...call, consult: { agentId: action.agentId, stage: "ringing", seen: false } } };
    }
    case "consultOver": {
      const call = callNamed(state, action.callId);
      return call ? { ...state, call: { ...call, consult: null, phase: "connected" } } : state;
    }
    case "conference": {
      const call = callNamed(state, action.callId);
      return call ? { ...state, call: { ...call, consult: null, conference: true, phase: "connected" } } : state;
    }
    case "wrappedUp":
      return { ...state, wrapUps: state.wrapUps.filter((w) => w.legId !== action.legId) };
  }
}

// ---------- what the page shows ----------

/** Break reasons offered with "Not ready" (the server stores any text; "break" when empty). */
export const NOT_READY_REASONS = ["break", "lunch", "training", "meeting"] as const;

/** Wrap-up codes suggested in the form (the demo queue's; any code is accepted). */
export const WRAP_UP_SUGGESTIONS = ["resolved", "follow_up"] as const;

/** Whether the caller ID is a number one can save on a contact (not "anonymous" or empty). */
export function isDialableNumber(caller: string): boolean {
  return /^\+?\d{3,20}$/.test(caller.trim());
}

/** A number typed on the dial pad in E.164 (`+8613900139000`), as Qiao reads it: spaces, dashes,
 * dots and brackets dropped, then `+` and 8 to 15 digits, the first not 0; null otherwise. */
export function parseDialNumber(text: string): string | null {
  const cleaned = text.trim().replace(/[\s\-.()]/g, "");
  return /^\+[1-9]\d{7,14}$/.test(cleaned) ? cleaned : null;
}

/** Whole seconds left of an offer's ring time, never below 0. */
export function ringSecondsLeft(offer: Pick<Offer, "ringSecs" | "receivedAt">, now: number): number {
  return Math.max(0, Math.ceil(offer.ringSecs - (now - offer.receivedAt) / 1000));
}

/** `m:ss`, or `h:mm:ss` from one hour, for a call timer (negative counts as 0). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${String(h)}:${String(m).padStart(2, "0")}:${s}` : `${String(m)}:${s}`;
}

/** Who a call can be transferred to: the other agents, those available first, then by email. */
export function transferAgents(states: readonly AgentStateView[], me: string): AgentStateView[] {
  const rank = (s: AgentStateView) => (s.state === "AVAILABLE" ? 0 : s.state === "LOGGED_OUT" ? 2 : 1);
  return states
    .filter((s) => s.agentId !== me)
    .sort((a, b) => rank(a) - rank(b) || (a.email ?? a.agentId).localeCompare(b.email ?? b.agentId));
}

/** A transfer target in one select: `agent:<id>` or `queue:<id>`. */
export type TransferTarget = { agentId: string } | { queueId: string } | { number: string };

/** An outside number to transfer to, in E.164 (+ and 7 to 15 digits; spaces and dashes allowed). */
export function parseOutsideNumber(value: string): TransferTarget | null {
  const number = value.replace(/[\s-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(number) ? { number } : null;
}

export function parseTransferTarget(value: string): TransferTarget | null {
  const match = /^(agent|queue):(.+)$/.exec(value);
  const id = match?.[2];
  if (!id) return null;
  return match[1] === "agent" ? { agentId: id } : { queueId: id };
}

/** An agent's email from the team list, else their id. */
export function agentLabel(states: readonly AgentStateView[], agentId: string): string {
  return states.find((s) => s.agentId === agentId)?.email ?? agentId;
}

export type CallBadge = CallPhase | "consulting" | "conference";

/** What the call panel shows and allows now. Qiao refuses hold and blind transfer during a
 * consultation, and a blind transfer or another consultation while colleagues share the call. */
export interface CallView {
  badge: CallBadge;
  /** Colleagues on the call besides the agent, as the team list last said. */
  peers: AgentStateView[];
  /** The colleague who consults us, while they are still on the call. */
  consultingUs: string | null;
  canMute: boolean;
  canHold: boolean;
  canHangUp: boolean;
  /** Blind transfer or a new consultation. */
  canTransfer: boolean;
}

export function callView(call: ActiveCall, team: readonly AgentStateView[], me: string): CallView {
  const live = !isSettingUp(call.phase);
  const peers = call.callId === "" ? [] : team.filter((s) => s.agentId !== me && s.callId === call.callId);
  const from = call.offer?.screenPop.consultFrom ?? null;
  const consultingUs = from !== null && !call.conference && peers.some((p) => p.agentId === from) ? from : null;
  const consulting = call.consult !== null || consultingUs !== null;
  const shared = call.conference && peers.length > 0;
  const badge: CallBadge = !live ? call.phase : consulting ? "consulting" : call.phase === "held" ? "held" : shared ? "conference" : "connected";
  return {
    badge,
    peers,
    consultingUs,
    canMute: live && !call.deskPhone,
    canHold: live && !consulting,
    canHangUp: live,
    canTransfer: live && !consulting && !shared,
  };
}
