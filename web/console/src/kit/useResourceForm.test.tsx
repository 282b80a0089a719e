// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Document } from "../api/client";
import { ApiError } from "../api/errors";
import i18n from "../i18n";
import { useResourceForm } from "./useResourceForm";

const request = vi.hoisted(() => vi.fn());
vi.mock("../api/session", () => ({ api: { request } }));

interface Input {
  name: string;
}
const createDoc = { toString: () => "mutation Create" } as Document<{ created: string }, { input: Input }>;
const updateDoc = { toString: () => "mutation Update" } as Document<{ updated: string }, { id: string; input: Input }>;

beforeAll(async () => {
  await i18n.changeLanguage("en");
});
beforeEach(() => {
  request.mockReset();
});
afterEach(cleanup);

describe("useResourceForm", () => {
  it("creates when nothing is being edited", async () => {
    request.mockResolvedValue({ created: "n1" });
    const { result } = renderHook(() => useResourceForm({ create: createDoc, update: updateDoc, editing: null }));
    expect(result.current.updating).toBe(false);
    let answer: unknown;
    await act(async () => {
      answer = await result.current.submit({ name: "Billing" }, ["Billing"]);
    });
    expect(answer).toEqual({ created: "n1" });
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledWith(createDoc, { input: { name: "Billing" } }, { auth: undefined });
  });

  it("updates the row being edited, by its id", async () => {
    request.mockResolvedValue({ updated: "q7" });
    const { result } = renderHook(() => useResourceForm({ create: createDoc, update: updateDoc, editing: { id: "q7" } }));
    expect(result.current.updating).toBe(true);
    await act(async () => {
      await result.current.submit({ name: "Renamed" });
    });
    expect(request).toHaveBeenCalledWith(updateDoc, { id: "q7", input: { name: "Renamed" } }, { auth: undefined });
  });

  it("creates when there is no update, even with a row given", async () => {
    request.mockResolvedValue({ created: "e1" });
    const { result } = renderHook(() => useResourceForm({ create: createDoc, editing: { id: "x" } }));
    await act(async () => {
      await result.current.submit({ name: "Desk" });
    });
    expect(request).toHaveBeenCalledWith(createDoc, { input: { name: "Desk" } }, { auth: undefined });
  });

  it("says a required field is missing only after a submit, and then sends nothing", async () => {
    const { result } = renderHook(() => useResourceForm({ create: createDoc, editing: null }));
    expect(result.current.submitted).toBe(false);
    expect(result.current.requiredError("name", "")).toBeNull();
    let answer: unknown;
    await act(async () => {
      answer = await result.current.submit({ name: "" }, ["  ", "filled"]);
    });
    expect(answer).toBeNull();
    expect(request).not.toHaveBeenCalled();
    expect(result.current.submitted).toBe(true);
    expect(result.current.requiredError("name", " ")).toBe("This field is required.");
    expect(result.current.requiredError("name", "Billing")).toBeNull();
    expect(result.current.requiredError("file", null)).toBe("This field is required.");
    act(() => {
      result.current.reset();
    });
    expect(result.current.requiredError("name", "")).toBeNull();
  });

  it("puts the server's message on the field it blamed", async () => {
    request.mockRejectedValue(new ApiError("BAD_USER_INPUT", "not an E.164 number", "number"));
    const { result } = renderHook(() => useResourceForm({ create: createDoc, editing: null }));
    let answer: unknown;
    await act(async () => {
      answer = await result.current.submit({ name: "x" }, ["x"]);
    });
    expect(answer).toBeNull();
    expect(result.current.error?.code).toBe("BAD_USER_INPUT");
    expect(result.current.fieldError("number")).toBe("not an E.164 number");
    expect(result.current.fieldError("label")).toBeNull();
    // A filled required field shows the server's message for it.
    expect(result.current.requiredError("number", "+86")).toBe("not an E.164 number");
  });

  it("is loading while the request runs", async () => {
    let finish: (value: unknown) => void = () => undefined;
    request.mockReturnValue(
      new Promise((resolve) => {
        finish = resolve;
      }),
    );
    const { result } = renderHook(() => useResourceForm({ create: createDoc, editing: null }));
    let pending: Promise<unknown> = Promise.resolve();
    act(() => {
      pending = result.current.submit({ name: "x" });
    });
    await waitFor(() => {
      expect(result.current.loading).toBe(true);
    });
    await act(async () => {
      finish({ created: "n2" });
      await pending;
    });
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeUndefined();
  });
});
