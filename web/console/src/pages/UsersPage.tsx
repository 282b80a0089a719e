// Users: the tenant's members (deactivate / reactivate), inviting someone (the token and link
// are shown once), and the invitations (revoke). Lists reload when a tenant event arrives.
import { useEffect, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  deactivateUserMutation,
  invitationsQuery,
  inviteUserMutation,
  reactivateUserMutation,
  revokeInvitationMutation,
  usersQuery,
} from "../api/operations";
import { ActiveBadge, RoleBadge } from "../components/badges";
import { ErrorAlert, SuccessAlert } from "../components/ErrorAlert";
import { CopyField, SelectField, TextField } from "../components/fields";
import type { InvitationsQuery, InviteUserMutation, Role, UsersQuery } from "../gql/graphql";
import { formatDate, formatDateTime } from "../lib/format";
import { acceptInviteLink } from "../lib/links";
import { looksLikeEmail } from "../lib/validation";
import { useShell } from "../shell/context";

const INVITABLE_ROLES: readonly Role[] = ["AGENT", "SUPERVISOR", "ADMIN"];

type User = UsersQuery["users"][number];
type Invitation = InvitationsQuery["invitations"][number];
type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

function invitationStatus(invitation: Invitation, now: number): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (new Date(invitation.expiresAt).getTime() < now) return "expired";
  return "pending";
}

export function UsersPage() {
  const { t } = useTranslation();
  const { feed } = useShell();
  const users = useQuery(usersQuery, {});
  const invitations = useQuery(invitationsQuery, {});
  const latestEvent = feed.events[0]?.id;
  const [eventAtMount] = useState(latestEvent);
  const { refetch: refetchUsers } = users;
  const { refetch: refetchInvitations } = invitations;

  useEffect(() => {
    if (latestEvent === undefined || latestEvent === eventAtMount) return;
    refetchUsers();
    refetchInvitations();
  }, [latestEvent, eventAtMount, refetchUsers, refetchInvitations]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("users.title")}</h1>
        <p className="muted">{t("users.subtitle")}</p>
      </header>
      <InviteCard
        onInvited={() => {
          refetchInvitations();
        }}
      />
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("users.members")}</h2>
        {users.error && <ErrorAlert error={users.error} onRetry={refetchUsers} />}
        {users.data && <UsersTable users={users.data.users} onChanged={refetchUsers} />}
        {!users.data && !users.error && <p className="muted">{t("common.loading")}</p>}
      </section>
      <section className="card" aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t("users.invitations.title")}</h2>
        {invitations.error && <ErrorAlert error={invitations.error} onRetry={refetchInvitations} />}
        {invitations.data && (
          <InvitationsTable invitations={invitations.data.invitations} onChanged={refetchInvitations} />
        )}
        {!invitations.data && !invitations.error && <p className="muted">{t("common.loading")}</p>}
      </section>
    </div>
  );
}

function UsersTable({ users, onChanged }: { users: readonly User[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useShell();
  if (users.length === 0) return <p className="empty">{t("users.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t("users.columns.email")}</th>
            <th scope="col">{t("users.columns.role")}</th>
            <th scope="col">{t("users.columns.status")}</th>
            <th scope="col">{t("users.columns.joined")}</th>
            <th scope="col" className="actions">
              {t("users.columns.actions")}
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <td>
                {user.email}
                {user.id === me.id && <span className="muted"> ({t("common.yourself")})</span>}
              </td>
              <td>
                <RoleBadge role={user.role} />
              </td>
              <td>
                <ActiveBadge active={user.active} />
              </td>
              <td>{formatDate(user.createdAt, i18n.language)}</td>
              <td className="actions">
                {user.id !== me.id && <UserActions user={user} onChanged={onChanged} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserActions({ user, onChanged }: { user: User; onChanged: () => void }) {
  const { t } = useTranslation();
  const deactivate = useMutation(deactivateUserMutation);
  const reactivate = useMutation(reactivateUserMutation);
  const action = user.active ? deactivate : reactivate;
  const error = deactivate.error ?? reactivate.error;
  return (
    <div className="row-actions">
      <button
        type="button"
        className={user.active ? "button button-danger button-small" : "button button-secondary button-small"}
        disabled={action.loading}
        onClick={() => {
          void action.mutate({ id: user.id }).then((data) => {
            if (data) onChanged();
          });
        }}
      >
        {user.active ? t("users.deactivate") : t("users.reactivate")}
      </button>
      {error && <ErrorAlert error={error} />}
    </div>
  );
}

function InvitationsTable({
  invitations,
  onChanged,
}: {
  invitations: readonly Invitation[];
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [now] = useState(() => Date.now());
  if (invitations.length === 0) return <p className="empty">{t("users.invitations.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="invitations-table">
        <thead>
          <tr>
            <th scope="col">{t("users.invitations.columns.email")}</th>
            <th scope="col">{t("users.invitations.columns.role")}</th>
            <th scope="col">{t("users.invitations.columns.status")}</th>
            <th scope="col">{t("users.invitations.columns.expires")}</th>
            <th scope="col" className="actions">
              {t("users.invitations.columns.actions")}
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => {
            const status = invitationStatus(invitation, now);
            return (
              <tr key={invitation.id} data-invitation-id={invitation.id}>
                <td>{invitation.email}</td>
                <td>
                  <RoleBadge role={invitation.role} />
                </td>
                <td>
                  <span className={`badge badge-invitation-${status}`}>
                    {t(`users.invitations.status.${status}`)}
                  </span>
                </td>
                <td>{formatDateTime(invitation.expiresAt, i18n.language)}</td>
                <td className="actions">
                  {status === "pending" && <RevokeButton id={invitation.id} onChanged={onChanged} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RevokeButton({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const revoke = useMutation(revokeInvitationMutation);
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button button-danger button-small"
        disabled={revoke.loading}
        onClick={() => {
          void revoke.mutate({ id }).then((data) => {
            if (data) onChanged();
          });
        }}
      >
        {t("users.invitations.revoke")}
      </button>
      {revoke.error && <ErrorAlert error={revoke.error} />}
    </div>
  );
}

function InviteCard({ onInvited }: { onInvited: () => void }) {
  const { t, i18n } = useTranslation();
  const invite = useMutation(inviteUserMutation);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("AGENT");
  const [submitted, setSubmitted] = useState(false);
  const [created, setCreated] = useState<InviteUserMutation["inviteUser"] | null>(null);
  const [copied, setCopied] = useState(false);

  const emailProblem =
    email.trim() === "" ? t("validation.required") : looksLikeEmail(email) ? null : t("validation.email");

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (email.trim() === "") return;
    const data = await invite.mutate({ input: { email: email.trim(), role } });
    if (data) {
      setCreated(data.inviteUser);
      setCopied(false);
      setEmail("");
      setSubmitted(false);
      onInvited();
    }
  };

  const copy = (link: string) => {
    void navigator.clipboard.writeText(link).then(
      () => {
        setCopied(true);
      },
      () => {
        setCopied(false);
      },
    );
  };

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("users.invite.title")}</h2>
      <p className="muted">{t("users.invite.subtitle")}</p>
      {invite.error && <ErrorAlert error={invite.error} />}
      {created ? (
        <div className="invite-result">
          <SuccessAlert>
            <p>{t("users.invite.created", { email: created.invitation.email })}</p>
            <p className="muted">
              {t("users.invite.expires", { date: formatDateTime(created.invitation.expiresAt, i18n.language) })}
            </p>
          </SuccessAlert>
          <CopyField
            label={t("users.invite.link")}
            value={acceptInviteLink(created.token)}
            copyLabel={t("users.invite.copy")}
            copiedLabel={t("users.invite.copied")}
            copied={copied}
            onCopy={() => {
              copy(acceptInviteLink(created.token));
            }}
          />
          <CopyField label={t("users.invite.token")} value={created.token} />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setCreated(null);
            }}
          >
            {t("users.invite.another")}
          </button>
        </div>
      ) : (
        <form className="form form-inline" noValidate onSubmit={(e) => void onSubmit(e)}>
          <TextField
            label={t("users.invite.email")}
            name="inviteEmail"
            type="email"
            autoComplete="off"
            value={email}
            onValueChange={setEmail}
            error={submitted ? emailProblem : null}
          />
          <SelectField
            label={t("users.invite.role")}
            name="inviteRole"
            value={role}
            options={INVITABLE_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            onValueChange={setRole}
          />
          <button type="submit" className="button button-primary" disabled={invite.loading}>
            {invite.loading ? t("users.invite.submitting") : t("users.invite.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
