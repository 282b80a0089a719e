// Which row of a list its form is editing, and when the form starts afresh: after a save (on
// the saved row or empty), after a cancel, and when the row it shows is deleted.
import { useCallback, useState } from "react";

export interface Editing<T> {
  /** The row being edited, or null for a new one. */
  editing: T | null;
  /** The form's key: it changes whenever the form should start afresh. */
  formKey: string;
  edit: (row: T) => void;
  /** After a save: reload the list and start the form afresh (on `next`, or empty). */
  done: (next?: T | null) => void;
  cancel: () => void;
  /** Reload the list; the form stays as it is. */
  refetch: () => void;
  /** After a delete: reload the list, and close the form if it showed that row. */
  removed: (row: T) => void;
}

export function useEditing<T extends { id: string }>(refetch: () => void): Editing<T> {
  const [state, setState] = useState<{ editing: T | null; round: number }>({ editing: null, round: 0 });
  const edit = useCallback((row: T) => {
    setState((s) => ({ ...s, editing: row }));
  }, []);
  const done = useCallback(
    (next: T | null = null) => {
      setState((s) => ({ editing: next, round: s.round + 1 }));
      refetch();
    },
    [refetch],
  );
  const cancel = useCallback(() => {
    setState((s) => ({ ...s, editing: null }));
  }, []);
  const removed = useCallback(
    (row: T) => {
      setState((s) => (s.editing?.id === row.id ? { ...s, editing: null } : s));
      refetch();
    },
    [refetch],
  );
  return {
    editing: state.editing,
    formKey: `${state.editing?.id ?? "new"}-${state.round}`,
    edit,
    done,
    cancel,
    refetch,
    removed,
  };
}
