// Overview: the signed-in user, their organisation and the live feed of tenant events.
import { useTranslation } from "react-i18next";
import type { TenantEvent } from "../api/events";
import { AccountCard } from "../features/accounts/AccountCard";
import type { Role } from "../gql/graphql";
import { RoleBadge } from "../kit/badges";
import { PageFrame } from "../kit/ResourcePage";
import { formatDate, formatTime } from "../lib/format";
import { useShell } from "../shell/context";

const ROLES: readonly Role[] = ["OWNER", "ADMIN", "SUPERVISOR", "AGENT"];

/** A role named in event data, in whatever case the server wrote it. */
function parseRole(value: unknown): Role | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.toUpperCase();
  return ROLES.find((role) => role === upper);
}

/** The parts of an event's free-form data worth a line: who, and in which role. */
function eventDetails(data: unknown): { email?: string; role?: Role; other?: string } {
  if (typeof data !== "object" || data === null) {
    return data === undefined || data === null ? {} : { other: JSON.stringify(data) };
  }
  const record = data as Record<string, unknown>;
  const email = typeof record.email === "string" ? record.email : undefined;
  const role = parseRole(record.role);
  if (email !== undefined || role !== undefined) return { email, role };
  const rest = JSON.stringify(record);
  return rest === "{}" ? {} : { other: rest };
}

function FeedItem({ event }: { event: TenantEvent }) {
  const { t, i18n } = useTranslation();
  const details = eventDetails(event.data);
  return (
    <li className={`feed-item feed-${event.kind.toLowerCase()}`} data-kind={event.kind}>
      <span className="feed-dot" aria-hidden="true" />
      <div className="feed-text">
        <span className="feed-kind">{t(`feed.kinds.${event.kind}`)}</span>
        {details.email && <span className="feed-email">{details.email}</span>}
        {details.role && <RoleBadge role={details.role} />}
        {details.other && <code className="feed-data">{details.other}</code>}
      </div>
      <time className="feed-time" dateTime={event.at}>
        {formatTime(event.at, i18n.language)}
      </time>
    </li>
  );
}

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const { me, feed } = useShell();
  return (
    <PageFrame title={t("overview.title")} subtitle={t("overview.subtitle")}>
      <div className="grid-2">
        <AccountCard id="account-title" title={t("overview.account")} me={me}>
          <dt>{t("overview.memberSince")}</dt>
          <dd>{formatDate(me.createdAt, i18n.language)}</dd>
        </AccountCard>
        <section className="card" aria-labelledby="org-title">
          <h2 id="org-title">{t("overview.organisation")}</h2>
          <dl className="details">
            <dt>{t("overview.name")}</dt>
            <dd>{me.tenant.name}</dd>
            <dt>{t("overview.slug")}</dt>
            <dd>
              <code>{me.tenant.slug}</code>
            </dd>
            <dt>{t("overview.created")}</dt>
            <dd>{formatDate(me.tenant.createdAt, i18n.language)}</dd>
          </dl>
        </section>
      </div>
      <section className="card" aria-labelledby="feed-title" data-testid="events-feed">
        <div className="card-header">
          <h2 id="feed-title">{t("feed.title")}</h2>
          <div className="card-header-actions">
            <span className={`live-status live-${feed.status}`} data-testid="events-status" data-state={feed.status}>
              <span className="live-dot" aria-hidden="true" />
              {t(`feed.status.${feed.status}`)}
            </span>
            {feed.status === "offline" && (
              <button type="button" className="button button-secondary button-small" onClick={feed.reconnect}>
                {t("feed.reconnect")}
              </button>
            )}
          </div>
        </div>
        {feed.events.length === 0 ? (
          <p className="empty">{t("feed.empty")}</p>
        ) : (
          <ol className="feed" aria-live="polite">
            {feed.events.map((event) => (
              <FeedItem key={event.id} event={event} />
            ))}
          </ol>
        )}
      </section>
    </PageFrame>
  );
}
