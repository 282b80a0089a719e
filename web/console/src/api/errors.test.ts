import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";

describe("ApiError.fromGraphQL", () => {
  it("keeps a flow's issues from extensions.issues", () => {
    const error = ApiError.fromGraphQL([
      {
        message: "the flow has problems",
        extensions: {
          code: "BAD_USER_INPUT",
          issues: [
            { nodeId: "menu-1", code: "MISSING_PROMPT", message: "choose a prompt" },
            { nodeId: null, code: "NO_START", message: "choose the node calls start at" },
            "junk",
          ],
        },
      },
    ]);
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.details.issues).toEqual([
      { nodeId: "menu-1", code: "MISSING_PROMPT", message: "choose a prompt" },
      { nodeId: null, code: "NO_START", message: "choose the node calls start at" },
    ]);
    expect(error.details.rejectedRows).toBeUndefined();
  });

  it("keeps rejected CSV rows from extensions.rejectedRows", () => {
    const error = ApiError.fromGraphQL([
      {
        message: "2 rows refused",
        extensions: { code: "BAD_USER_INPUT", rejectedRows: [{ line: 3, reason: "bad date" }, { line: 4 }] },
      },
    ]);
    expect(error.details.rejectedRows).toEqual([
      { line: 3, reason: "bad date" },
      { line: 4, reason: "" },
    ]);
  });

  it("keeps the wait of a refusal from extensions.retryAfter", () => {
    const error = ApiError.fromGraphQL([{ message: "locked", extensions: { code: "RATE_LIMITED", retryAfter: 900 } }]);
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.details.retryAfter).toBe(900);
  });

  it("has no details otherwise", () => {
    const error = ApiError.fromGraphQL([{ message: "taken", extensions: { code: "CONFLICT" } }]);
    expect(error.details).toEqual({});
  });
});
