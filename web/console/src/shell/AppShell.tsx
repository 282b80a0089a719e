// The logged-in frame: sidebar navigation, a header with tenant, user, language and log-out,
// and the current page. Loads `me` once and keeps the live event feed and the agent desktop
// (the softphone and its call) for all pages.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { useQuery } from "../api/hooks";
import { useAuth } from "../auth/context";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { DeskIndicator, RemoteAudio } from "../desk/ShellParts";
import { useDesk } from "../desk/useDesk";
import { meQuery } from "../features/accounts/operations";
import { RoleBadge } from "../kit/badges";
import { ErrorAlert } from "../kit/ErrorAlert";
import { canSupervise, canViewConfig } from "../lib/roles";
import type { LiveFeed, Me, ShellContext } from "./context";
import { useTenantEvents } from "./useTenantEvents";

const NAV_ITEMS = [
  { to: "/", key: "nav.overview", icon: "◧", end: true },
  { to: "/desk", key: "nav.desk", icon: "✆", end: false },
  { to: "/contacts", key: "nav.contacts", icon: "☺", end: false },
  { to: "/cards", key: "nav.cards", icon: "▭", end: false },
  { to: "/cases", key: "nav.cases", icon: "✉", end: false },
  { to: "/requests", key: "nav.requests", icon: "✈", end: false },
  { to: "/knowledge", key: "nav.knowledge", icon: "❏", end: false },
  { to: "/users", key: "nav.users", icon: "◉", end: false },
  { to: "/profile", key: "nav.profile", icon: "◌", end: false },
] as const;

/** The contact-center configuration: shown to supervisors and above (agents are refused). */
const CONFIG_NAV_ITEMS = [
  { to: "/calls", key: "nav.calls", icon: "☎", end: false },
  { to: "/flows", key: "nav.flows", icon: "⑂", end: false },
  { to: "/queues", key: "nav.queues", icon: "☰", end: false },
  { to: "/prompts", key: "nav.prompts", icon: "♪", end: false },
  { to: "/numbers", key: "nav.numbers", icon: "☏", end: false },
  { to: "/business-hours", key: "nav.hours", icon: "◷", end: false },
  { to: "/skill-groups", key: "nav.skills", icon: "★", end: false },
  { to: "/trunks", key: "nav.trunks", icon: "⇄", end: false },
] as const;

export function AppShell() {
  const { t } = useTranslation();
  const me = useQuery(meQuery, {});
  const feed = useTenantEvents(me.data !== undefined);

  if (!me.data) {
    return (
      <div className="center-screen">
        {me.error ? (
          <div className="card narrow">
            <ErrorAlert error={me.error} onRetry={me.refetch} />
          </div>
        ) : (
          <p className="muted" role="status">
            {t("common.loading")}
          </p>
        )}
      </div>
    );
  }

  return <ShellFrame user={me.data.me} feed={feed} />;
}

function ShellFrame({ user, feed }: { user: Me; feed: LiveFeed }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const [loggingOut, setLoggingOut] = useState(false);
  const desk = useDesk(user.id, canSupervise(user.role));
  const context: ShellContext = { me: user, feed, desk };
  const logOut = async () => {
    setLoggingOut(true);
    // No more calls for someone who left the console (best effort: the session ends anyway).
    if (desk.presence && desk.presence.state !== "LOGGED_OUT") await desk.setPresence("LOGGED_OUT");
    await signOut();
  };

  return (
    <div className="shell" data-testid="app-shell">
      <aside className="sidebar">
        <div className="brand brand-inverse">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t("app.name")}</span>
        </div>
        <nav className="nav" aria-label={t("nav.label")} data-testid="app-nav">
          <ul>
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="nav-link">
                  <span className="nav-icon" aria-hidden="true">
                    {item.icon}
                  </span>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
          {canViewConfig(user.role) && (
            <>
              <h2 className="nav-section" id="nav-config">
                {t("nav.config")}
              </h2>
              <ul aria-labelledby="nav-config" data-testid="config-nav">
                {CONFIG_NAV_ITEMS.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} className="nav-link">
                      <span className="nav-icon" aria-hidden="true">
                        {item.icon}
                      </span>
                      {t(item.key)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </>
          )}
        </nav>
      </aside>
      <div className="shell-main">
        <header className="topbar">
          <div className="tenant" role="group" aria-label={t("header.organisation")}>
            <span className="tenant-name" data-testid="tenant-name">
              {user.tenant.name}
            </span>
            <span className="tenant-slug" data-testid="tenant-slug">
              {user.tenant.slug}
            </span>
          </div>
          <div className="topbar-actions">
            <DeskIndicator desk={desk} />
            <LanguageSwitch />
            <div className="current-user" role="group" aria-label={t("header.account")}>
              <span className="current-user-email" data-testid="current-user-email">
                {user.email}
              </span>
              <RoleBadge role={user.role} testId="current-user-role" />
            </div>
            <button
              type="button"
              className="button button-secondary"
              disabled={loggingOut}
              onClick={() => void logOut()}
            >
              {loggingOut ? t("header.loggingOut") : t("header.logOut")}
            </button>
          </div>
        </header>
        <main className="content">
          <Outlet context={context} />
        </main>
        <RemoteAudio stream={desk.remoteStream} />
      </div>
    </div>
  );
}
