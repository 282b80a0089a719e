// The agent desktop's logic without IO: the desk's state machine fed with `agentEvents`
// (offer → answering → connected/held → ended or transferred → wrap-up), and the small things
// the page shows (ring countdown, call timer, transfer targets).
import type { AgentStateFieldsFragment } from "../gql/graphql";
import type { AgentEvent, CallChange, Offer } from "./agentEvents";

export type AgentStateView = AgentStateFieldsFragment;

export type CallPhase = "answering" | "connected" | "held";

export interface ActiveCall {
  callId: string;
  legId: string;
  offer: Offer;
  phase: CallPhase;
  /** When the conversation started here (ms since the epoch); null while answering. */
  connectedAt: number | null;
  muted: boolean;
}

/** A call the agent talked on, waiting for its wrap-up code. */
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
  /** The agent pressed Answer: the offer becomes the call being set up. */
  | { type: "answering"; legId: string }
  /** Qiao took the browser's offer. */
  | { type: "answered"; legId: string; now: number }
  /** Setting the call up failed; `offerStillRinging` when Qiao never saw the answer. */
  | { type: "answerFailed"; legId: string; offerStillRinging: boolean }
  | { type: "muted"; on: boolean }
  | { type: "held"; legId: string; on: boolean }
  /** Our hang-up or transfer was accepted (the AGENT_CALL event may come before or after). */
  | { type: "left"; legId: string; outcome: PendingWrapUp["outcome"]; now: number }
  | { type: "wrappedUp"; legId: string };

export function initialDesk(me: string): DeskState {
  return { me, presence: null, offer: null, call: null, wrapUps: [], teamVersion: 0 };
}

/** The call ends here: it waits for its wrap-up (once, whichever signal comes first). */
function endCall(state: DeskState, legId: string, outcome: PendingWrapUp["outcome"], now: number): DeskState {
  const call = state.call?.legId === legId ? state.call : null;
  const answered = call !== null && call.phase !== "answering";
  const known = state.wrapUps.some((w) => w.legId === legId);
  return {
    ...state,
    call: call ? null : state.call,
    wrapUps:
      answered && !known
        ? [...state.wrapUps, { legId, callId: call.callId, caller: call.offer.caller, outcome, endedAt: now }]
        : state.wrapUps,
  };
}

function onCallChange(state: DeskState, change: CallChange, now: number): DeskState {
  const { legId, status } = change;
  switch (status) {
    case "missed":
    case "rejected":
    case "withdrawn": {
      const offer = state.offer?.legId === legId ? null : state.offer;
      // An offer withdrawn while the browser was still setting up the call.
      const call = state.call?.legId === legId && state.call.phase === "answering" ? null : state.call;
      return { ...state, offer, call };
    }
    case "connected":
    case "held": {
      if (state.call?.legId !== legId) return state;
      return {
        ...state,
        call: { ...state.call, phase: status, connectedAt: state.call.connectedAt ?? now },
      };
    }
    case "ended":
    case "transferred":
      return endCall(state, legId, status, now);
  }
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
        if (event.offer.agent !== state.me || state.call?.callId === event.offer.callId) return state;
        return { ...state, offer: event.offer };
      }
      if (event.change.agent !== state.me) return state;
      return onCallChange(state, event.change, now);
    }
    case "presence":
      return { ...state, presence: action.state };
    case "answering": {
      const offer = state.offer;
      if (offer?.legId !== action.legId || state.call) return state;
      return {
        ...state,
        offer: null,
        call: { callId: offer.callId, legId: offer.legId, offer, phase: "answering", connectedAt: null, muted: false },
      };
    }
    case "answered": {
      const call = state.call;
      if (call?.legId !== action.legId || call.phase !== "answering") return state;
      return { ...state, call: { ...call, phase: "connected", connectedAt: call.connectedAt ?? action.now } };
    }
    case "answerFailed": {
      const call = state.call;
      if (call?.legId !== action.legId) return state;
      return { ...state, call: null, offer: action.offerStillRinging ? call.offer : state.offer };
    }
    case "muted":
      return state.call ? { ...state, call: { ...state.call, muted: action.on } } : state;
    case "held": {
      const call = state.call;
      if (call?.legId !== action.legId || call.phase === "answering") return state;
      return { ...state, call: { ...call, phase: action.on ? "held" : "connected" } };
    }
    case "left":
      return endCall(state, action.legId, action.outcome, action.now);
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
export type TransferTarget = { agentId: string } | { queueId: string };

export function parseTransferTarget(value: string): TransferTarget | null {
  const match = /^(agent|queue):(.+)$/.exec(value);
  const id = match?.[2];
  if (!id) return null;
  return match[1] === "agent" ? { agentId: id } : { queueId: id };
}
