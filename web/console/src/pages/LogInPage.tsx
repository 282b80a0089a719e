// Log-in: organisation slug, email and password → logIn → the shell.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation } from "../api/hooks";
import { useAuth } from "../auth/context";
import { logInMutation } from "../features/accounts/operations";
import { ErrorAlert } from "../kit/ErrorAlert";
import { TextField } from "../kit/fields";
import { looksLikeEmail } from "../lib/validation";

export function LogInPage() {
  const { t } = useTranslation();
  const { signIn, sessionExpired } = useAuth();
  const logIn = useMutation(logInMutation, { auth: false });
  const [tenantSlug, setTenantSlug] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [submitted, setSubmitted] = useState(false);

  const problems = {
    tenantSlug: tenantSlug.trim() === "" ? t("validation.required") : null,
    email:
      email.trim() === ""
        ? t("validation.required")
        : looksLikeEmail(email)
          ? null
          : t("validation.email"),
    password: password === "" ? t("validation.required") : null,
  };
  const show = (problem: string | null) => (submitted ? problem : null);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (problems.tenantSlug || problems.email || problems.password) return;
    const data = await logIn.mutate({
      input: { tenantSlug: tenantSlug.trim(), email: email.trim(), password },
    });
    if (data) signIn(data.logIn);
  };

  return (
    <section className="card auth-card" aria-labelledby="login-title">
      <h1 id="login-title">{t("auth.login.title")}</h1>
      <p className="muted">{t("auth.login.subtitle")}</p>
      {sessionExpired && !logIn.error && (
        <div className="alert alert-info" role="status">
          <div className="alert-body">{t("auth.login.expired")}</div>
        </div>
      )}
      {logIn.error && <ErrorAlert error={logIn.error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label={t("auth.login.tenantSlug")}
          name="tenantSlug"
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          value={tenantSlug}
          onValueChange={setTenantSlug}
          error={show(problems.tenantSlug)}
        />
        <TextField
          label={t("auth.login.email")}
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onValueChange={setEmail}
          error={show(problems.email)}
        />
        <TextField
          label={t("auth.login.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValueChange={setPassword}
          error={show(problems.password)}
        />
        <button type="submit" className="button button-primary button-block" disabled={logIn.loading}>
          {logIn.loading ? t("auth.login.submitting") : t("auth.login.submit")}
        </button>
      </form>
      <p className="auth-switch">
        {t("auth.login.noAccount")} <Link to="/signup">{t("auth.login.signupLink")}</Link>
      </p>
    </section>
  );
}
