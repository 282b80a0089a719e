// Client-side hints for form fields. They guide the user; the server has the last word.

export const PASSWORD_MIN = 8;

/**
 * The server's rule, loosely: `local@domain`, no spaces, the domain without leading, trailing
 * or doubled dots. A bare host is fine (`agent1@demo`), as the server accepts it.
 */
export function looksLikeEmail(value: string): boolean {
  const v = value.trim();
  const at = v.indexOf("@");
  if (at <= 0 || at !== v.lastIndexOf("@") || /\s/.test(v)) return false;
  const domain = v.slice(at + 1);
  return domain !== "" && !domain.startsWith(".") && !domain.endsWith(".") && !domain.includes("..");
}
