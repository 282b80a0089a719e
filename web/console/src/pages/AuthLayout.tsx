// The frame of the pages before log-in: brand, language switch and a centred card.
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { LanguageSwitch } from "../components/LanguageSwitch";

export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <div className="auth-layout">
      <header className="auth-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t("app.name")}</span>
          <span className="brand-tagline">{t("app.tagline")}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className="auth-main">
        <Outlet />
      </main>
    </div>
  );
}
