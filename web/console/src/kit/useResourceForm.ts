// The state of a create-or-edit form: the create/update pair (update while a row is being
// edited), whether it has been submitted (a required field says so only after that), the
// server's message for the field it blamed (`extensions.field`), the request in flight and its
// error. The server decides what is valid; only blank required values stop a submit here.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "../api/client";
import type { ApiError } from "../api/errors";
import { useMutation } from "../api/hooks";

/** A value a form requires: text, a chosen file, … */
export type RequiredValue = string | object | null | undefined;

/** Missing: nothing, or text that is only white space. */
export function isBlank(value: RequiredValue): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

export interface FormCheck {
  /** Whether a submit was tried since the form started (or was reset). */
  submitted: boolean;
  /** The server's message when its error blamed `field`, else null. */
  fieldError: (field: string) => string | null;
  /** "Required" when submitted with `value` blank, else the server's message for `field`. */
  requiredError: (field: string, value: RequiredValue) => string | null;
  /** Marks the form submitted; true when no required value is blank. */
  check: (required: readonly RequiredValue[]) => boolean;
  /** Back to not submitted (after a save that keeps the form). */
  reset: () => void;
}

/** The submitted state and field messages of a form whose request reports `error`. */
export function useFormCheck(error: ApiError | undefined): FormCheck {
  const { t } = useTranslation();
  const [submitted, setSubmitted] = useState(false);
  const fieldError = (field: string) => (error?.field === field ? error.message : null);
  return {
    submitted,
    fieldError,
    requiredError: (field, value) => (submitted && isBlank(value) ? t("validation.required") : fieldError(field)),
    check: (required) => {
      setSubmitted(true);
      return !required.some(isBlank);
    },
    reset: () => {
      setSubmitted(false);
    },
  };
}

export interface ResourceFormOptions<TInput, TCreated, TUpdated> {
  create: Document<TCreated, { input: TInput }>;
  update?: Document<TUpdated, { id: string; input: TInput }>;
  /** The row being edited (sent to `update` by id), or null/undefined to create. */
  editing?: { id: string } | null;
}

export interface ResourceForm<TInput, TCreated, TUpdated> extends FormCheck {
  /** Whether a submit updates (a row is being edited, and there is an update). */
  updating: boolean;
  loading: boolean;
  error: ApiError | undefined;
  /** Marks the form submitted; unless a `required` value is blank, sends `input` to update
   * (the row being edited) or create, and resolves to the answer; else, or after an error
   * (see `error`), to null. */
  submit: (input: TInput, required?: readonly RequiredValue[]) => Promise<TCreated | TUpdated | null>;
}

export function useResourceForm<TInput, TCreated, TUpdated = never>({
  create,
  update,
  editing,
}: ResourceFormOptions<TInput, TCreated, TUpdated>): ResourceForm<TInput, TCreated, TUpdated> {
  const id = update ? editing?.id : undefined;
  // One mutation at a time: update (sent the id) while editing, else create (sent no id).
  const document = id !== undefined && update ? update : create;
  const mutation = useMutation(document as Document<TCreated | TUpdated, { id?: string; input: TInput }>);
  const check = useFormCheck(mutation.error);
  return {
    ...check,
    updating: id !== undefined,
    loading: mutation.loading,
    error: mutation.error,
    reset: () => {
      check.reset();
      mutation.reset();
    },
    submit: async (input, required = []) => {
      if (!check.check(required)) return null;
      return mutation.mutate(id === undefined ? { input } : { id, input });
    },
  };
}
