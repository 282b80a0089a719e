// Accepting an invitation: the token comes from the link, the invitee chooses a password, and
// acceptInvite logs them straight into the shell.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMutation } from "../api/hooks";
import { useAuth } from "../auth/context";
import { acceptInviteMutation } from "../features/accounts/operations";
import { ErrorAlert } from "../kit/ErrorAlert";
import { TextField } from "../kit/fields";
import { PASSWORD_MIN } from "../lib/validation";

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const { signIn } = useAuth();
  const accept = useMutation(acceptInviteMutation, { auth: false });
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const passwordProblem =
    password === ""
      ? t("validation.required")
      : password.length < PASSWORD_MIN
        ? t("validation.passwordShort", { min: PASSWORD_MIN })
        : null;
  const confirmProblem = confirm !== password ? t("validation.mismatch") : null;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (password === "" || confirmProblem) return;
    const data = await accept.mutate({ input: { token, password } });
    if (data) {
      signIn(data.acceptInvite);
      void navigate("/", { replace: true });
    }
  };

  return (
    <section className="card auth-card" aria-labelledby="accept-title">
      <h1 id="accept-title">{t("auth.accept.title")}</h1>
      {token === "" ? (
        <>
          <div className="alert alert-error" role="alert">
            <div className="alert-body">{t("auth.accept.missingToken")}</div>
          </div>
          <p className="auth-switch">
            <Link to="/login">{t("auth.accept.loginLink")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t("auth.accept.subtitle")}</p>
          {accept.error && <ErrorAlert error={accept.error} />}
          <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
            <TextField
              label={t("auth.accept.password")}
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              onValueChange={setPassword}
              hint={t("auth.signup.passwordHint", { min: PASSWORD_MIN })}
              error={submitted ? passwordProblem : null}
            />
            <TextField
              label={t("auth.accept.confirm")}
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onValueChange={setConfirm}
              error={submitted ? confirmProblem : null}
            />
            <button type="submit" className="button button-primary button-block" disabled={accept.loading}>
              {accept.loading ? t("auth.accept.submitting") : t("auth.accept.submit")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
