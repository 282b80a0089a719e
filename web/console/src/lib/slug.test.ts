import { describe, expect, it } from "vitest";
import { SLUG_MAX, slugProblem, suggestSlug } from "./slug";

describe("suggestSlug", () => {
  it.each([
    ["Acme Support", "acme-support"],
    ["  Acme   Support  GmbH ", "acme-support-gmbh"],
    ["Café Zürich", "cafe-zurich"],
    ["Straße 42", "strasse-42"],
    ["ACME!!! Inc.", "acme-inc"],
    ["上海客服", ""],
    ["上海 Qiao 客服 2", "qiao-2"],
    ["---", ""],
    ["", ""],
  ])("%j → %j", (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
  });

  it("stays within the maximum length and never ends with a hyphen", () => {
    const slug = suggestSlug(`${"a".repeat(SLUG_MAX - 1)} b c`);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug.endsWith("-")).toBe(false);
  });

  it("makes slugs the hints accept", () => {
    for (const name of ["Acme Support", "Café Zürich", "Q1 2025 Team"]) expect(slugProblem(suggestSlug(name))).toBeNull();
  });
});

describe("slugProblem", () => {
  it.each([
    ["", "required"],
    ["Acme", "chars"],
    ["acme support", "chars"],
    ["ab", "length"],
    ["a".repeat(SLUG_MAX + 1), "length"],
    ["-acme", "edges"],
    ["acme-", "edges"],
    ["acme-support-2", null],
  ])("%j → %s", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });
});
