import { describe, expect, it } from "vitest";
import { formatRanges, parseRanges, weeklyFromRanges, weeklyToRanges } from "./hours";

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
