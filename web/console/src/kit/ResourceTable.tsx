// A list as a table, with the states around it: the error (with a retry), "Loading…" until the
// first answer, the empty text, then one row per item with the cells its columns draw; and the
// card that holds such a list under its title.
import type { ReactNode, TdHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/errors";
import { ErrorAlert } from "./ErrorAlert";

/** Attributes of a row or a cell, `data-*` included (tests and styles find rows by them). */
export type CellProps = TdHTMLAttributes<HTMLTableCellElement> & Record<`data-${string}`, string | number | undefined>;

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The class of the header and of every cell of the column ("numeric", "actions", …). */
  className?: string;
  /** Further attributes of one row's cell. */
  cellProps?: (row: T) => CellProps;
}

export interface ResourceTableProps<T extends { id: string }> {
  /** The rows (keyed by id), or undefined until the first answer. */
  rows: readonly T[] | undefined;
  columns: readonly Column<T>[];
  /** The error of the last load; shown above the rows it may have kept. */
  error?: ApiError;
  onRetry?: () => void;
  /** Said when the list is empty. */
  empty: string;
  testId?: string;
  rowProps?: (row: T) => Record<`data-${string}`, string | number | undefined>;
  className?: string;
}

export function ResourceTable<T extends { id: string }>({
  rows,
  columns,
  error,
  onRetry,
  empty,
  testId,
  rowProps,
  className = "table",
}: ResourceTableProps<T>) {
  const { t } = useTranslation();
  return (
    <>
      {error && <ErrorAlert error={error} onRetry={onRetry} />}
      {!rows && !error && <p className="muted">{t("common.loading")}</p>}
      {rows?.length === 0 && <p className="empty">{empty}</p>}
      {rows && rows.length > 0 && (
        <div className="table-wrap">
          <table className={className} data-testid={testId}>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={i} scope="col" className={c.className}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} {...rowProps?.(row)}>
                  {columns.map((c, i) => (
                    <td key={i} className={c.className} {...c.cellProps?.(row)}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export type TableCardProps<T extends { id: string }> = Omit<ResourceTableProps<T>, "testId"> & {
  /** The list's name: the table is `${id}-table`, titled by `${id}-list-title`. */
  id: string;
  title: string;
  /** Shown next to the title (a refresh button, …). */
  actions?: ReactNode;
};

/** A card with a title and a list as a table. */
export function TableCard<T extends { id: string }>({ id, title, actions, ...table }: TableCardProps<T>) {
  const heading = <h2 id={`${id}-list-title`}>{title}</h2>;
  return (
    <section className="card" aria-labelledby={`${id}-list-title`}>
      {actions ? (
        <div className="card-header">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      <ResourceTable {...table} testId={`${id}-table`} />
    </section>
  );
}
