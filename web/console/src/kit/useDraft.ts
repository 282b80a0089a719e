// A form's draft as one object, with a setter per field for the controls:
// `onValueChange={set("priority")}` instead of a callback written out for every field.
import { useState, type Dispatch, type SetStateAction } from "react";

export interface Draft<D> {
  draft: D;
  setDraft: Dispatch<SetStateAction<D>>;
  /** The setter of one field. */
  set: <K extends keyof D>(key: K) => (value: D[K]) => void;
}

/** `onChange` runs after every change made through `set` (e.g. to clear a "saved" notice). */
export function useDraft<D>(initial: D | (() => D), onChange?: () => void): Draft<D> {
  const [draft, setDraft] = useState<D>(initial);
  return {
    draft,
    setDraft,
    set: (key) => (value) => {
      setDraft((d) => ({ ...d, [key]: value }));
      onChange?.();
    },
  };
}
