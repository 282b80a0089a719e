// Knowledge entries as the console edits them: one flat draft of strings per entry, converted to
// and from each type's `data` (mirrors tenants/src/kb/entry.rs), prices typed in yuan ("12.50")
// and sent in fen, the CSV header of each type (tenants/src/kb/import.rs) and a short summary.
import type { KnowledgeType } from "../gql/graphql";

export const KNOWLEDGE_TYPES: readonly KnowledgeType[] = [
  "FAQ",
  "ROUTE",
  "TIMETABLE",
  "FARE",
  "VEHICLE",
  "SCENIC_SPOT",
  "BRANCH",
  "REGULATION",
];

/** Entry languages (the server also reads zh-CN as zh). */
export const KNOWLEDGE_LANGS = ["zh", "en"] as const;
export type KnowledgeLang = (typeof KNOWLEDGE_LANGS)[number];

/** The first line an import of each type must start with. */
export const CSV_HEADERS: Record<KnowledgeType, string> = {
  FAQ: "language,question,answer",
  REGULATION: "language,title,text",
  ROUTE: "language,code,origin,destination,stops,duration_minutes",
  TIMETABLE: "language,station,date,time,destination,route_code",
  FARE: "language,origin,destination,class,price,currency",
  VEHICLE: "language,code,kind,seats",
  SCENIC_SPOT: "language,name,address,opening_hours,ticket_price,description",
  BRANCH: "language,name,address,phone",
};

/** Types whose `data` is empty: the body is the answer or the text. */
export function hasNoData(type: KnowledgeType): boolean {
  return type === "FAQ" || type === "REGULATION";
}

/** `12`, `12.5`, `12.50` (yuan) → 1250 (fen); null when it is not such a price. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? "").padEnd(2, "0"));
  return whole * 100 + frac;
}

/** 1250 (fen) → "12.50" (yuan). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${String(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, "0")}`;
}

export interface DepartureDraft {
  time: string;
  destination: string;
  routeCode: string;
}

/** Every field of every type, as typed; only the entry's own type's fields are sent. */
export interface KnowledgeDraft {
  type: KnowledgeType;
  language: KnowledgeLang;
  title: string;
  body: string;
  code: string;
  origin: string;
  destination: string;
  stops: string[];
  durationMinutes: string;
  station: string;
  date: string;
  departures: DepartureDraft[];
  fareClass: string;
  price: string;
  currency: string;
  kind: string;
  seats: string;
  address: string;
  openingHours: string;
  phone: string;
}

export function emptyKnowledgeDraft(type: KnowledgeType = "FAQ", language: KnowledgeLang = "zh"): KnowledgeDraft {
  return {
    type,
    language,
    title: "",
    body: "",
    code: "",
    origin: "",
    destination: "",
    stops: [],
    durationMinutes: "",
    station: "",
    date: "",
    departures: [{ time: "08:00", destination: "", routeCode: "" }],
    fareClass: "",
    price: "",
    currency: "CNY",
    kind: "",
    seats: "",
    address: "",
    openingHours: "",
    phone: "",
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown): string => (typeof v === "number" ? String(v) : "");
const yuan = (v: unknown): string => (typeof v === "number" ? fenToYuan(v) : "");

/** The draft of a stored entry. */
export function draftFromEntry(entry: {
  type: KnowledgeType;
  language: string;
  title: string;
  body: string;
  data: unknown;
}): KnowledgeDraft {
  const d = isRecord(entry.data) ? entry.data : {};
  const draft = emptyKnowledgeDraft(entry.type, entry.language === "en" ? "en" : "zh");
  draft.title = entry.title;
  draft.body = entry.body;
  draft.departures = [];
  switch (entry.type) {
    case "ROUTE":
      draft.code = str(d.code);
      draft.origin = str(d.origin);
      draft.destination = str(d.destination);
      draft.stops = Array.isArray(d.stops) ? d.stops.map(str) : [];
      draft.durationMinutes = num(d.durationMinutes);
      break;
    case "TIMETABLE":
      draft.station = str(d.station);
      draft.date = str(d.date);
      draft.departures = Array.isArray(d.departures)
        ? d.departures.filter(isRecord).map((x) => ({
            time: str(x.time),
            destination: str(x.destination),
            routeCode: str(x.routeCode),
          }))
        : [];
      break;
    case "FARE":
      draft.origin = str(d.origin);
      draft.destination = str(d.destination);
      draft.fareClass = str(d.class);
      draft.price = yuan(d.priceMinor);
      draft.currency = str(d.currency) || "CNY";
      break;
    case "VEHICLE":
      draft.code = str(d.code);
      draft.kind = str(d.kind);
      draft.seats = num(d.seats);
      break;
    case "SCENIC_SPOT":
      draft.address = str(d.address);
      draft.openingHours = str(d.openingHours);
      draft.price = yuan(d.ticketPriceMinor);
      break;
    case "BRANCH":
      draft.address = str(d.address);
      draft.phone = str(d.phone);
      break;
    case "FAQ":
    case "REGULATION":
      break;
  }
  return draft;
}

const optional = (s: string): string | null => (s.trim() === "" ? null : s.trim());

/** A whole number, null when empty; anything else is sent as typed for the server to refuse. */
function optionalInt(s: string): number | string | null {
  const t = s.trim();
  if (t === "") return null;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** A price in fen, null when empty; an unreadable price is sent as typed (the server refuses it). */
function optionalPrice(s: string): number | string | null {
  if (s.trim() === "") return null;
  return yuanToFen(s) ?? s.trim();
}

/** The `data` of a draft's type, as the server expects it. */
export function dataFromDraft(d: KnowledgeDraft): Record<string, unknown> {
  switch (d.type) {
    case "ROUTE":
      return {
        code: d.code.trim(),
        origin: d.origin.trim(),
        destination: d.destination.trim(),
        stops: d.stops.map((s) => s.trim()).filter((s) => s !== ""),
        durationMinutes: optionalInt(d.durationMinutes),
      };
    case "TIMETABLE":
      return {
        station: d.station.trim(),
        date: optional(d.date),
        departures: d.departures.map((x) => ({
          time: x.time.trim(),
          destination: x.destination.trim(),
          routeCode: optional(x.routeCode),
        })),
      };
    case "FARE":
      return {
        origin: d.origin.trim(),
        destination: d.destination.trim(),
        class: optional(d.fareClass),
        priceMinor: optionalPrice(d.price),
        currency: d.currency.trim().toUpperCase(),
      };
    case "VEHICLE":
      return { code: d.code.trim(), kind: d.kind.trim(), seats: optionalInt(d.seats) };
    case "SCENIC_SPOT":
      return {
        address: optional(d.address),
        openingHours: optional(d.openingHours),
        ticketPriceMinor: optionalPrice(d.price),
      };
    case "BRANCH":
      return { address: optional(d.address), phone: d.phone.trim() };
    case "FAQ":
    case "REGULATION":
      return {};
  }
}

/** The KnowledgeEntryInput of a draft. */
export function inputFromDraft(d: KnowledgeDraft): {
  type: KnowledgeType;
  language: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
} {
  return { type: d.type, language: d.language, title: d.title.trim(), body: d.body.trim(), data: dataFromDraft(d) };
}

/** Required fields of a draft that are empty (draft keys; `departures` when none is listed). */
export function missingFields(d: KnowledgeDraft): (keyof KnowledgeDraft)[] {
  const out: (keyof KnowledgeDraft)[] = [];
  const need = (key: keyof KnowledgeDraft, value: string) => {
    if (value.trim() === "") out.push(key);
  };
  need("title", d.title);
  switch (d.type) {
    case "FAQ":
    case "REGULATION":
      need("body", d.body);
      break;
    case "ROUTE":
      need("code", d.code);
      need("origin", d.origin);
      need("destination", d.destination);
      break;
    case "TIMETABLE":
      need("station", d.station);
      if (d.departures.length === 0) out.push("departures");
      break;
    case "FARE":
      need("origin", d.origin);
      need("destination", d.destination);
      need("price", d.price);
      need("currency", d.currency);
      break;
    case "VEHICLE":
      need("code", d.code);
      break;
    case "BRANCH":
      need("phone", d.phone);
      break;
    case "SCENIC_SPOT":
      break;
  }
  return out;
}

/** A one-line, wordless summary of an entry's data (the body is shown separately). */
export function dataSummary(type: KnowledgeType, data: unknown): string {
  const d = isRecord(data) ? data : {};
  const join = (parts: (string | null | undefined)[], sep = " · ") => parts.filter((p) => p && p !== "").join(sep);
  switch (type) {
    case "ROUTE": {
      const stops = Array.isArray(d.stops) ? d.stops.map(str) : [];
      return join([str(d.code), join([str(d.origin), ...stops, str(d.destination)], " → ")]);
    }
    case "TIMETABLE": {
      const deps = Array.isArray(d.departures) ? d.departures.filter(isRecord) : [];
      return join([
        str(d.station),
        str(d.date),
        deps.map((x) => join([str(x.time), str(x.destination), str(x.routeCode)], " ")).join(", "),
      ]);
    }
    case "FARE":
      return join([
        join([str(d.origin), str(d.destination)], " → "),
        str(d.class),
        typeof d.priceMinor === "number" ? `${fenToYuan(d.priceMinor)} ${str(d.currency)}` : null,
      ]);
    case "VEHICLE":
      return join([str(d.code), str(d.kind), typeof d.seats === "number" ? String(d.seats) : null]);
    case "SCENIC_SPOT":
      return join([
        str(d.address),
        str(d.openingHours),
        typeof d.ticketPriceMinor === "number" ? `¥${fenToYuan(d.ticketPriceMinor)}` : null,
      ]);
    case "BRANCH":
      return join([str(d.address), str(d.phone)]);
    case "FAQ":
    case "REGULATION":
      return "";
  }
}

/** The draft field a server error's `extensions.field` (e.g. `data.phone`) is about, if any. */
export function draftFieldOf(field: string | undefined): keyof KnowledgeDraft | null {
  switch (field) {
    case "title":
    case "body":
    case "language":
      return field;
    case "data.code":
      return "code";
    case "data.origin":
      return "origin";
    case "data.destination":
      return "destination";
    case "data.station":
      return "station";
    case "data.departures":
    case "data.departures.destination":
      return "departures";
    case "data.priceMinor":
    case "data.ticketPriceMinor":
      return "price";
    case "data.currency":
      return "currency";
    case "data.phone":
      return "phone";
    default:
      return null;
  }
}

/** Today's date (local) as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
