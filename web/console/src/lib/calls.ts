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
