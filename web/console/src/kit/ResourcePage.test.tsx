// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Document } from "../api/client";
import { ApiError } from "../api/errors";
import type { QueryResult } from "../api/hooks";
import i18n from "../i18n";
import { ResourcePage, type FormSlot } from "./ResourcePage";
import { ResourceTable, type Column } from "./ResourceTable";

const request = vi.hoisted(() => vi.fn());
vi.mock("../api/session", () => ({ api: { request } }));

interface Row {
  id: string;
  number: string;
}
interface Data {
  phoneNumbers: Row[];
}
const removeDoc = { toString: () => "mutation Delete" } as Document<{ deleted: boolean }, { id: string }>;
const rows: Row[] = [
  { id: "n1", number: "+861085550100" },
  { id: "n2", number: "+861085550101" },
];
const columns: Column<Row>[] = [{ header: "Number", cell: (r) => <code>{r.number}</code> }];

function query(partial: Partial<QueryResult<Data>>): QueryResult<Data> {
  return { data: undefined, error: undefined, loading: false, refetch: vi.fn(), ...partial };
}

function Form({ editing, cancel }: FormSlot<Row>) {
  return (
    <form data-testid="number-form" data-editing={editing?.id ?? "new"}>
      <button type="button" onClick={cancel}>
        Stop
      </button>
    </form>
  );
}

function page(manage: boolean, q: QueryResult<Data>) {
  return (
    <ResourcePage
      id="numbers"
      item="number"
      text="numbers"
      manage={manage}
      query={q}
      rows={(d) => d.phoneNumbers}
      columns={columns}
      editable
      remove={removeDoc}
      form={(slot) => <Form {...slot} />}
    />
  );
}

beforeAll(async () => {
  await i18n.changeLanguage("en");
});
beforeEach(() => {
  request.mockReset();
});
afterEach(cleanup);

describe("ResourceTable", () => {
  it("says it is loading until the first answer", () => {
    render(<ResourceTable rows={undefined} columns={columns} empty="No numbers yet." testId="numbers-table" />);
    expect(screen.getByText("Loading…")).toBeTruthy();
    expect(screen.queryByTestId("numbers-table")).toBeNull();
  });

  it("says the list is empty", () => {
    render(<ResourceTable rows={[]} columns={columns} empty="No numbers yet." testId="numbers-table" />);
    expect(screen.getByText("No numbers yet.")).toBeTruthy();
    expect(screen.queryByText("Loading…")).toBeNull();
    expect(screen.queryByTestId("numbers-table")).toBeNull();
  });

  it("shows the error with a retry instead of loading", () => {
    const retry = vi.fn();
    render(
      <ResourceTable
        rows={undefined}
        columns={columns}
        error={new ApiError("FORBIDDEN", "not for agents")}
        onRetry={retry}
        empty="No numbers yet."
      />,
    );
    const alert = screen.getByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("FORBIDDEN");
    expect(alert.textContent).toContain("not for agents");
    expect(screen.queryByText("Loading…")).toBeNull();
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it("draws a row per item with its cells and attributes", () => {
    render(
      <ResourceTable
        rows={rows}
        columns={[...columns, { header: "Id", cell: (r) => r.id, className: "numeric", cellProps: (r) => ({ "data-ms": r.id }) }]}
        empty="No numbers yet."
        testId="numbers-table"
        rowProps={(r) => ({ "data-number-id": r.id })}
      />,
    );
    const table = screen.getByTestId("numbers-table");
    expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
    expect(table.querySelector('[data-number-id="n2"]')?.textContent).toContain("+861085550101");
    expect(table.querySelector('td.numeric[data-ms="n1"]')?.textContent).toBe("n1");
    expect(table.querySelector("th.numeric")?.textContent).toBe("Id");
  });
});

describe("ResourcePage", () => {
  it("derives its test ids from id and item", () => {
    render(page(true, query({ data: { phoneNumbers: rows } })));
    expect(screen.getByTestId("numbers-page")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Numbers" })).toBeTruthy();
    const table = screen.getByTestId("numbers-table");
    expect(table.querySelector('[data-number-id="n1"]')).not.toBeNull();
    expect(screen.getByRole("region", { name: "Your numbers" })).toBeTruthy();
  });

  it("shows the form and edit and delete per row to those who may change it", () => {
    render(page(true, query({ data: { phoneNumbers: rows } })));
    expect(screen.queryByTestId("read-only-notice")).toBeNull();
    expect(screen.getByTestId("number-form").getAttribute("data-editing")).toBe("new");
    expect(screen.getAllByRole("button", { name: "Edit" })).toHaveLength(2);
    expect(screen.getAllByRole("button", { name: "Delete" })).toHaveLength(2);
    expect(screen.getByRole("columnheader", { name: "Actions" })).toBeTruthy();
  });

  it("is read-only for the others: a notice, no form, no edit or delete", () => {
    render(page(false, query({ data: { phoneNumbers: rows } })));
    expect(screen.getByTestId("read-only-notice")).toBeTruthy();
    expect(screen.queryByTestId("number-form")).toBeNull();
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    expect(screen.queryByRole("columnheader", { name: "Actions" })).toBeNull();
    expect(screen.getByTestId("numbers-table").textContent).toContain("+861085550100");
  });

  it("shows loading, the error and the empty list", () => {
    const { rerender } = render(page(true, query({ loading: true })));
    expect(screen.getByText("Loading…")).toBeTruthy();
    rerender(page(true, query({ error: new ApiError("NETWORK", "") })));
    expect(screen.getByRole("alert").getAttribute("data-code")).toBe("NETWORK");
    rerender(page(true, query({ data: { phoneNumbers: [] } })));
    expect(screen.getByText("No numbers yet.")).toBeTruthy();
    expect(screen.queryByTestId("numbers-table")).toBeNull();
  });

  it("opens a row in the form, and closes it when that row is deleted", async () => {
    request.mockResolvedValue({ deleted: true });
    const q = query({ data: { phoneNumbers: rows } });
    render(page(true, q));
    const second = screen.getByTestId("numbers-table").querySelector<HTMLElement>('[data-number-id="n2"]');
    if (!second) throw new Error("no row n2");
    fireEvent.click(within(second).getByRole("button", { name: "Edit" }));
    expect(screen.getByTestId("number-form").getAttribute("data-editing")).toBe("n2");
    fireEvent.click(within(second).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(second).getByRole("button", { name: "Confirm delete" }));
    await waitFor(() => {
      expect(q.refetch).toHaveBeenCalledTimes(1);
    });
    expect(request).toHaveBeenCalledWith(removeDoc, { id: "n2" }, { auth: undefined });
    expect(screen.getByTestId("number-form").getAttribute("data-editing")).toBe("new");
  });
});
