// Profile: the signed-in account and changing its password.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "../api/hooks";
import { AccountCard } from "../features/accounts/AccountCard";
import { changePasswordMutation } from "../features/accounts/operations";
import { ErrorAlert, SuccessAlert } from "../kit/ErrorAlert";
import { TextField } from "../kit/fields";
import { PageFrame } from "../kit/ResourcePage";
import { PASSWORD_MIN } from "../lib/validation";
import { useShell } from "../shell/context";

export function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useShell();
  return (
    <PageFrame title={t("profile.title")} subtitle={t("profile.subtitle")}>
      <div className="grid-2">
        <AccountCard id="profile-account-title" title={t("profile.account")} me={me}>
          <dt>{t("overview.organisation")}</dt>
          <dd>
            {me.tenant.name} <code>{me.tenant.slug}</code>
          </dd>
        </AccountCard>
        <ChangePasswordCard />
      </div>
    </PageFrame>
  );
}

function ChangePasswordCard() {
  const { t } = useTranslation();
  const change = useMutation(changePasswordMutation);
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState(false);

  const required = t("validation.required");
  const problems = {
    current: currentPassword === "" ? required : null,
    next:
      newPassword === ""
        ? required
        : newPassword.length < PASSWORD_MIN
          ? t("validation.passwordShort", { min: PASSWORD_MIN })
          : null,
    confirm: confirm !== newPassword ? t("validation.mismatch") : null,
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setDone(false);
    if (currentPassword === "" || newPassword === "" || problems.confirm) return;
    const data = await change.mutate({ input: { currentPassword, newPassword } });
    if (data) {
      setDone(true);
      setSubmitted(false);
      setCurrentPassword("");
      setNewPassword("");
      setConfirm("");
    }
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t("profile.changePassword.title")}</h2>
      {change.error && <ErrorAlert error={change.error} />}
      {done && <SuccessAlert>{t("profile.changePassword.done")}</SuccessAlert>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label={t("profile.changePassword.current")}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onValueChange={setCurrentPassword}
          error={submitted ? problems.current : null}
        />
        <TextField
          label={t("profile.changePassword.new")}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onValueChange={setNewPassword}
          hint={t("auth.signup.passwordHint", { min: PASSWORD_MIN })}
          error={submitted ? problems.next : null}
        />
        <TextField
          label={t("profile.changePassword.confirm")}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onValueChange={setConfirm}
          error={submitted ? problems.confirm : null}
        />
        <button type="submit" className="button button-primary" disabled={change.loading}>
          {change.loading ? t("profile.changePassword.submitting") : t("profile.changePassword.submit")}
        </button>
      </form>
    </section>
  );
}
