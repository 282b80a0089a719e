// Sign-up: a new organisation (tenant) and its owner. The slug follows the name until the user
// edits it. Hints guide; only empty fields block the request, the server judges the rest.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation } from "../api/hooks";
import { useAuth } from "../auth/context";
import { signUpMutation } from "../features/accounts/operations";
import { ErrorAlert } from "../kit/ErrorAlert";
import { TextField } from "../kit/fields";
import { SLUG_MAX, SLUG_MIN, slugProblem, suggestSlug } from "../lib/slug";
import { PASSWORD_MIN, looksLikeEmail } from "../lib/validation";

type Field = "tenantName" | "tenantSlug" | "email" | "password";

export function SignUpPage() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const signUp = useMutation(signUpMutation, { auth: false });
  const [tenantName, setTenantName] = useState("");
  const [slugInput, setSlugInput] = useState<string | null>(null); // null: follow the name
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  const tenantSlug = slugInput ?? suggestSlug(tenantName);
  const touch = (field: Field) => () => {
    setTouched((prev) => new Set(prev).add(field));
  };

  const required = t("validation.required");
  const slugMessages = {
    required,
    chars: t("validation.slugChars"),
    length: t("validation.slugLength", { min: SLUG_MIN, max: SLUG_MAX }),
    edges: t("validation.slugEdges"),
  };
  const slugIssue = slugProblem(tenantSlug);
  const problems: Record<Field, string | null> = {
    tenantName: tenantName.trim() === "" ? required : null,
    tenantSlug: slugIssue ? slugMessages[slugIssue] : null,
    email: email.trim() === "" ? required : looksLikeEmail(email) ? null : t("validation.email"),
    password:
      password === ""
        ? required
        : password.length < PASSWORD_MIN
          ? t("validation.passwordShort", { min: PASSWORD_MIN })
          : null,
  };
  const blocking =
    tenantName.trim() === "" || tenantSlug === "" || email.trim() === "" || password === "";
  const shown = (field: Field) => {
    if (signUp.error?.field === field) return signUp.error.message;
    return submitted || touched.has(field) ? problems[field] : null;
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (blocking) return;
    const data = await signUp.mutate({
      input: { tenantName: tenantName.trim(), tenantSlug, email: email.trim(), password },
    });
    if (data) signIn(data.signUp);
  };

  return (
    <section className="card auth-card" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("auth.signup.title")}</h1>
      <p className="muted">{t("auth.signup.subtitle")}</p>
      {signUp.error && <ErrorAlert error={signUp.error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label={t("auth.signup.tenantName")}
          name="tenantName"
          autoComplete="organization"
          value={tenantName}
          onValueChange={setTenantName}
          onBlur={touch("tenantName")}
          error={shown("tenantName")}
        />
        <TextField
          label={t("auth.signup.tenantSlug")}
          name="tenantSlug"
          autoCapitalize="none"
          spellCheck={false}
          value={tenantSlug}
          onValueChange={(value) => {
            setSlugInput(value);
          }}
          onBlur={touch("tenantSlug")}
          hint={t("auth.signup.slugHint")}
          error={shown("tenantSlug")}
        />
        <TextField
          label={t("auth.signup.email")}
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onValueChange={setEmail}
          onBlur={touch("email")}
          error={shown("email")}
        />
        <TextField
          label={t("auth.signup.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onValueChange={setPassword}
          onBlur={touch("password")}
          hint={t("auth.signup.passwordHint", { min: PASSWORD_MIN })}
          error={shown("password")}
        />
        <button type="submit" className="button button-primary button-block" disabled={signUp.loading}>
          {signUp.loading ? t("auth.signup.submitting") : t("auth.signup.submit")}
        </button>
      </form>
      <p className="auth-switch">
        {t("auth.signup.haveAccount")} <Link to="/login">{t("auth.signup.loginLink")}</Link>
      </p>
    </section>
  );
}
