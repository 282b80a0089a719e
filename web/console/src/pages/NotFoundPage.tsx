// An unknown address inside the shell.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="card narrow">
        <h1>{t("notFound.title")}</h1>
        <p className="muted">{t("notFound.body")}</p>
        <Link to="/" className="button button-primary">
          {t("notFound.home")}
        </Link>
      </section>
    </div>
  );
}
