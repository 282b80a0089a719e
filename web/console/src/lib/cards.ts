// Member cards (mirrors tenants/src/cards/rules.rs): which transaction kinds move money and which
// points, the transaction form's draft → CardTransactionInput (yuan typed, fen sent), and the
// idempotency key kept across retries of one submission so that it is never applied twice.
import type { ErrorCode } from "../api/errors";
import type { CardTransactionInput, CardTransactionKind } from "../gql/graphql";
import { fenToYuan, yuanToFen } from "./knowledge";

export { fenToYuan, yuanToFen };

export const TRANSACTION_KINDS = ["TOP_UP", "SPEND", "REFUND", "ACCRUE", "REDEEM", "ADJUST"] as const satisfies readonly CardTransactionKind[];

/** Kinds every member may post; ADJUST needs a supervisor. */
export function transactionKindsFor(supervisor: boolean): CardTransactionKind[] {
  return TRANSACTION_KINDS.filter((k) => supervisor || k !== "ADJUST");
}

/** Whether the kind takes an amount (yuan) and/or points. */
export function kindFields(kind: CardTransactionKind): { money: boolean; points: boolean; signed: boolean } {
  switch (kind) {
    case "TOP_UP":
    case "SPEND":
    case "REFUND":
      return { money: true, points: false, signed: false };
    case "ACCRUE":
    case "REDEEM":
      return { money: false, points: true, signed: false };
    case "ADJUST":
      return { money: true, points: true, signed: true };
  }
}

/** Ledger kinds as the server stores them (`top_up`) → the enum (`TOP_UP`), if known. */
export function ledgerKind(kind: string): CardTransactionKind | null {
  const upper = kind.toUpperCase();
  return (TRANSACTION_KINDS as readonly string[]).includes(upper) ? (upper as CardTransactionKind) : null;
}

/** `-12.5`, `+3`, `0.01` → signed fen; null when unreadable. */
export function signedYuanToFen(text: string): number | null {
  const t = text.trim();
  const negative = t.startsWith("-");
  const fen = yuanToFen(t.replace(/^[+-]/, ""));
  if (fen === null) return null;
  return negative ? -fen : fen;
}

/** A signed whole number (`-5`, `+12`); null when unreadable. */
export function parseWhole(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d{1,9}$/.test(t)) return null;
  return Number(t);
}

/** "¥12.50", "-¥3.00". */
export function formatYuan(fen: number): string {
  const s = fenToYuan(fen);
  return s.startsWith("-") ? `-¥${s.slice(1)}` : `¥${s}`;
}

export interface TransactionDraft {
  kind: CardTransactionKind;
  /** Yuan as typed (signed for ADJUST). */
  amount: string;
  /** Points as typed (signed for ADJUST). */
  points: string;
  reason: string;
}

export function emptyTransactionDraft(kind: CardTransactionKind = "TOP_UP"): TransactionDraft {
  return { kind, amount: "", points: "", reason: "" };
}

/** The fields of the draft that cannot be read (they block the submit). */
export function transactionProblems(d: TransactionDraft): ("amount" | "points" | "reason")[] {
  const f = kindFields(d.kind);
  const problems: ("amount" | "points" | "reason")[] = [];
  if (f.money && !(f.signed && d.amount.trim() === "")) {
    const fen = f.signed ? signedYuanToFen(d.amount) : yuanToFen(d.amount);
    if (fen === null) problems.push("amount");
  }
  if (f.points && !(f.signed && d.points.trim() === "")) {
    const n = parseWhole(d.points);
    if (n === null || (!f.signed && n < 0)) problems.push("points");
  }
  if (d.kind === "ADJUST" && d.reason.trim() === "") problems.push("reason");
  return problems;
}

/** The input for a draft without problems (the idempotency key is added by the caller). */
export function transactionInput(cardId: string, d: TransactionDraft): Omit<CardTransactionInput, "idempotencyKey"> {
  const f = kindFields(d.kind);
  const amountMinor = f.money && d.amount.trim() !== "" ? ((f.signed ? signedYuanToFen(d.amount) : yuanToFen(d.amount)) ?? 0) : 0;
  const points = f.points && d.points.trim() !== "" ? (parseWhole(d.points) ?? 0) : 0;
  return { cardId, kind: d.kind, amountMinor, points, reason: d.reason.trim() };
}

/** The idempotency key of the submission in flight or last failed in transit. */
export interface PendingKey {
  /** What was submitted (the input without its key, as JSON). */
  fingerprint: string;
  key: string;
}

export function fingerprintOf(input: object): string {
  return JSON.stringify(input);
}

/** The key for submitting `fingerprint`: the pending one when this is the same submission
 * again (a retry or a double click), a new one otherwise. */
export function keyFor(pending: PendingKey | null, fingerprint: string, newKey: () => string): PendingKey {
  if (pending?.fingerprint === fingerprint) return pending;
  return { fingerprint, key: newKey() };
}

/** Errors after which the server may or may not have applied the transaction: keep the key. */
const UNCERTAIN: readonly ErrorCode[] = ["NETWORK", "UNKNOWN", "INTERNAL"];

/** What to remember after an attempt: nothing once the server answered (success or refusal,
 * the next submission is a new one), the same key when the answer was lost. */
export function afterAttempt(pending: PendingKey, outcome: "ok" | ErrorCode): PendingKey | null {
  return outcome !== "ok" && UNCERTAIN.includes(outcome) ? pending : null;
}

/** A fresh random key. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
