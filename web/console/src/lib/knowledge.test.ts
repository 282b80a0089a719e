import { describe, expect, it } from "vitest";
import {
  CSV_HEADERS,
  dataFromDraft,
  dataSummary,
  draftFieldOf,
  draftFromEntry,
  emptyKnowledgeDraft,
  fenToYuan,
  inputFromDraft,
  KNOWLEDGE_TYPES,
  missingFields,
  todayIso,
  yuanToFen,
} from "./knowledge";

describe("prices", () => {
  it("reads yuan like the server's CSV import", () => {
    expect(yuanToFen("12.50")).toBe(1250);
    expect(yuanToFen("12.5")).toBe(1250);
    expect(yuanToFen("12")).toBe(1200);
    expect(yuanToFen(" 0.05 ")).toBe(5);
    expect(yuanToFen("12.")).toBe(1200);
    expect(yuanToFen("0")).toBe(0);
    for (const bad of ["", "12.505", "-1", "1,50", "abc", ".5", "1e3"]) expect(yuanToFen(bad), bad).toBeNull();
  });

  it("writes fen as yuan with two decimals", () => {
    expect(fenToYuan(1250)).toBe("12.50");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(100000)).toBe("1000.00");
    expect(fenToYuan(-150)).toBe("-1.50");
  });

  it("round-trips", () => {
    for (const fen of [0, 1, 99, 100, 1234, 987654]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe("drafts and data", () => {
  it("converts a fare both ways, price in fen", () => {
    const entry = {
      type: "FARE" as const,
      language: "zh",
      title: "北京—天津 二等座",
      body: "",
      data: { origin: "北京", destination: "天津", class: "二等座", priceMinor: 5450, currency: "CNY" },
    };
    const draft = draftFromEntry(entry);
    expect(draft.price).toBe("54.50");
    expect(draft.fareClass).toBe("二等座");
    expect(dataFromDraft(draft)).toEqual(entry.data);
    expect(dataFromDraft({ ...draft, price: "60", fareClass: " ", currency: "cny" })).toEqual({
      ...entry.data,
      priceMinor: 6000,
      class: null,
      currency: "CNY",
    });
  });

  it("sends an unreadable price as typed, for the server to refuse", () => {
    const draft = { ...emptyKnowledgeDraft("FARE"), origin: "A", destination: "B", price: "12,5" };
    expect(dataFromDraft(draft).priceMinor).toBe("12,5");
  });

  it("converts a timetable with its departures", () => {
    const data = {
      station: "北京南站",
      date: null,
      departures: [
        { time: "08:00", destination: "上海", routeCode: "G1" },
        { time: "09:30", destination: "天津", routeCode: null },
      ],
    };
    const draft = draftFromEntry({ type: "TIMETABLE", language: "zh", title: "T", body: "", data });
    expect(draft.date).toBe("");
    expect(draft.departures).toEqual([
      { time: "08:00", destination: "上海", routeCode: "G1" },
      { time: "09:30", destination: "天津", routeCode: "" },
    ]);
    expect(dataFromDraft(draft)).toEqual(data);
    expect(dataFromDraft({ ...draft, date: "2026-05-01" }).date).toBe("2026-05-01");
  });

  it("converts routes, vehicles, scenic spots and branches", () => {
    const cases = [
      {
        type: "ROUTE" as const,
        data: { code: "K1", origin: "A", destination: "B", stops: ["X", "Y"], durationMinutes: 45 },
      },
      { type: "ROUTE" as const, data: { code: "K2", origin: "A", destination: "B", stops: [], durationMinutes: null } },
      { type: "VEHICLE" as const, data: { code: "V1", kind: "bus", seats: 40 } },
      { type: "SCENIC_SPOT" as const, data: { address: "西湖", openingHours: "08:00-17:30", ticketPriceMinor: 8000 } },
      { type: "SCENIC_SPOT" as const, data: { address: null, openingHours: null, ticketPriceMinor: null } },
      { type: "BRANCH" as const, data: { address: "1 Main St", phone: "+861085550100" } },
    ];
    for (const c of cases) {
      const draft = draftFromEntry({ type: c.type, language: "en", title: "T", body: "", data: c.data });
      expect(dataFromDraft(draft), c.type).toEqual(c.data);
    }
  });

  it("gives FAQs and regulations no data and keeps the body", () => {
    const draft = { ...emptyKnowledgeDraft("FAQ", "en"), title: " Refunds? ", body: " Within 7 days. " };
    expect(inputFromDraft(draft)).toEqual({ type: "FAQ", language: "en", title: "Refunds?", body: "Within 7 days.", data: {} });
  });

  it("drops empty stops and sends unreadable whole numbers as typed", () => {
    const draft = { ...emptyKnowledgeDraft("ROUTE"), code: "K", origin: "A", destination: "B", stops: ["X", " ", ""], durationMinutes: "abc" };
    expect(dataFromDraft(draft)).toEqual({ code: "K", origin: "A", destination: "B", stops: ["X"], durationMinutes: "abc" });
  });

  it("lists the empty required fields per type", () => {
    expect(missingFields(emptyKnowledgeDraft("FAQ"))).toEqual(["title", "body"]);
    expect(missingFields(emptyKnowledgeDraft("FARE"))).toEqual(["title", "origin", "destination", "price"]);
    expect(missingFields({ ...emptyKnowledgeDraft("TIMETABLE"), title: "T", station: "S", departures: [] })).toEqual([
      "departures",
    ]);
    expect(missingFields({ ...emptyKnowledgeDraft("SCENIC_SPOT"), title: "T" })).toEqual([]);
  });

  it("maps the server's field names to draft fields", () => {
    expect(draftFieldOf("data.phone")).toBe("phone");
    expect(draftFieldOf("data.priceMinor")).toBe("price");
    expect(draftFieldOf("data.departures")).toBe("departures");
    expect(draftFieldOf("title")).toBe("title");
    expect(draftFieldOf("data")).toBeNull();
    expect(draftFieldOf(undefined)).toBeNull();
  });

  it("summarises data without words", () => {
    expect(dataSummary("FARE", { origin: "A", destination: "B", class: null, priceMinor: 1250, currency: "CNY" })).toBe(
      "A → B · 12.50 CNY",
    );
    expect(
      dataSummary("TIMETABLE", { station: "S", date: null, departures: [{ time: "08:00", destination: "X", routeCode: "G1" }] }),
    ).toBe("S · 08:00 X G1");
    expect(dataSummary("ROUTE", { code: "K1", origin: "A", destination: "B", stops: ["M"] })).toBe("K1 · A → M → B");
    expect(dataSummary("FAQ", {})).toBe("");
    expect(dataSummary("BRANCH", "garbage")).toBe("");
  });

  it("has a CSV header for every type", () => {
    for (const type of KNOWLEDGE_TYPES) expect(CSV_HEADERS[type].startsWith("language,")).toBe(true);
  });

  it("formats today's date", () => {
    expect(todayIso(new Date(2026, 0, 5))).toBe("2026-01-05");
  });
});
