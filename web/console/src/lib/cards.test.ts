import { describe, expect, it } from "vitest";
import {
  afterAttempt,
  fingerprintOf,
  formatYuan,
  keyFor,
  kindFields,
  ledgerKind,
  parseWhole,
  signedYuanToFen,
  transactionInput,
  transactionKindsFor,
  transactionProblems,
  emptyTransactionDraft,
  type TransactionDraft,
} from "./cards";

describe("money", () => {
  it("reads signed yuan as fen", () => {
    expect(signedYuanToFen("100.00")).toBe(10000);
    expect(signedYuanToFen("-30.5")).toBe(-3050);
    expect(signedYuanToFen("+0.01")).toBe(1);
    for (const bad of ["", "-", "1.234", "abc", "--1"]) expect(signedYuanToFen(bad), bad).toBeNull();
  });

  it("shows fen as yuan with two decimals", () => {
    expect(formatYuan(6950)).toBe("¥69.50");
    expect(formatYuan(-305)).toBe("-¥3.05");
    expect(formatYuan(0)).toBe("¥0.00");
  });

  it("reads whole points", () => {
    expect(parseWhole("12")).toBe(12);
    expect(parseWhole("-3")).toBe(-3);
    expect(parseWhole("1.5")).toBeNull();
    expect(parseWhole("")).toBeNull();
  });
});

describe("transaction form", () => {
  const draft = (d: Partial<TransactionDraft>): TransactionDraft => ({ ...emptyTransactionDraft(), ...d });

  it("offers ADJUST to supervisors only", () => {
    expect(transactionKindsFor(false)).not.toContain("ADJUST");
    expect(transactionKindsFor(true)).toContain("ADJUST");
  });

  it("knows which fields each kind takes", () => {
    expect(kindFields("SPEND")).toEqual({ money: true, points: false, signed: false });
    expect(kindFields("REDEEM")).toEqual({ money: false, points: true, signed: false });
    expect(kindFields("ADJUST")).toEqual({ money: true, points: true, signed: true });
    expect(ledgerKind("top_up")).toBe("TOP_UP");
    expect(ledgerKind("mystery")).toBeNull();
  });

  it("converts yuan to fen and ignores the other kind's field", () => {
    expect(transactionInput("card1", draft({ kind: "SPEND", amount: "30.50", points: "9", reason: " lunch " }))).toEqual({
      cardId: "card1",
      kind: "SPEND",
      amountMinor: 3050,
      points: 0,
      reason: "lunch",
    });
    expect(transactionInput("card1", draft({ kind: "ACCRUE", amount: "5", points: "20" }))).toMatchObject({
      amountMinor: 0,
      points: 20,
    });
    expect(transactionInput("card1", draft({ kind: "ADJUST", amount: "-1.5", points: "", reason: "fix" }))).toMatchObject({
      amountMinor: -150,
      points: 0,
    });
  });

  it("reports unreadable fields", () => {
    expect(transactionProblems(draft({ kind: "TOP_UP", amount: "" }))).toEqual(["amount"]);
    expect(transactionProblems(draft({ kind: "TOP_UP", amount: "-5" }))).toEqual(["amount"]);
    expect(transactionProblems(draft({ kind: "REDEEM", points: "x" }))).toEqual(["points"]);
    expect(transactionProblems(draft({ kind: "ADJUST", amount: "-2", points: "" }))).toEqual(["reason"]);
    expect(transactionProblems(draft({ kind: "ADJUST", amount: "-2", reason: "goodwill" }))).toEqual([]);
  });
});

describe("idempotency keys", () => {
  let n = 0;
  const gen = () => {
    n += 1;
    return `key-${String(n)}`;
  };
  const spend = fingerprintOf({ cardId: "c", kind: "SPEND", amountMinor: 100 });
  const other = fingerprintOf({ cardId: "c", kind: "SPEND", amountMinor: 200 });

  it("reuses the key for the same submission after a lost answer", () => {
    const first = keyFor(null, spend, gen);
    const kept = afterAttempt(first, "NETWORK");
    expect(kept).toBe(first);
    expect(keyFor(kept, spend, gen).key).toBe(first.key);
  });

  it("reuses the key for a double click while in flight", () => {
    const first = keyFor(null, spend, gen);
    expect(keyFor(first, spend, gen).key).toBe(first.key);
  });

  it("takes a new key once the server answered, or for a different submission", () => {
    const first = keyFor(null, spend, gen);
    expect(afterAttempt(first, "ok")).toBeNull();
    expect(afterAttempt(first, "BAD_USER_INPUT")).toBeNull();
    expect(keyFor(null, spend, gen).key).not.toBe(first.key);
    expect(keyFor(first, other, gen).key).not.toBe(first.key);
  });
});
