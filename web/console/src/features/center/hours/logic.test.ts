import { describe, expect, it } from "vitest";
import { emptyDraft, formatRanges, inputOf, parseRanges, weeklyFromRanges, weeklyToRanges } from "./logic";

describe("weekly hours", () => {
  it("groups rows per day in opening order and flattens them back Monday first", () => {
    const rows = [
      { day: "TUE" as const, open: "14:00", close: "18:00" },
      { day: "MON" as const, open: "09:00", close: "18:00" },
      { day: "TUE" as const, open: "09:00", close: "12:00" },
    ];
    const days = weeklyToRanges(rows);
    expect(days.TUE).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "14:00", close: "18:00" },
    ]);
    expect(days.SUN).toEqual([]);
    expect(weeklyFromRanges(days)).toEqual([
      { day: "MON", open: "09:00", close: "18:00" },
      { day: "TUE", open: "09:00", close: "12:00" },
      { day: "TUE", open: "14:00", close: "18:00" },
    ]);
  });
});

describe("special-day ranges", () => {
  it("parses and formats ranges", () => {
    expect(parseRanges("09:00-12:00, 13:00 – 17:00")).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "13:00", close: "17:00" },
    ]);
    expect(parseRanges("  ")).toEqual([]);
    expect(parseRanges("10:00")).toEqual([{ open: "10:00", close: "" }]);
    expect(formatRanges(parseRanges("09:00-12:00,13:00-17:00"))).toBe("09:00-12:00, 13:00-17:00");
  });
});

describe("schedule drafts", () => {
  it("a new schedule is open Monday to Friday, nine to six, in Shanghai", () => {
    const input = inputOf({ ...emptyDraft(), name: " Weekdays " });
    expect(input.name).toBe("Weekdays");
    expect(input.timeZone).toBe("Asia/Shanghai");
    expect(input.weekly.map((r) => r.day)).toEqual(["MON", "TUE", "WED", "THU", "FRI"]);
    expect(input.weekly.every((r) => r.open === "09:00" && r.close === "18:00")).toBe(true);
  });

  it("special days keep their ranges typed as text", () => {
    const input = inputOf({ ...emptyDraft(), specialDays: [{ date: "2026-12-24", name: " Eve ", ranges: "09:00-12:00" }] });
    expect(input.specialDays).toEqual([{ date: "2026-12-24", name: "Eve", ranges: [{ open: "09:00", close: "12:00" }] }]);
  });
});
