// Service requests: the kinds and their detail forms (camelCase JSON, mirroring the server's
// per-kind checks), draft ↔ details, the one-line summary shown in lists.
import { fenToYuan, yuanToFen } from "./knowledge";

export const REQUEST_KINDS = ["coach_ticket", "train_ticket", "air_ticket", "hotel", "tour", "refund", "change"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = ["new", "in_progress", "confirmed", "completed", "cancelled", "failed"] as const;

/** How a field is typed: free text, a date (YYYY-MM-DD), a whole number, yuan (sent as fen). */
export type DetailType = "text" | "date" | "number" | "yuan";

export interface DetailField {
  name: string;
  type: DetailType;
  required: boolean;
}

const f = (name: string, type: DetailType, required = true): DetailField => ({ name, type, required });

const TICKET: readonly DetailField[] = [
  f("origin", "text"),
  f("destination", "text"),
  f("date", "date"),
  f("passengers", "number"),
  f("class", "text", false),
  f("time", "text", false),
];

export const DETAIL_FIELDS: Record<RequestKind, readonly DetailField[]> = {
  coach_ticket: TICKET,
  train_ticket: TICKET,
  air_ticket: TICKET,
  hotel: [f("city", "text"), f("hotel", "text"), f("checkIn", "date"), f("checkOut", "date"), f("rooms", "number"), f("guests", "number")],
  tour: [f("tour", "text"), f("date", "date"), f("people", "number")],
  refund: [f("originalReference", "text"), f("reason", "text"), f("amountMinor", "yuan", false)],
  change: [f("originalReference", "text"), f("reason", "text"), f("newDate", "date"), f("amountMinor", "yuan", false)],
};

export function isRequestKind(kind: string): kind is RequestKind {
  return (REQUEST_KINDS as readonly string[]).includes(kind);
}

/** The form's text per field name (yuan for amounts). */
export type DetailsDraft = Record<string, string>;

export function emptyDetailsDraft(kind: RequestKind): DetailsDraft {
  return Object.fromEntries(DETAIL_FIELDS[kind].map((d) => [d.name, ""]));
}

export interface DetailsResult {
  details: Record<string, string | number>;
  /** Field name → "required" or "number" / "yuan" (unreadable); empty when it may be sent. */
  problems: Record<string, "required" | "number" | "yuan">;
}

/** The draft as the `details` JSON; optional empty fields are left out. */
export function detailsFromDraft(kind: RequestKind, draft: DetailsDraft): DetailsResult {
  const details: Record<string, string | number> = {};
  const problems: DetailsResult["problems"] = {};
  for (const field of DETAIL_FIELDS[kind]) {
    const text = (draft[field.name] ?? "").trim();
    if (text === "") {
      if (field.required) problems[field.name] = "required";
      continue;
    }
    if (field.type === "number") {
      if (!/^\d+$/.test(text)) problems[field.name] = "number";
      else details[field.name] = Number(text);
    } else if (field.type === "yuan") {
      const fen = yuanToFen(text);
      if (fen === null) problems[field.name] = "yuan";
      else details[field.name] = fen;
    } else {
      details[field.name] = text;
    }
  }
  return { details, problems };
}

/** Stored details back into the form (fen → yuan). */
export function draftFromDetails(kind: RequestKind, details: unknown): DetailsDraft {
  const draft = emptyDetailsDraft(kind);
  if (typeof details !== "object" || details === null) return draft;
  const record = details as Record<string, unknown>;
  for (const field of DETAIL_FIELDS[kind]) {
    const value = record[field.name];
    if (typeof value === "number") draft[field.name] = field.type === "yuan" ? fenToYuan(value) : String(value);
    else if (typeof value === "string") draft[field.name] = value;
  }
  return draft;
}

/** One line: "Beijing → Shanghai · 2026-12-01 · 2", the kind's required fields first. */
export function detailsSummary(kind: string, details: unknown): string {
  if (typeof details !== "object" || details === null) return "";
  const record = details as Record<string, unknown>;
  const text = (name: string): string => {
    const v = record[name];
    return typeof v === "string" || typeof v === "number" ? String(v) : "";
  };
  const join = (...parts: string[]) => parts.filter((p) => p !== "").join(" · ");
  if (!isRequestKind(kind)) return JSON.stringify(details);
  switch (kind) {
    case "coach_ticket":
    case "train_ticket":
    case "air_ticket":
      return join(`${text("origin")} → ${text("destination")}`, text("date"), text("time"), text("passengers"));
    case "hotel":
      return join(text("city"), text("hotel"), `${text("checkIn")} – ${text("checkOut")}`);
    case "tour":
      return join(text("tour"), text("date"), text("people"));
    case "refund":
    case "change": {
      const amount = record.amountMinor;
      return join(
        text("originalReference"),
        text("newDate"),
        typeof amount === "number" ? `¥${fenToYuan(amount)}` : "",
        text("reason"),
      );
    }
  }
}
