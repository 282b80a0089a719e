// What `agentEvents` carries, read without trusting it: a call offered to an agent with its
// screen pop (AGENT_OFFER; a colleague's consultation carries only `consultFrom`), what became
// of an offer or a call (AGENT_CALL) and an agent's presence (AGENT_STATE). The server writes
// presence in snake case; the console uses the enum.
import type { AgentPresence, TenantEventKind } from "../gql/graphql";

export interface PopContact {
  id: string;
  name: string;
  vipLevel: number;
  tags: string[];
  language: string | null;
  notes: string;
}

export interface PopCard {
  number: string;
  tier: string;
  balanceMinor: number;
  points: number;
}

export interface PopCase {
  id: string;
  subject: string;
  status: string;
  priority: string;
  dueAt: string | null;
}

export interface PopCall {
  id: string;
  startedAt: string;
  disposition: string;
  ivrPath: string[];
}

export interface ScreenPop {
  caller: string;
  /** The colleague (agent id) asking to consult on their call (attended transfer). */
  consultFrom: string | null;
  contact: PopContact | null;
  cards: PopCard[];
  openCases: PopCase[];
  recentCalls: PopCall[];
}

/** A call ringing at an agent (AGENT_OFFER). */
export interface Offer {
  agent: string;
  callId: string;
  legId: string;
  caller: string;
  dialled: string;
  queueId: string | null;
  ringSecs: number;
  ivrPath: string[];
  digits: string;
  screenPop: ScreenPop;
  /** When the console received it (ms since the epoch): the ring countdown starts here. */
  receivedAt: number;
}

export const CALL_STATUSES = ["missed", "rejected", "withdrawn", "connected", "held", "conference", "ended", "transferred"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** What became of an offer or a call (AGENT_CALL). */
export interface CallChange {
  agent: string;
  callId: string;
  legId: string;
  status: CallStatus;
}

/** An agent's presence as the server announces it (AGENT_STATE). */
export interface StateChange {
  agent: string;
  state: AgentPresence;
  reason: string;
  since: string;
  callId: string | null;
}

export type AgentEvent =
  | { kind: "offer"; offer: Offer }
  | { kind: "call"; change: CallChange }
  | { kind: "state"; change: StateChange };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function optStr(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The server's presence names (`not_ready`) → the GraphQL enum; null when unknown. */
export function presenceFromServer(value: unknown): AgentPresence | null {
  switch (value) {
    case "available":
      return "AVAILABLE";
    case "not_ready":
      return "NOT_READY";
    case "after_call_work":
      return "AFTER_CALL_WORK";
    case "logged_out":
      return "LOGGED_OUT";
    default:
      return null;
  }
}

export function parseScreenPop(value: unknown, caller: string): ScreenPop {
  const pop = isRecord(value) ? value : {};
  const contact = isRecord(pop.contact) ? pop.contact : null;
  return {
    caller: str(pop.caller, caller),
    consultFrom: optStr(pop.consultFrom),
    contact:
      contact && typeof contact.id === "string"
        ? {
            id: contact.id,
            name: str(contact.name),
            vipLevel: num(contact.vipLevel),
            tags: strings(contact.tags),
            language: optStr(contact.language),
            notes: str(contact.notes),
          }
        : null,
    cards: records(pop.cards).map((c) => ({
      number: str(c.number),
      tier: str(c.tier),
      balanceMinor: num(c.balanceMinor),
      points: num(c.points),
    })),
    openCases: records(pop.openCases)
      .filter((c) => typeof c.id === "string")
      .map((c) => ({
        id: str(c.id),
        subject: str(c.subject),
        status: str(c.status),
        priority: str(c.priority),
        dueAt: optStr(c.dueAt),
      })),
    recentCalls: records(pop.recentCalls)
      .filter((c) => typeof c.id === "string")
      .map((c) => ({
        id: str(c.id),
        startedAt: str(c.startedAt),
        disposition: str(c.disposition),
        ivrPath: strings(c.ivrPath),
      })),
  };
}

/** Reads one `agentEvents` event; null when it is not one the desk understands. */
export function parseAgentEvent(kind: TenantEventKind, data: unknown, now: number): AgentEvent | null {
  if (!isRecord(data) || typeof data.agent !== "string") return null;
  const agent = data.agent;
  switch (kind) {
    case "AGENT_OFFER": {
      const callId = optStr(data.callId);
      const legId = optStr(data.legId);
      if (!callId || !legId) return null;
      const caller = str(data.caller);
      return {
        kind: "offer",
        offer: {
          agent,
          callId,
          legId,
          caller,
          dialled: str(data.dialled),
          queueId: optStr(data.queueId),
          ringSecs: num(data.ringSecs, 20),
          ivrPath: strings(data.ivrPath),
          digits: str(data.digits),
          screenPop: parseScreenPop(data.screenPop, caller),
          receivedAt: now,
        },
      };
    }
    case "AGENT_CALL": {
      const callId = optStr(data.callId);
      const legId = optStr(data.legId);
      const status = (CALL_STATUSES as readonly unknown[]).includes(data.status) ? (data.status as CallStatus) : null;
      if (!callId || !legId || !status) return null;
      return { kind: "call", change: { agent, callId, legId, status } };
    }
    case "AGENT_STATE": {
      const state = presenceFromServer(data.state);
      if (!state) return null;
      return {
        kind: "state",
        change: { agent, state, reason: str(data.reason), since: str(data.since), callId: optStr(data.callId) },
      };
    }
    default:
      return null;
  }
}
