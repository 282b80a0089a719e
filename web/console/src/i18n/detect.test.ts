import { describe, expect, it } from "vitest";
import { parseLanguage, pickLanguage } from "./detect";

describe("pickLanguage", () => {
  it.each([
    [["zh"], "zh-CN"],
    [["zh-CN"], "zh-CN"],
    [["zh-Hans"], "zh-CN"],
    [["zh-Hans-CN", "en-US"], "zh-CN"],
    [["zh_TW"], "zh-CN"],
    [["ZH-cn"], "zh-CN"],
    [["en-US"], "en"],
    [["en-GB", "zh-CN"], "en"],
    [["fr-FR", "zh-CN"], "zh-CN"],
    [["fr-FR", "de"], "en"],
    [[], "en"],
    [["zha"], "en"],
  ] as const)("%j → %s", (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });
});

describe("parseLanguage", () => {
  it("accepts our languages in any case and nothing else", () => {
    expect(parseLanguage("zh-CN")).toBe("zh-CN");
    expect(parseLanguage("zh-cn")).toBe("zh-CN");
    expect(parseLanguage("en")).toBe("en");
    expect(parseLanguage("fr")).toBeNull();
    expect(parseLanguage(null)).toBeNull();
    expect(parseLanguage(undefined)).toBeNull();
  });
});
