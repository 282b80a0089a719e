// A configuration list with its edit form, written once: the page frame (title, subtitle, the
// read-only notice for roles that may not change it), the form for admins and owners, and the
// list as a table with Edit and Delete per row. The test ids come from `id` and `item`:
// id="numbers", item="number" → numbers-page, numbers-table, rows with data-number-id.
// Also the frame of a page about one item (a contact, a card, a case).
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Document } from "../api/client";
import type { ApiError } from "../api/errors";
import type { QueryResult } from "../api/hooks";
import type en from "../i18n/locales/en";
import { DeleteButton } from "./DeleteButton";
import { ErrorAlert } from "./ErrorAlert";
import { TableCard, type Column } from "./ResourceTable";
import { useEditing } from "./useEditing";

/** Shown to supervisors: they see the configuration, admins and owners change it. */
export function ReadOnlyNotice() {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info" role="note" data-testid="read-only-notice">
      <div className="alert-body">{t("config.readOnly")}</div>
    </div>
  );
}

/** A page: a title, a subtitle, the notice for read-only roles, then its content. */
export function PageFrame({
  title,
  subtitle,
  readOnly = false,
  children,
  testId,
}: {
  title: string;
  subtitle: string;
  readOnly?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="page" data-testid={testId}>
      <header className="page-header">
        <h1>{title}</h1>
        <p className="muted">{subtitle}</p>
      </header>
      {readOnly && <ReadOnlyNotice />}
      {children}
    </div>
  );
}

/** A page about one item: a link back to its list, then its title, subtitle and content; until
 * the item is loaded (no `title` yet) the loading line, or the error with a retry. */
export function DetailFrame({
  back,
  backLabel,
  testId,
  attrs,
  error,
  onRetry,
  title,
  titleTestId,
  subtitle,
  children,
}: {
  back: string;
  backLabel: string;
  testId: string;
  /** More attributes of the page once loaded (data-card-id, …). */
  attrs?: Record<`data-${string}`, string>;
  error?: ApiError;
  onRetry?: () => void;
  title?: ReactNode;
  titleTestId?: string;
  subtitle?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid={testId} {...attrs}>
      <p>
        <Link to={back}>← {backLabel}</Link>
      </p>
      {title === undefined ? (
        error ? (
          <ErrorAlert error={error} onRetry={onRetry} />
        ) : (
          <p className="muted">{t("common.loading")}</p>
        )
      ) : (
        <>
          <header className="page-header">
            <h1 data-testid={titleTestId}>{title}</h1>
            <p className="muted">{subtitle}</p>
          </header>
          {children}
        </>
      )}
    </div>
  );
}

/** A row's Edit button (when `onEdit` is given) and Delete button (when `remove` is). */
export function RowActions({
  onEdit,
  remove,
  id,
  onDeleted,
}: {
  onEdit?: () => void;
  remove?: Document<unknown, { id: string }>;
  id: string;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="row-buttons">
      {onEdit && (
        <button type="button" className="button button-secondary button-small" onClick={onEdit}>
          {t("config.edit")}
        </button>
      )}
      {remove && <DeleteButton document={remove} variables={{ id }} onDeleted={onDeleted} />}
    </div>
  );
}

/** What a resource's form is handed. */
export interface FormSlot<T> {
  /** The row being edited, or null for a new one. */
  editing: T | null;
  /** After a save: reload the list and start the form afresh (on `next`, or empty). */
  done: (next?: T | null) => void;
  /** Stop editing. */
  cancel: () => void;
  /** Reload the list; the form stays as it is. */
  refetch: () => void;
}

export interface ResourceSectionProps<T extends { id: string }, D> {
  /** The list's name: `${id}-table`, `${id}-list-title`. */
  id: string;
  /** One row's name: `data-${item}-id` on each row. */
  item: string;
  listTitle: string;
  empty: string;
  /** Whether the viewer may change it: the form and the actions column only show then. */
  manage: boolean;
  query: QueryResult<D>;
  rows: (data: D) => readonly T[];
  columns: readonly Column<T>[];
  /** Rows have an Edit button that opens them in the form. */
  editable?: boolean;
  /** Rows have a Delete button that sends this mutation with their id. */
  remove?: Document<unknown, { id: string }>;
  form?: (slot: FormSlot<T>) => ReactNode;
  /** Shown next to the list's title (a refresh button, …). */
  listActions?: ReactNode;
}

/** The form (for those who may change it) and the list of one resource. */
export function ResourceSection<T extends { id: string }, D>({
  id,
  item,
  listTitle,
  empty,
  manage,
  query,
  rows,
  columns,
  editable = false,
  remove,
  form,
  listActions,
}: ResourceSectionProps<T, D>) {
  const { t } = useTranslation();
  const editing = useEditing<T>(query.refetch);
  const actions: Column<T> = {
    header: t("config.actions"),
    className: "actions",
    cell: (row) => (
      <RowActions
        onEdit={
          editable
            ? () => {
                editing.edit(row);
              }
            : undefined
        }
        remove={remove}
        id={row.id}
        onDeleted={() => {
          editing.removed(row);
        }}
      />
    ),
  };
  return (
    <>
      {manage && form && <Fragment key={editing.formKey}>{form(editing)}</Fragment>}
      <TableCard
        id={id}
        title={listTitle}
        actions={listActions}
        rows={query.data === undefined ? undefined : rows(query.data)}
        columns={manage && (editable || remove) ? [...columns, actions] : columns}
        error={query.error}
        onRetry={query.refetch}
        empty={empty}
        rowProps={(row) => ({ [`data-${item}-id`]: row.id })}
      />
    </>
  );
}

type Messages = typeof en;

/** The message groups that hold a resource page's texts: title, subtitle, list, empty. */
export type PageTexts = {
  [K in keyof Messages]: Messages[K] extends { title: string; subtitle: string; list: string; empty: string } ? K : never;
}[keyof Messages];

export type ResourcePageProps<T extends { id: string }, D> = Omit<ResourceSectionProps<T, D>, "listTitle" | "empty"> & {
  /** Where its texts are: `${text}.title`, `.subtitle`, `.list` (the list's title), `.empty`. */
  text: PageTexts;
};

/** A configuration page of one resource: `${id}-page` around its section. */
export function ResourcePage<T extends { id: string }, D>({ text, ...section }: ResourcePageProps<T, D>) {
  const { t } = useTranslation();
  return (
    <PageFrame title={t(`${text}.title`)} subtitle={t(`${text}.subtitle`)} readOnly={!section.manage} testId={`${section.id}-page`}>
      <ResourceSection listTitle={t(`${text}.list`)} empty={t(`${text}.empty`)} {...section} />
    </PageFrame>
  );
}
