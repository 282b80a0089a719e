// Business-hours helpers: the weekly schedule per weekday (the API has a flat list of
// {day, open, close}), special-day ranges typed as text ("09:00-12:00, 13:00-17:00"), and a
// schedule as the editor's draft and back as the input it saves.
import type { BusinessHoursFieldsFragment, BusinessHoursInput, Weekday } from "../../../gql/graphql";

export const WEEKDAYS: readonly Weekday[] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** Zones offered in the select (a schedule in another zone keeps its own). */
export const COMMON_TIME_ZONES: readonly string[] = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Asia/Kolkata",
  "Asia/Dubai",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "Australia/Sydney",
  "UTC",
];

export interface Range {
  open: string;
  close: string;
}

export type DayRanges = Record<Weekday, Range[]>;

/** Groups the API's weekly rows by weekday, each day's ranges in opening order. */
export function weeklyToRanges(rows: readonly ({ day: Weekday } & Range)[]): DayRanges {
  const out: DayRanges = { MON: [], TUE: [], WED: [], THU: [], FRI: [], SAT: [], SUN: [] };
  for (const row of rows) out[row.day].push({ open: row.open, close: row.close });
  for (const day of WEEKDAYS) out[day].sort((a, b) => a.open.localeCompare(b.open));
  return out;
}

/** The API's weekly rows, Monday first. */
export function weeklyFromRanges(days: DayRanges): ({ day: Weekday } & Range)[] {
  return WEEKDAYS.flatMap((day) => days[day].map((r) => ({ day, open: r.open, close: r.close })));
}

/** "09:00-12:00, 13:00-17:00" → ranges; empty text means closed all day. A piece without a
 * dash is kept as an opening time with no close, so that the server names the problem. */
export function parseRanges(text: string): Range[] {
  return text
    .split(/[,;，、]/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "")
    .map((piece) => {
      const [open = "", close = ""] = piece.split(/\s*[-–~至]\s*/);
      return { open: open.trim(), close: close.trim() };
    });
}

export function formatRanges(ranges: readonly Range[]): string {
  return ranges.map((r) => `${r.open}-${r.close}`).join(", ");
}

export type Schedule = BusinessHoursFieldsFragment;

export interface Dated {
  date: string;
  name: string;
}

export interface HoursDraft {
  name: string;
  timeZone: string;
  weekly: DayRanges;
  holidays: Dated[];
  workdays: Dated[];
  specialDays: { date: string; name: string; ranges: string }[];
  makeupWeekday: Weekday;
}

/** A new schedule: Monday to Friday 09:00–18:00 in the default zone. */
export function emptyDraft(): HoursDraft {
  const nineToSix = [{ open: "09:00", close: "18:00" }];
  return {
    name: "",
    timeZone: DEFAULT_TIME_ZONE,
    weekly: { MON: nineToSix, TUE: nineToSix, WED: nineToSix, THU: nineToSix, FRI: nineToSix, SAT: [], SUN: [] },
    holidays: [],
    workdays: [],
    specialDays: [],
    makeupWeekday: "MON",
  };
}

export function draftOf(s: Schedule): HoursDraft {
  return {
    name: s.name,
    timeZone: s.timeZone,
    weekly: weeklyToRanges(s.weekly),
    holidays: s.holidays.map((d) => ({ ...d })),
    workdays: s.workdays.map((d) => ({ ...d })),
    specialDays: s.specialDays.map((d) => ({ date: d.date, name: d.name, ranges: formatRanges(d.ranges) })),
    makeupWeekday: s.makeupWeekday,
  };
}

export function inputOf(d: HoursDraft): BusinessHoursInput {
  return {
    name: d.name.trim(),
    timeZone: d.timeZone,
    weekly: weeklyFromRanges(d.weekly),
    holidays: d.holidays,
    workdays: d.workdays,
    specialDays: d.specialDays.map((s) => ({ date: s.date, name: s.name.trim(), ranges: parseRanges(s.ranges) })),
    makeupWeekday: d.makeupWeekday,
  };
}
