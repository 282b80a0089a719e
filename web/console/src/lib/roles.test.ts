import { describe, expect, it } from "vitest";
import { canManageConfig, canSupervise, canViewConfig } from "./roles";

describe("configuration permissions", () => {
  it.each([
    ["AGENT", false, false],
    ["SUPERVISOR", true, false],
    ["ADMIN", true, true],
    ["OWNER", true, true],
  ] as const)("%s: view %s, manage %s", (role, view, manage) => {
    expect(canViewConfig(role)).toBe(view);
    expect(canManageConfig(role)).toBe(manage);
  });
});

describe("supervision", () => {
  it.each([
    ["AGENT", false],
    ["SUPERVISOR", true],
    ["ADMIN", true],
    ["OWNER", true],
  ] as const)("%s: supervise %s", (role, supervise) => {
    expect(canSupervise(role)).toBe(supervise);
  });
});
