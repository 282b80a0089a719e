// Call records as the server words them: the dispositions the console translates.

export const CALL_DISPOSITIONS = [
  "in_progress",
  "completed",
  "abandoned",
  "voicemail",
  "callback",
  "overflow",
  "cancelled",
  "rejected",
  "failed",
  "interrupted",
] as const;

export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

export function isCallDisposition(value: string): value is CallDisposition {
  return (CALL_DISPOSITIONS as readonly string[]).includes(value);
}

/** How long someone has waited since `sinceIso`, as m:ss (h:mm:ss past an hour). */
export function waitedFor(sinceIso: string, nowMs: number): string {
  const total = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${String(h)}:${String(m).padStart(2, "0")}:${s}` : `${String(m)}:${s}`;
}

/** The estimated wait as the caller hears it: unknown with nobody to serve, under a minute,
 * or whole minutes rounded up. */
export type ExpectedWait = { kind: "unknown" } | { kind: "underMinute" } | { kind: "minutes"; n: number };

export function expectedWait(secs: number | null | undefined): ExpectedWait {
  if (secs === null || secs === undefined) return { kind: "unknown" };
  if (secs < 60) return { kind: "underMinute" };
  return { kind: "minutes", n: Math.ceil(secs / 60) };
}
