// Labelled form controls with a hint and a validation message tied to the input, so that
// screen readers (and Playwright's getByLabel) find them.
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}

function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-message`}>
          {error}
        </p>
      ) : (
        hint && (
          <p className="field-hint" id={`${id}-message`}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value"> & {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | null;
};

export function TextField({ label, value, onValueChange, hint, error, ...input }: TextFieldProps) {
  const id = useId();
  const described = error || hint ? `${id}-message` : undefined;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        {...input}
        id={id}
        value={value}
        onChange={(e) => {
          onValueChange(e.target.value);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
    </FieldFrame>
  );
}

type NumberFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value" | "type"> & {
  label: string;
  value: number;
  onValueChange: (value: number) => void;
  hint?: ReactNode;
  error?: string | null;
};

/** A whole number; an empty or unreadable entry counts as 0 (the server checks ranges). */
export function NumberField({ label, value, onValueChange, hint, error, ...input }: NumberFieldProps) {
  const id = useId();
  const described = error || hint ? `${id}-message` : undefined;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        inputMode="numeric"
        {...input}
        type="number"
        id={id}
        value={Number.isFinite(value) ? String(value) : ""}
        onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10);
          onValueChange(Number.isNaN(n) ? 0 : n);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
    </FieldFrame>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "onChange" | "value"> & {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | null;
};

export function TextAreaField({ label, value, onValueChange, hint, error, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  const described = error || hint ? `${id}-message` : undefined;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        {...textarea}
        id={id}
        value={value}
        onChange={(e) => {
          onValueChange(e.target.value);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
    </FieldFrame>
  );
}

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "checked" | "type"> & {
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
};

export function CheckboxField({ label, checked, onCheckedChange, ...input }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        {...input}
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => {
          onCheckedChange(e.target.checked);
        }}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

type SelectFieldProps<T extends string> = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "id" | "onChange" | "value"
> & {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onValueChange: (value: T) => void;
  hint?: ReactNode;
};

export function SelectField<T extends string>({
  label,
  value,
  options,
  onValueChange,
  hint,
  ...select
}: SelectFieldProps<T>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint}>
      <select
        {...select}
        id={id}
        value={value}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next) onValueChange(next.value);
        }}
        aria-describedby={hint ? `${id}-message` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A read-only value with a button that copies it to the clipboard. */
export function CopyField({
  label,
  value,
  copyLabel,
  copiedLabel,
  copied,
  onCopy,
}: {
  label: string;
  value: string;
  copyLabel?: string;
  copiedLabel?: string;
  copied?: boolean;
  onCopy?: () => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} readOnly value={value} onFocus={(e) => { e.target.select(); }} />
        {onCopy && (
          <button type="button" className="button button-secondary" onClick={onCopy}>
            {copied ? copiedLabel : copyLabel}
          </button>
        )}
      </div>
    </div>
  );
}

type FileFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value" | "type"> & {
  label: string;
  onFileChange: (file: File | null) => void;
  hint?: ReactNode;
  error?: string | null;
};

/** A file chooser (uncontrolled: give it a new `key` to clear it). */
export function FileField({ label, onFileChange, hint, error, ...input }: FileFieldProps) {
  const id = useId();
  const described = error || hint ? `${id}-message` : undefined;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        {...input}
        type="file"
        id={id}
        onChange={(e) => {
          onFileChange(e.target.files?.[0] ?? null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
    </FieldFrame>
  );
}
