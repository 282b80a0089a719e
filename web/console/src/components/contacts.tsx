// Pieces shared by the contact and member-card pages: the VIP badge, a contact picker (search,
// then choose), the create/edit form and the tenant's users for the dedicated-agent select.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import {
  contactByPhoneQuery,
  contactsQuery,
  createContactMutation,
  updateContactMutation,
} from "../features/crm/contacts/operations";
import type { ContactFieldsFragment } from "../gql/graphql";
import { ErrorAlert } from "../kit/ErrorAlert";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../kit/fields";
import {
  CONSENT_KEYS,
  CONTACT_LANGUAGES,
  PHONE_LABELS,
  VIP_LEVELS,
  addPhone,
  compactNumber,
  contactFieldOf,
  draftFromContact,
  emptyContactDraft,
  emptyPhone,
  inputFromContactDraft,
  isPhoneLabel,
  missingContactFields,
  removePhone,
  updatePhone,
  type ContactDraft,
} from "../lib/contacts";
import { useUsers } from "../shell/useUsers";

export type Contact = ContactFieldsFragment;

export function VipBadge({ level, testId = "vip-badge" }: { level: number; testId?: string }) {
  const { t } = useTranslation();
  if (level <= 0) return null;
  return (
    <span className="badge badge-vip" data-vip={level} data-testid={testId}>
      {t("contacts.vipBadge", { level })}
    </span>
  );
}

/** A phone's label: translated when it is one the console offers, else as stored. */
export function PhoneLabel({ label }: { label: string }) {
  const { t } = useTranslation();
  if (label === "") return null;
  return <span className="muted">{isPhoneLabel(label) ? t(`contacts.phoneLabels.${label}`) : label}</span>;
}

/** Search contacts, then choose one (or clear the choice). */
export function ContactPicker({
  label,
  value,
  onChange,
  excludeId,
  testId,
}: {
  label: string;
  value: Contact | null;
  onChange: (contact: Contact | null) => void;
  excludeId?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [query, setQuery] = useState<string | null>(null);

  if (value) {
    return (
      <div className="field contact-picked" data-testid={testId}>
        <span className="field-label">{label}</span>
        <div className="row-buttons">
          <strong data-testid="picked-contact">{value.name}</strong>
          <span className="small muted">{value.phones.map((p) => p.number).join(", ")}</span>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              onChange(null);
            }}
          >
            {t("contacts.picker.change")}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="contact-picker" data-testid={testId}>
      <div className="kb-toolbar">
        <TextField
          label={label}
          type="search"
          value={text}
          placeholder={t("contacts.search.placeholder")}
          onValueChange={setText}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              setQuery(text.trim());
            }
          }}
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setQuery(text.trim());
          }}
        >
          {t("contacts.picker.search")}
        </button>
      </div>
      {query !== null && <PickerResults query={query} excludeId={excludeId} onChoose={onChange} />}
    </div>
  );
}

function PickerResults({ query, excludeId, onChoose }: { query: string; excludeId?: string; onChoose: (c: Contact) => void }) {
  const { t } = useTranslation();
  const found = useQuery(contactsQuery, { query: query === "" ? null : query, limit: 10 });
  if (found.error) return <ErrorAlert error={found.error} onRetry={found.refetch} />;
  if (!found.data || found.loading) return <p className="muted">{t("common.loading")}</p>;
  const list = found.data.contacts.filter((c) => c.id !== excludeId);
  if (list.length === 0) return <p className="empty">{t("contacts.picker.none")}</p>;
  return (
    <ul className="picker-results" data-testid="picker-results">
      {list.map((c) => (
        <li key={c.id} data-contact-id={c.id}>
          <span>
            <strong>{c.name}</strong> <VipBadge level={c.vipLevel} />{" "}
            <span className="small muted">{c.phones.map((p) => p.number).join(", ")}</span>
          </span>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              onChoose(c);
            }}
          >
            {t("contacts.picker.choose")}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Who already has a number (after a CONFLICT): a link to open that contact and merge. */
function PhoneOwner({ number, selfId }: { number: string; selfId?: string }) {
  const { t } = useTranslation();
  const owner = useQuery(contactByPhoneQuery, { number });
  const c = owner.data?.contactByPhone;
  if (!c || c.id === selfId) return null;
  return (
    <li>
      {t("contacts.form.numberOwner", { number })} <Link to={`/contacts/${c.id}`}>{c.name}</Link>
    </li>
  );
}

/** Creates a contact, or edits `editing`. */
export function ContactForm({
  editing,
  initial,
  onSaved,
  onCancel,
}: {
  editing: Contact | null;
  initial?: ContactDraft;
  onSaved: (contact: Contact) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const { users, allowed: mayListUsers } = useUsers();
  const create = useMutation(createContactMutation);
  const update = useMutation(updateContactMutation);
  const [draft, setDraft] = useState<ContactDraft>(() => (editing ? draftFromContact(editing) : (initial ?? emptyContactDraft())));
  const [submitted, setSubmitted] = useState(false);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;
  const missing = submitted ? missingContactFields(draft) : [];
  const blamed = contactFieldOf(error?.field);
  const set = <K extends keyof ContactDraft>(key: K, value: ContactDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const errorOf = (key: keyof ContactDraft) =>
    missing.includes(key) ? t("validation.required") : blamed === key && error ? error.message : null;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (missingContactFields(draft).length > 0) return;
    const input = inputFromContactDraft(draft);
    const data = editing ? await update.mutate({ id: editing.id, input }) : await create.mutate({ input });
    if (data) {
      const saved = "createContact" in data ? data.createContact : data.updateContact;
      onSaved(saved);
    }
  };

  const agentOptions = [
    { value: "", label: t("config.none") },
    ...users.map((u) => ({ value: u.id, label: `${u.email} (${t(`roles.${u.role}`)})` })),
  ];
  if (draft.dedicatedAgentId !== "" && !users.some((u) => u.id === draft.dedicatedAgentId)) {
    agentOptions.push({ value: draft.dedicatedAgentId, label: draft.dedicatedAgentId });
  }

  return (
    <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="contact-form">
      {error && <ErrorAlert error={error} />}
      {error?.code === "CONFLICT" && (
        <div className="alert alert-info" role="note" data-testid="contact-conflict">
          <div className="alert-body">
            <p>{t("contacts.form.conflictHint")}</p>
            <ul className="alert-list">
              {inputFromContactDraft(draft).phones?.map((p) => (
                <PhoneOwner key={p.number} number={p.number} selfId={editing?.id} />
              ))}
            </ul>
          </div>
        </div>
      )}
      <div className="form-grid">
        <TextField
          label={t("contacts.fields.name")}
          value={draft.name}
          error={errorOf("name")}
          onValueChange={(v) => {
            set("name", v);
          }}
        />
        <SelectField
          label={t("contacts.fields.vipLevel")}
          value={String(draft.vipLevel)}
          options={VIP_LEVELS.map((l) => ({ value: String(l), label: l === 0 ? t("contacts.vipNone") : t("contacts.vipBadge", { level: l }) }))}
          onValueChange={(v) => {
            set("vipLevel", Number(v));
          }}
        />
        <SelectField
          label={t("contacts.fields.preferredLanguage")}
          value={draft.preferredLanguage}
          options={[
            { value: "", label: t("config.none") },
            ...CONTACT_LANGUAGES.map((l) => ({ value: l, label: t(`contacts.languages.${l}`) })),
          ]}
          onValueChange={(v) => {
            set("preferredLanguage", v);
          }}
        />
        {mayListUsers && (
          <SelectField
            label={t("contacts.fields.dedicatedAgent")}
            value={draft.dedicatedAgentId}
            options={agentOptions}
            onValueChange={(v) => {
              set("dedicatedAgentId", v);
            }}
          />
        )}
      </div>
      <fieldset className="row-list" data-testid="contact-phones">
        <legend>{t("contacts.fields.phones")}</legend>
        <p className="field-hint">{t("contacts.fields.phoneHint")}</p>
        {errorOf("phones") && <p className="field-error">{errorOf("phones")}</p>}
        {draft.phones.length === 0 && <p className="muted row-list-empty">{t("contacts.form.noPhones")}</p>}
        {draft.phones.map((phone, i) => (
          <div className="row-list-item" key={i}>
            <div className="row-list-fields">
              <TextField
                label={t("contacts.fields.phoneNumber", { n: i + 1 })}
                type="tel"
                value={phone.number}
                placeholder="+8613800138000"
                onValueChange={(number) => {
                  set("phones", updatePhone(draft.phones, i, { number }));
                }}
                onBlur={() => {
                  set("phones", updatePhone(draft.phones, i, { number: compactNumber(phone.number) }));
                }}
              />
              <SelectField
                label={t("contacts.fields.phoneLabel", { n: i + 1 })}
                value={phone.label}
                options={[
                  ...PHONE_LABELS.map((l) => ({ value: l, label: t(`contacts.phoneLabels.${l}`) })),
                  ...(isPhoneLabel(phone.label) ? [] : [{ value: phone.label, label: phone.label || t("config.none") }]),
                ]}
                onValueChange={(label) => {
                  set("phones", updatePhone(draft.phones, i, { label }));
                }}
              />
            </div>
            <button
              type="button"
              className="button button-secondary button-small row-list-remove"
              aria-label={t("contacts.form.removePhone", { n: i + 1 })}
              onClick={() => {
                set("phones", removePhone(draft.phones, i));
              }}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            set("phones", addPhone(draft.phones, emptyPhone()));
          }}
        >
          {t("contacts.form.addPhone")}
        </button>
      </fieldset>
      <div className="form-grid">
        <TextField
          label={t("contacts.fields.emails")}
          value={draft.emails}
          hint={t("contacts.fields.listHint")}
          error={errorOf("emails")}
          onValueChange={(v) => {
            set("emails", v);
          }}
        />
        <TextField
          label={t("contacts.fields.tags")}
          value={draft.tags}
          hint={t("contacts.fields.listHint")}
          error={errorOf("tags")}
          onValueChange={(v) => {
            set("tags", v);
          }}
        />
      </div>
      <TextAreaField
        label={t("contacts.fields.notes")}
        value={draft.notes}
        rows={3}
        error={errorOf("notes")}
        onValueChange={(v) => {
          set("notes", v);
        }}
      />
      <fieldset className="row-list" data-testid="contact-consent">
        <legend>{t("contacts.fields.consent")}</legend>
        <div className="consent-grid">
          {CONSENT_KEYS.map((k) => (
            <CheckboxField
              key={k}
              label={t(`contacts.consent.${k}`)}
              checked={draft.consent[k]}
              onCheckedChange={(v) => {
                set("consent", { ...draft.consent, [k]: v });
              }}
            />
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={loading}>
          {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("contacts.form.create")}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t("config.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
