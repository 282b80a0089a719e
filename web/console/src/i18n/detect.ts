// Which of the console's languages a browser gets before the user picks one: Chinese for a
// browser that prefers any Chinese (zh, zh-CN, zh-Hans, zh-TW…), English otherwise.

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** The first of the browser's preferred languages that we have (any Chinese counts as zh-CN,
 * any English as en); English when none matches. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === "zh") return "zh-CN";
    if (primary === "en") return "en";
  }
  return DEFAULT_LANGUAGE;
}

/** A stored choice, if it names one of our languages. */
export function parseLanguage(value: string | null | undefined): Language | null {
  return LANGUAGES.find((lng) => lng.toLowerCase() === value?.toLowerCase()) ?? null;
}
