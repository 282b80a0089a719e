// Users: the tenant's members (deactivate / reactivate), inviting someone (the token and link
// are shown once), and the invitations (revoke). Lists reload when a tenant event arrives.
import { useEffect, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, type QueryResult } from "../api/hooks";
import {
  deactivateUserMutation,
  invitationsQuery,
  inviteUserMutation,
  reactivateUserMutation,
  revokeInvitationMutation,
  usersQuery,
} from "../features/accounts/operations";
import type { InvitationsQuery, InviteUserMutation, Role, UsersQuery } from "../gql/graphql";
import { ActiveBadge, RoleBadge } from "../kit/badges";
import { ErrorAlert, SuccessAlert } from "../kit/ErrorAlert";
import { CopyField, SelectField, TextField } from "../kit/fields";
import { PageFrame } from "../kit/ResourcePage";
import { TableCard } from "../kit/ResourceTable";
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
    <PageFrame title={t("users.title")} subtitle={t("users.subtitle")}>
      <InviteCard
        onInvited={() => {
          refetchInvitations();
        }}
      />
      <UsersTable users={users} onChanged={refetchUsers} />
      <InvitationsTable invitations={invitations} onChanged={refetchInvitations} />
    </PageFrame>
  );
}

function UsersTable({ users, onChanged }: { users: QueryResult<UsersQuery>; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useShell();
  return (
    <TableCard
      id="users"
      title={t("users.members")}
      rows={users.data?.users}
      error={users.error}
      onRetry={users.refetch}
      empty={t("users.empty")}
      rowProps={(user) => ({ "data-user-id": user.id })}
      columns={[
        {
          header: t("users.columns.email"),
          cell: (user) => (
            <>
              {user.email}
              {user.id === me.id && <span className="muted"> ({t("common.yourself")})</span>}
            </>
          ),
        },
        { header: t("users.columns.role"), cell: (user) => <RoleBadge role={user.role} /> },
        { header: t("users.columns.status"), cell: (user) => <ActiveBadge active={user.active} /> },
        { header: t("users.columns.joined"), cell: (user) => formatDate(user.createdAt, i18n.language) },
        {
          header: t("users.columns.actions"),
          className: "actions",
          cell: (user) => user.id !== me.id && <UserActions user={user} onChanged={onChanged} />,
        },
      ]}
    />
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
  invitations: QueryResult<InvitationsQuery>;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [now] = useState(() => Date.now());
  return (
    <TableCard
      id="invitations"
      title={t("users.invitations.title")}
      rows={invitations.data?.invitations}
      error={invitations.error}
      onRetry={invitations.refetch}
      empty={t("users.invitations.empty")}
      rowProps={(invitation) => ({ "data-invitation-id": invitation.id })}
      columns={[
        { header: t("users.invitations.columns.email"), cell: (invitation) => invitation.email },
        { header: t("users.invitations.columns.role"), cell: (invitation) => <RoleBadge role={invitation.role} /> },
        {
          header: t("users.invitations.columns.status"),
          cell: (invitation) => {
            const status = invitationStatus(invitation, now);
            return <span className={`badge badge-invitation-${status}`}>{t(`users.invitations.status.${status}`)}</span>;
          },
        },
        {
          header: t("users.invitations.columns.expires"),
          cell: (invitation) => formatDateTime(invitation.expiresAt, i18n.language),
        },
        {
          header: t("users.invitations.columns.actions"),
          className: "actions",
          cell: (invitation) =>
            invitationStatus(invitation, now) === "pending" && <RevokeButton id={invitation.id} onChanged={onChanged} />,
        },
      ]}
    />
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
