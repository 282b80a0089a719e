// Client-side hints for form fields. They guide the user; the server has the last word.

export const PASSWORD_MIN = 8;

/** A light plausibility check (something@something.tld), not RFC 5322. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}
