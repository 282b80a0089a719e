// Contacts (mirrors tenants/src/contacts.rs): the create/edit form's draft ↔ ContactInput, the
// phone list editing, and which form field a server error (`extensions.field`) blames.
import type { ContactFieldsFragment, ContactInput } from "../gql/graphql";

export interface PhoneDraft {
  number: string;
  label: string;
}

export interface ConsentDraft {
  calls: boolean;
  sms: boolean;
  email: boolean;
  marketing: boolean;
}

export const CONSENT_KEYS = ["calls", "sms", "email", "marketing"] as const satisfies readonly (keyof ConsentDraft)[];

/** The languages the server accepts for `preferredLanguage` ("" = none). */
export const CONTACT_LANGUAGES = ["zh-CN", "en"] as const;

export const VIP_LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The phone labels offered (any text is accepted). */
export const PHONE_LABELS = ["mobile", "home", "work", "other"] as const;
export type PhoneLabel = (typeof PHONE_LABELS)[number];

export function isPhoneLabel(label: string): label is PhoneLabel {
  return (PHONE_LABELS as readonly string[]).includes(label);
}

export interface ContactDraft {
  name: string;
  phones: PhoneDraft[];
  /** Comma- or line-separated. */
  emails: string;
  /** Comma- or line-separated. */
  tags: string;
  vipLevel: number;
  /** "" = none. */
  preferredLanguage: string;
  notes: string;
  /** "" = none. */
  dedicatedAgentId: string;
  consent: ConsentDraft;
}

export function emptyPhone(): PhoneDraft {
  return { number: "", label: "mobile" };
}

export function emptyContactDraft(): ContactDraft {
  return {
    name: "",
    phones: [emptyPhone()],
    emails: "",
    tags: "",
    vipLevel: 0,
    preferredLanguage: "",
    notes: "",
    dedicatedAgentId: "",
    consent: { calls: false, sms: false, email: false, marketing: false },
  };
}

export function draftFromContact(c: ContactFieldsFragment): ContactDraft {
  return {
    name: c.name,
    phones: c.phones.map((p) => ({ number: p.number, label: p.label })),
    emails: c.emails.join(", "),
    tags: c.tags.join(", "),
    vipLevel: c.vipLevel,
    preferredLanguage: c.preferredLanguage ?? "",
    notes: c.notes,
    dedicatedAgentId: c.dedicatedAgentId ?? "",
    consent: { ...c.consent },
  };
}

/** "a, b\nc" → ["a", "b", "c"]: trimmed, empty items and repeats dropped. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const item of text.split(/[,，;\n]/)) {
    const v = item.trim();
    if (v !== "" && !out.includes(v)) out.push(v);
  }
  return out;
}

/** A typed phone number without the spaces, dashes, dots and brackets people write. */
export function compactNumber(text: string): string {
  return text.replace(/[\s\-().]/g, "");
}

// Phone list editing: pure, so the form and the tests share it.

export function addPhone(phones: readonly PhoneDraft[], phone: PhoneDraft = emptyPhone()): PhoneDraft[] {
  return [...phones, phone];
}

export function removePhone(phones: readonly PhoneDraft[], index: number): PhoneDraft[] {
  return phones.filter((_, i) => i !== index);
}

export function updatePhone(phones: readonly PhoneDraft[], index: number, patch: Partial<PhoneDraft>): PhoneDraft[] {
  return phones.map((p, i) => (i === index ? { ...p, ...patch } : p));
}

/** The phones to send: compacted numbers, rows without a number dropped, labels trimmed. A
 * number listed twice is kept twice (the server names the repeat). */
export function phonesForInput(phones: readonly PhoneDraft[]): { number: string; label: string }[] {
  return phones
    .map((p) => ({ number: compactNumber(p.number), label: p.label.trim() }))
    .filter((p) => p.number !== "");
}

export function inputFromContactDraft(d: ContactDraft): ContactInput {
  return {
    name: d.name.trim(),
    phones: phonesForInput(d.phones),
    emails: splitList(d.emails),
    tags: splitList(d.tags),
    vipLevel: d.vipLevel,
    preferredLanguage: d.preferredLanguage === "" ? null : d.preferredLanguage,
    notes: d.notes.trim(),
    dedicatedAgentId: d.dedicatedAgentId === "" ? null : d.dedicatedAgentId,
    consent: { ...d.consent },
  };
}

/** Required fields left empty (only these block a submit; the server checks the rest). */
export function missingContactFields(d: ContactDraft): (keyof ContactDraft)[] {
  return d.name.trim() === "" ? ["name"] : [];
}

/** The draft field a server error blames (`extensions.field`), if it is one of the form's. */
export function contactFieldOf(field: string | undefined): keyof ContactDraft | undefined {
  switch (field) {
    case "name":
      return "name";
    case "number":
    case "phone":
    case "phones":
      return "phones";
    case "email":
    case "emails":
      return "emails";
    case "tags":
      return "tags";
    case "vipLevel":
      return "vipLevel";
    case "preferredLanguage":
      return "preferredLanguage";
    case "notes":
      return "notes";
    case "dedicatedAgentId":
    case "dedicated agent":
      return "dedicatedAgentId";
    default:
      return undefined;
  }
}

/** The contact's number for the caller look-up when typed loosely; "" when empty. */
export function lookupNumber(text: string): string {
  return compactNumber(text.trim());
}
