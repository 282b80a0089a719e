// One case: its details, the history (oldest first), and the actions an open case allows (a
// note, escalation to the parent department, closing with a resolution and how the customer
// was told); once closed, the customer's satisfaction (1–5).
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import {
  addCaseNoteMutation,
  caseQuery,
  closeCaseMutation,
  departmentsQuery,
  escalateCaseMutation,
  rateCaseMutation,
} from "../features/crm/cases/operations";
import type { CaseFieldsFragment } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { ErrorAlert } from "../kit/ErrorAlert";
import { SelectField, TextAreaField, TextField } from "../kit/fields";
import { DetailFrame } from "../kit/ResourcePage";
import { CASE_CHANNELS } from "../lib/cases";
import { formatDateTime } from "../lib/format";
import { actorName, useUsers } from "../shell/useUsers";
import { CaseKindLabel, ChannelLabel, DueTime, PriorityBadge } from "./CasesPage";

type Case = CaseFieldsFragment;

export function CasePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const result = useQuery(caseQuery, { id });
  const departments = useQuery(departmentsQuery, {});
  const { users } = useUsers();
  const lang = currentLanguage();
  const c = result.data?.case;
  const deptName = (id: string) => departments.data?.departments.find((d) => d.id === id)?.name ?? "—";

  if (!c) {
    return <DetailFrame back="/cases" backLabel={t("cases.title")} testId="case-page" error={result.error} onRetry={result.refetch} />;
  }

  return (
    <DetailFrame
      back="/cases"
      backLabel={t("cases.title")}
      testId="case-page"
      attrs={{ "data-case-id": c.id, "data-status": c.status }}
      titleTestId="case-subject"
      title={
        <>
          {c.subject} <PriorityBadge priority={c.priority} />{" "}
          <span className={c.status === "open" ? "badge badge-ok" : "badge badge-muted"} data-testid="case-status">
            {c.status === "open" || c.status === "closed" ? t(`cases.statuses.${c.status}`) : c.status}
          </span>
        </>
      }
      subtitle={t("cases.view.subtitle")}
    >
      <section className="card" aria-labelledby="case-details-title" data-testid="case-details">
        <h2 id="case-details-title">{t("cases.view.details")}</h2>
        <dl className="details">
          <dt>{t("cases.fields.kind")}</dt>
          <dd><CaseKindLabel kind={c.kind} /></dd>
          <dt>{t("cases.fields.category")}</dt>
          <dd>{c.category}</dd>
          <dt>{t("cases.fields.department")}</dt>
          <dd data-testid="case-department">{deptName(c.departmentId)}</dd>
          <dt>{t("cases.fields.escalation")}</dt>
          <dd data-testid="case-escalation">{c.escalationLevel}</dd>
          <dt>{t("cases.fields.channel")}</dt>
          <dd><ChannelLabel channel={c.channel} /></dd>
          <dt>{t("cases.fields.createdAt")}</dt>
          <dd>
            {formatDateTime(c.createdAt, lang)} <DueTime c={c} />
          </dd>
          {c.contactId && (
            <>
              <dt>{t("cases.fields.contact")}</dt>
              <dd>
                <Link to={`/contacts/${c.contactId}`}>{t("cases.view.openContact")}</Link>
              </dd>
            </>
          )}
          {c.description !== "" && (
            <>
              <dt>{t("cases.fields.description")}</dt>
              <dd className="pre-wrap">{c.description}</dd>
            </>
          )}
          {c.resolution && (
            <>
              <dt>{t("cases.fields.resolution")}</dt>
              <dd data-testid="case-resolution">
                {c.resolution} (<ChannelLabel channel={c.notifiedVia ?? ""} />)
              </dd>
            </>
          )}
          {c.satisfaction !== null && (
            <>
              <dt>{t("cases.fields.satisfaction")}</dt>
              <dd data-testid="case-satisfaction">{"★".repeat(c.satisfaction)}</dd>
            </>
          )}
        </dl>
      </section>
      {c.status === "open" && <CaseActions c={c} onChanged={result.refetch} />}
      {c.status === "closed" && <RateForm c={c} onChanged={result.refetch} />}
      <section className="card" aria-labelledby="case-history-title" data-testid="case-history">
        <h2 id="case-history-title">{t("cases.view.history")}</h2>
        <ol className="timeline">
          {c.events.map((e, i) => (
            <li key={i} className="timeline-event" data-kind={e.kind}>
              <span className="badge timeline-kind">{e.kind}</span>
              <span className="timeline-summary">{e.text}</span>
              <span className="small muted">{actorName(e.actor, users)}</span>
              <time className="small muted" dateTime={e.at}>
                {formatDateTime(e.at, lang)}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </DetailFrame>
  );
}

function CaseActions({ c, onChanged }: { c: Case; onChanged: () => void }) {
  const { t } = useTranslation();
  const note = useMutation(addCaseNoteMutation);
  const escalate = useMutation(escalateCaseMutation);
  const close = useMutation(closeCaseMutation);
  const [text, setText] = useState("");
  const [reason, setReason] = useState("");
  const [resolution, setResolution] = useState("");
  const [notifiedVia, setNotifiedVia] = useState("");
  const [closeSubmitted, setCloseSubmitted] = useState(false);

  const onNote = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (text.trim() === "") return;
    if (await note.mutate({ id: c.id, text: text.trim() })) {
      setText("");
      onChanged();
    }
  };
  const onEscalate = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await escalate.mutate({ id: c.id, reason: reason.trim() })) {
      setReason("");
      onChanged();
    }
  };
  const onClose = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCloseSubmitted(true);
    if (resolution.trim() === "" || notifiedVia === "") return;
    if (await close.mutate({ id: c.id, resolution: resolution.trim(), notifiedVia })) onChanged();
  };

  return (
    <>
      <section className="card" aria-labelledby="case-note-title" data-testid="case-note">
        <h2 id="case-note-title">{t("cases.note.title")}</h2>
        {note.error && <ErrorAlert error={note.error} />}
        <form className="form" noValidate onSubmit={(e) => void onNote(e)}>
          <TextAreaField label={t("cases.note.text")} value={text} rows={2} onValueChange={setText} />
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={note.loading}>
              {t("cases.note.submit")}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="case-escalate-title" data-testid="case-escalate">
        <h2 id="case-escalate-title">{t("cases.escalate.title")}</h2>
        {escalate.error && <ErrorAlert error={escalate.error} />}
        <form className="form" noValidate onSubmit={(e) => void onEscalate(e)}>
          <TextField label={t("cases.escalate.reason")} value={reason} onValueChange={setReason} />
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={escalate.loading}>
              {t("cases.escalate.submit")}
            </button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="case-close-title" data-testid="case-close">
        <h2 id="case-close-title">{t("cases.close.title")}</h2>
        {close.error && <ErrorAlert error={close.error} />}
        <form className="form" noValidate onSubmit={(e) => void onClose(e)}>
          <TextAreaField
            label={t("cases.fields.resolution")}
            value={resolution}
            rows={2}
            error={closeSubmitted && resolution.trim() === "" ? t("validation.required") : null}
            onValueChange={setResolution}
          />
          <SelectField
            label={t("cases.fields.notifiedVia")}
            value={notifiedVia}
            options={[
              { value: "", label: t("cases.close.choose") },
              ...CASE_CHANNELS.map((ch) => ({ value: ch, label: t(`cases.channels.${ch}`) })),
            ]}
            hint={closeSubmitted && notifiedVia === "" ? t("validation.required") : undefined}
            onValueChange={setNotifiedVia}
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={close.loading}>
              {t("cases.close.submit")}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

function RateForm({ c, onChanged }: { c: Case; onChanged: () => void }) {
  const { t } = useTranslation();
  const rate = useMutation(rateCaseMutation);
  const [score, setScore] = useState(String(c.satisfaction ?? 5));

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await rate.mutate({ id: c.id, score: Number(score) })) onChanged();
  };

  return (
    <section className="card" aria-labelledby="case-rate-title" data-testid="case-rate">
      <h2 id="case-rate-title">{t("cases.rate.title")}</h2>
      {rate.error && <ErrorAlert error={rate.error} />}
      <form className="form-inline" noValidate onSubmit={(e) => void onSubmit(e)}>
        <SelectField
          label={t("cases.fields.satisfaction")}
          value={score}
          options={["1", "2", "3", "4", "5"].map((s) => ({ value: s, label: s }))}
          onValueChange={setScore}
        />
        <button type="submit" className="button button-primary" disabled={rate.loading}>
          {t("cases.rate.submit")}
        </button>
      </form>
    </section>
  );
}
