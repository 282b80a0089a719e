// i18next set-up: the user's stored choice, else the browser's preference (see detect.ts).
// Only an explicit choice on the language switch is stored.
import i18n from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { LANGUAGES, pickLanguage, parseLanguage, type Language, DEFAULT_LANGUAGE } from "./detect";
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

export const LANGUAGE_STORAGE_KEY = "qiao.language";

export const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
} as const;

const detector = new LanguageDetector();
detector.addDetector({
  name: "qiaoStored",
  lookup: () => parseLanguage(localStorage.getItem(LANGUAGE_STORAGE_KEY)) ?? undefined,
});
detector.addDetector({
  name: "qiaoNavigator",
  lookup: () =>
    pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]),
});

void i18n
  .use(detector)
  .use(initReactI18next)
  .init({
    resources,
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    load: "currentOnly",
    interpolation: { escapeValue: false },
    detection: { order: ["qiaoStored", "qiaoNavigator"], caches: [] },
  });

function syncDocument(lng: string): void {
  document.documentElement.lang = lng;
  document.title = i18n.t("app.title");
}
syncDocument(i18n.resolvedLanguage ?? DEFAULT_LANGUAGE);
i18n.on("languageChanged", syncDocument);

/** The language the console is shown in. */
export function currentLanguage(): Language {
  return parseLanguage(i18n.resolvedLanguage) ?? DEFAULT_LANGUAGE;
}

/** Switches language and remembers the choice for next time. */
export async function setLanguage(lng: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  await i18n.changeLanguage(lng);
}

export default i18n;
