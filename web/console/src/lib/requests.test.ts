import { describe, expect, it } from "vitest";
import { detailsFromDraft, detailsSummary, draftFromDetails, emptyDetailsDraft, REQUEST_KINDS } from "./requests";

describe("detailsFromDraft", () => {
  it("builds a ticket's details, leaving optional empty fields out", () => {
    const draft = { ...emptyDetailsDraft("train_ticket"), origin: " Beijing ", destination: "Shanghai", date: "2026-12-01", passengers: "2" };
    expect(detailsFromDraft("train_ticket", draft)).toEqual({
      details: { origin: "Beijing", destination: "Shanghai", date: "2026-12-01", passengers: 2 },
      problems: {},
    });
  });
  it("reports missing and unreadable fields", () => {
    const draft = { ...emptyDetailsDraft("hotel"), city: "Hangzhou", rooms: "two" };
    const { problems } = detailsFromDraft("hotel", draft);
    expect(problems).toMatchObject({ hotel: "required", checkIn: "required", rooms: "number" });
  });
  it("turns a refund's yuan into fen", () => {
    const draft = { originalReference: "G123", reason: "cancelled", amountMinor: "12.5" };
    expect(detailsFromDraft("refund", draft).details).toEqual({ originalReference: "G123", reason: "cancelled", amountMinor: 1250 });
    expect(detailsFromDraft("refund", { ...draft, amountMinor: "1.234" }).problems).toEqual({ amountMinor: "yuan" });
  });
  it("needs a new date for a change", () => {
    expect(detailsFromDraft("change", { originalReference: "G1", reason: "later" }).problems).toEqual({ newDate: "required" });
  });
});

describe("draftFromDetails", () => {
  it("round-trips every kind", () => {
    const refund = { originalReference: "G123", reason: "x", amountMinor: 1250 };
    expect(draftFromDetails("refund", refund)).toEqual({ originalReference: "G123", reason: "x", amountMinor: "12.50" });
    expect(detailsFromDraft("refund", draftFromDetails("refund", refund)).details).toEqual(refund);
    for (const kind of REQUEST_KINDS) expect(draftFromDetails(kind, null)).toEqual(emptyDetailsDraft(kind));
  });
});

describe("detailsSummary", () => {
  it("reads as one line", () => {
    expect(detailsSummary("train_ticket", { origin: "Beijing", destination: "Shanghai", date: "2026-12-01", passengers: 2 })).toBe(
      "Beijing → Shanghai · 2026-12-01 · 2",
    );
    expect(detailsSummary("refund", { originalReference: "G1", reason: "late", amountMinor: 500 })).toBe("G1 · ¥5.00 · late");
    expect(detailsSummary("tour", null)).toBe("");
  });
});
