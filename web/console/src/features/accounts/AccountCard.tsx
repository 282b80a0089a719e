// The signed-in user's account as a card: email, role and whether it is active, then the rows
// the page adds (member since, organisation, …).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ActiveBadge, RoleBadge } from "../../kit/badges";
import type { Me } from "../../shell/context";

export function AccountCard({ id, title, me, children }: { id: string; title: string; me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <dl className="details">
        <dt>{t("overview.email")}</dt>
        <dd>{me.email}</dd>
        <dt>{t("overview.role")}</dt>
        <dd>
          <RoleBadge role={me.role} />
        </dd>
        <dt>{t("overview.status")}</dt>
        <dd>
          <ActiveBadge active={me.active} />
        </dd>
        {children}
      </dl>
    </section>
  );
}
