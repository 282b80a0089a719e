import { describe, expect, it } from "vitest";

import { expectedWait, isCallDisposition, waitedFor } from "./calls";

describe("waitedFor", () => {
  const since = "2026-12-03T10:00:00Z";
  const at = (secs: number) => Date.parse(since) + secs * 1000;

  it("counts minutes and seconds", () => {
    expect(waitedFor(since, at(0))).toBe("0:00");
    expect(waitedFor(since, at(75))).toBe("1:15");
    expect(waitedFor(since, at(59 * 60 + 59))).toBe("59:59");
  });

  it("counts hours past the first", () => {
    expect(waitedFor(since, at(3600 + 62))).toBe("1:01:02");
  });

  it("never goes below zero when the clocks disagree", () => {
    expect(waitedFor(since, at(-5))).toBe("0:00");
  });
});

describe("expectedWait", () => {
  it("is unknown while nobody could take the call", () => {
    expect(expectedWait(null)).toEqual({ kind: "unknown" });
    expect(expectedWait(undefined)).toEqual({ kind: "unknown" });
  });

  it("is under a minute below 60 s, including nothing at all", () => {
    expect(expectedWait(0)).toEqual({ kind: "underMinute" });
    expect(expectedWait(59)).toEqual({ kind: "underMinute" });
  });

  it("rounds whole minutes up, as the caller hears it", () => {
    expect(expectedWait(60)).toEqual({ kind: "minutes", n: 1 });
    expect(expectedWait(61)).toEqual({ kind: "minutes", n: 2 });
    expect(expectedWait(360)).toEqual({ kind: "minutes", n: 6 });
  });
});

describe("isCallDisposition", () => {
  it("knows the server's words only", () => {
    expect(isCallDisposition("abandoned")).toBe(true);
    expect(isCallDisposition("lost")).toBe(false);
  });
});
