import { describe, expect, it } from "vitest";
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

interface Tree {
  [key: string]: string | Tree;
}

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("locales", () => {
  const english = flatten(en);
  const chinese = flatten(zhCN);

  it("have the same keys", () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("have no empty strings", () => {
    for (const [key, value] of [...english, ...chinese]) expect(value.trim(), key).not.toBe("");
  });

  it("use the same interpolation placeholders", () => {
    for (const [key, text] of english) expect(placeholders(chinese.get(key) ?? ""), key).toEqual(placeholders(text));
  });

  it("are actually translated (Chinese strings contain Chinese, except names)", () => {
    const untranslated = [...chinese].filter(([key, text]) => !/[\u4e00-\u9fff]/.test(text) && key !== "app.name");
    expect(untranslated).toEqual([]);
  });
});
