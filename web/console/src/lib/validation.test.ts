import { describe, expect, it } from "vitest";

import { looksLikeEmail } from "./validation";

describe("looksLikeEmail", () => {
  it("accepts what the server accepts", () => {
    for (const ok of ["ann@example.com", " Ann@Example.COM ", "agent1@demo", "owner@demo", "a.b+c@x.y.z"]) {
      expect(looksLikeEmail(ok), ok).toBe(true);
    }
  });

  it("refuses what the server refuses", () => {
    for (const bad of ["", "ann", "@x.com", "ann@", "a b@x.com", "ann@x..com", "ann@.x", "ann@x.", "a@b@c"]) {
      expect(looksLikeEmail(bad), bad).toBe(false);
    }
  });
});
