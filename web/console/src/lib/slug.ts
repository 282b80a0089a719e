// Organisation slugs: the suggestion made from the organisation's name, and the client-side
// hints shown while typing one. The server decides what it accepts; these only guide.

export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

/** A slug suggested from an organisation name: lowercase ASCII letters and digits joined by
 * single hyphens ("Acme Support GmbH" → "acme-support-gmbh", "Café Zürich" → "cafe-zurich").
 * Names without any Latin letters or digits give "" (the user types one). */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}

export type SlugProblem = "required" | "chars" | "length" | "edges";

/** What is wrong with a slug as typed, as far as the console can tell. */
export function slugProblem(slug: string): SlugProblem | null {
  if (slug === "") return "required";
  if (!/^[a-z0-9-]+$/.test(slug)) return "chars";
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX) return "length";
  if (slug.startsWith("-") || slug.endsWith("-")) return "edges";
  return null;
}
