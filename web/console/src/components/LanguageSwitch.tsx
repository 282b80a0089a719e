// The language switch: one button per language, each labelled in its own language.
import { useTranslation } from "react-i18next";
import { currentLanguage, setLanguage } from "../i18n";
import { LANGUAGES } from "../i18n/detect";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className={lng === active ? "active" : undefined}
          aria-pressed={lng === active}
          onClick={() => void setLanguage(lng)}
        >
          {i18n.getFixedT(lng)("language.name")}
        </button>
      ))}
    </div>
  );
}
