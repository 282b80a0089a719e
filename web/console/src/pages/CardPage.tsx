// One member card: balance and points, the transaction form (ADJUST for supervisors and above),
// the ledger (newest first) and a PIN check as the IVR does it. Each submitted transaction
// carries an idempotency key, kept when the answer was lost so that a retry never applies twice.
import { useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { toApiError, type ApiError } from "../api/errors";
import { useMutation, useQuery } from "../api/hooks";
import { api } from "../api/session";
import { memberCardQuery, postCardTransactionMutation, verifyCardPinMutation } from "../features/crm/cards/operations";
import { contactQuery } from "../features/crm/contacts/operations";
import type { CardTransactionKind, MemberCardQuery } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { ErrorAlert, SuccessAlert } from "../kit/ErrorAlert";
import { SelectField, TextField } from "../kit/fields";
import { DetailFrame } from "../kit/ResourcePage";
import { ResourceTable } from "../kit/ResourceTable";
import {
  afterAttempt,
  emptyTransactionDraft,
  fingerprintOf,
  formatYuan,
  keyFor,
  kindFields,
  ledgerKind,
  newIdempotencyKey,
  transactionInput,
  transactionKindsFor,
  transactionProblems,
  type PendingKey,
  type TransactionDraft,
} from "../lib/cards";
import { formatDateTime } from "../lib/format";
import { canSupervise } from "../lib/roles";
import { useShell } from "../shell/context";
import { actorName, useUsers } from "../shell/useUsers";
import { LockedBadge } from "./CardsPage";

type CardWithLedger = MemberCardQuery["memberCard"];
type LedgerEntry = CardWithLedger["ledger"][number];

const LEDGER_LIMIT = 100;

export function CardPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const card = useQuery(memberCardQuery, { id, ledgerLimit: LEDGER_LIMIT });
  const c = card.data?.memberCard;

  if (!c) {
    return <DetailFrame back="/cards" backLabel={t("cards.title")} testId="card-page" error={card.error} onRetry={card.refetch} />;
  }

  return (
    <DetailFrame
      back="/cards"
      backLabel={t("cards.title")}
      testId="card-page"
      attrs={{ "data-card-id": c.id }}
      title={
        <>
          {t("cards.view.title", { number: c.cardNumber })} <LockedBadge card={c} />
        </>
      }
      subtitle={t("cards.view.subtitle")}
    >
      <section className="card" aria-labelledby="card-summary-title" data-testid="card-summary">
        <h2 id="card-summary-title" className="visually-hidden">
          {t("cards.view.summary")}
        </h2>
        <div className="stats">
          <div className="stat">
            <span className="stat-label">{t("cards.fields.balance")}</span>
            <strong className="stat-value" data-testid="card-balance">
              {formatYuan(c.balanceMinor)}
            </strong>
          </div>
          <div className="stat">
            <span className="stat-label">{t("cards.fields.points")}</span>
            <strong className="stat-value" data-testid="card-points">
              {c.points}
            </strong>
          </div>
        </div>
        <dl className="details">
          <dt>{t("cards.fields.tier")}</dt>
          <dd>{c.tier}</dd>
          <dt>{t("cards.issue.overdraft")}</dt>
          <dd>{formatYuan(c.overdraftMinor)}</dd>
          <dt>{t("cards.fields.holder")}</dt>
          <dd>{c.contactId === null ? "—" : <HolderLink contactId={c.contactId} />}</dd>
          <dt>{t("cards.view.issued")}</dt>
          <dd>{formatDateTime(c.createdAt, currentLanguage())}</dd>
        </dl>
      </section>
      <TransactionForm cardId={c.id} onPosted={card.refetch} />
      <PinCheck cardNumber={c.cardNumber} onChecked={card.refetch} />
      <Ledger entries={c.ledger} />
    </DetailFrame>
  );
}

function HolderLink({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const holder = useQuery(contactQuery, { id: contactId, timelineLimit: 1 });
  return <Link to={`/contacts/${contactId}`}>{holder.data?.contact.name ?? (holder.error ? t("cards.holderLink") : "…")}</Link>;
}

function TransactionForm({ cardId, onPosted }: { cardId: string; onPosted: () => void }) {
  const { t } = useTranslation();
  const { me } = useShell();
  const kinds = transactionKindsFor(canSupervise(me.role));
  // Sent directly (not useMutation) to see the error's code: it decides whether the key is kept.
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [draft, setDraft] = useState<TransactionDraft>(emptyTransactionDraft);
  const [submitted, setSubmitted] = useState(false);
  const [result, setResult] = useState<{ replayed: boolean; kind: CardTransactionKind } | null>(null);
  // The key of the submission in flight, or of the last one whose answer was lost.
  const pending = useRef<PendingKey | null>(null);
  const inFlight = useRef(false);
  const fields = kindFields(draft.kind);
  const problems = submitted ? transactionProblems(draft) : [];
  const blamed = error?.field;
  const set = <K extends keyof TransactionDraft>(key: K, value: TransactionDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setResult(null);
  };
  const errorOf = (key: "amount" | "points" | "reason") => {
    if (problems.includes(key)) return key === "reason" ? t("validation.required") : t(key === "amount" ? "cards.form.badYuan" : "cards.form.badPoints");
    const serverField = key === "amount" ? "amountMinor" : key;
    return blamed === serverField && error ? error.message : null;
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (transactionProblems(draft).length > 0 || inFlight.current) return;
    const input = transactionInput(cardId, draft);
    const attempt = keyFor(pending.current, fingerprintOf(input), newIdempotencyKey);
    pending.current = attempt;
    inFlight.current = true;
    setPosting(true);
    setError(undefined);
    setResult(null);
    try {
      const data = await api.request(postCardTransactionMutation, { input: { ...input, idempotencyKey: attempt.key } });
      pending.current = afterAttempt(attempt, "ok");
      setResult({ replayed: data.postCardTransaction.replayed, kind: draft.kind });
      setDraft(emptyTransactionDraft(draft.kind));
      setSubmitted(false);
    } catch (e) {
      const failure = toApiError(e);
      // A lost answer keeps the key, so that submitting again cannot apply twice.
      pending.current = afterAttempt(attempt, failure.code);
      setError(failure);
    } finally {
      inFlight.current = false;
      setPosting(false);
    }
    onPosted();
  };

  return (
    <section className="card" aria-labelledby="card-tx-title" data-testid="card-transaction">
      <h2 id="card-tx-title">{t("cards.form.title")}</h2>
      {error && <ErrorAlert error={error} />}
      {result && (
        <SuccessAlert>
          {result.replayed ? t("cards.form.replayed") : t("cards.form.posted", { kind: t(`cards.kinds.${result.kind}`) })}
        </SuccessAlert>
      )}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="card-tx-form">
        <div className="form-grid">
          <SelectField<CardTransactionKind>
            label={t("cards.form.kind")}
            value={draft.kind}
            options={kinds.map((k) => ({ value: k, label: t(`cards.kinds.${k}`) }))}
            onValueChange={(v) => {
              set("kind", v);
              setError(undefined);
            }}
          />
          {fields.money && (
            <TextField
              label={t("cards.form.amount")}
              inputMode="decimal"
              value={draft.amount}
              placeholder={fields.signed ? "-10.00" : "100.00"}
              hint={fields.signed ? t("cards.form.signedHint") : t("cards.form.amountHint")}
              error={errorOf("amount")}
              onValueChange={(v) => {
                set("amount", v);
              }}
            />
          )}
          {fields.points && (
            <TextField
              label={t("cards.form.points")}
              inputMode="numeric"
              value={draft.points}
              placeholder={fields.signed ? "-5" : "10"}
              hint={fields.signed ? t("cards.form.signedHint") : undefined}
              error={errorOf("points")}
              onValueChange={(v) => {
                set("points", v);
              }}
            />
          )}
          <TextField
            label={t("cards.form.reason")}
            value={draft.reason}
            hint={draft.kind === "ADJUST" ? t("cards.form.reasonRequired") : undefined}
            error={errorOf("reason")}
            onValueChange={(v) => {
              set("reason", v);
            }}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={posting}>
            {posting ? t("cards.form.posting") : t("cards.form.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

function PinCheck({ cardNumber, onChecked }: { cardNumber: string; onChecked: () => void }) {
  const { t } = useTranslation();
  const verify = useMutation(verifyCardPinMutation);
  const [pin, setPin] = useState("");
  const [ok, setOk] = useState(false);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pin === "") return;
    setOk(false);
    const data = await verify.mutate({ cardNumber, pin });
    setPin("");
    if (data) setOk(true);
    onChecked();
  };

  const retryAfter = verify.error?.details.retryAfter;
  return (
    <section className="card" aria-labelledby="card-pin-title" data-testid="card-pin">
      <h2 id="card-pin-title">{t("cards.pin.title")}</h2>
      {ok && <SuccessAlert>{t("cards.pin.ok")}</SuccessAlert>}
      {verify.error?.code === "RATE_LIMITED" ? (
        <div className="alert alert-error" role="alert" data-code="RATE_LIMITED" data-testid="pin-locked">
          <div className="alert-body">
            <strong className="alert-title">{t("cards.pin.locked")}</strong>
            {retryAfter !== undefined && <p className="alert-message">{t("cards.pin.retryIn", { minutes: Math.max(1, Math.ceil(retryAfter / 60)) })}</p>}
          </div>
        </div>
      ) : (
        verify.error && (
          <div className="alert alert-error" role="alert" data-code={verify.error.code} data-testid="pin-wrong">
            <div className="alert-body">
              <strong className="alert-title">{verify.error.code === "BAD_USER_INPUT" ? t("cards.pin.wrong") : t(`errors.${verify.error.code}`)}</strong>
              {verify.error.message && <p className="alert-message">{verify.error.message}</p>}
            </div>
          </div>
        )
      )}
      <form className="kb-toolbar" onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label={t("cards.fields.pin")}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onValueChange={(v) => {
            setPin(v);
            setOk(false);
          }}
        />
        <button type="submit" className="button button-secondary" disabled={verify.loading || pin === ""}>
          {t("cards.pin.submit")}
        </button>
      </form>
    </section>
  );
}

function Ledger({ entries }: { entries: readonly LedgerEntry[] }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const lang = currentLanguage();
  const sorted = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="card" aria-labelledby="card-ledger-title">
      <h2 id="card-ledger-title">{t("cards.ledger.title")}</h2>
      <ResourceTable
        rows={sorted}
        empty={t("cards.ledger.empty")}
        testId="card-ledger"
        className="table table-compact"
        rowProps={(e) => ({ "data-kind": ledgerKind(e.kind) ?? e.kind })}
        columns={[
          {
            header: t("cards.ledger.kind"),
            cell: (e) => {
              const kind = ledgerKind(e.kind);
              return (
                <span className="badge" data-kind={e.kind}>
                  {kind ? t(`cards.kinds.${kind}`) : e.kind}
                </span>
              );
            },
          },
          {
            header: t("cards.ledger.amount"),
            className: "numeric",
            cell: (e) => (e.amountMinor === 0 ? "" : formatYuan(e.amountMinor)),
            cellProps: () => ({ "data-testid": "ledger-amount" }),
          },
          {
            header: t("cards.fields.points"),
            className: "numeric",
            cell: (e) => (e.pointsDelta === 0 ? "" : e.pointsDelta > 0 ? `+${String(e.pointsDelta)}` : e.pointsDelta),
          },
          {
            header: t("cards.ledger.balanceAfter"),
            className: "numeric",
            cell: (e) => formatYuan(e.balanceAfter),
            cellProps: () => ({ "data-testid": "ledger-balance" }),
          },
          { header: t("cards.form.reason"), cell: (e) => e.reason },
          { header: t("cards.ledger.actor"), cell: (e) => actorName(e.actor, users), cellProps: () => ({ className: "small" }) },
          { header: t("cards.ledger.at"), cell: (e) => formatDateTime(e.at, lang), cellProps: () => ({ className: "small" }) },
        ]}
      />
    </section>
  );
}
