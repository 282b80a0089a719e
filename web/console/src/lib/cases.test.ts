import { describe, expect, it } from "vitest";
import { departmentTree, isOverdue, parseCategories, slaFromDraft, slaSummary } from "./cases";

describe("isOverdue", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");
  it("is true only for open cases past their due time", () => {
    expect(isOverdue({ status: "open", dueAt: "2026-01-01T11:59:00Z" }, now)).toBe(true);
    expect(isOverdue({ status: "open", dueAt: "2026-01-01T12:01:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "closed", dueAt: "2026-01-01T11:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "open", dueAt: null }, now)).toBe(false);
    expect(isOverdue({ status: "open", dueAt: "garbage" }, now)).toBe(false);
  });
});

describe("departmentTree", () => {
  it("puts children after their parent with a depth", () => {
    const tree = departmentTree([
      { id: "b", name: "Service", parentId: "a" },
      { id: "c", name: "Billing", parentId: "a" },
      { id: "a", name: "HQ", parentId: null },
      { id: "d", name: "Lost", parentId: "zzz" },
    ]);
    expect(tree.map((n) => [n.department.id, n.depth])).toEqual([
      ["a", 0],
      ["c", 1],
      ["b", 1],
      ["d", 0],
    ]);
  });
});

describe("categories and SLA", () => {
  it("splits categories", () => {
    expect(parseCategories("ticket, refund ,,ticket、hotel")).toEqual(["ticket", "refund", "hotel"]);
  });
  it("reads SLA minutes", () => {
    expect(slaFromDraft({ urgent: "60", high: "" })).toEqual({ urgent: 60 });
    expect(slaFromDraft({ urgent: "0" })).toBeNull();
    expect(slaFromDraft({ low: "1.5" })).toBeNull();
    expect(slaSummary({ urgent: 60, low: 2880, bogus: 1 })).toEqual([
      { priority: "low", minutes: 2880 },
      { priority: "urgent", minutes: 60 },
    ]);
  });
});
