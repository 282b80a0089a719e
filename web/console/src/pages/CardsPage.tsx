// Member cards, for every member: the list with balances and points, a look-up by card number,
// and for supervisors and above the form that issues a card to a contact.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import { ContactPicker, type Contact } from "../components/contacts";
import { createMemberCardMutation, memberCardByNumberQuery, memberCardsQuery } from "../features/crm/cards/operations";
import { contactsQuery } from "../features/crm/contacts/operations";
import type { MemberCardFieldsFragment } from "../gql/graphql";
import { ErrorAlert, SuccessAlert } from "../kit/ErrorAlert";
import { TextField } from "../kit/fields";
import { PageFrame } from "../kit/ResourcePage";
import { TableCard } from "../kit/ResourceTable";
import { formatYuan, yuanToFen } from "../lib/cards";
import { canSupervise } from "../lib/roles";
import { useShell } from "../shell/context";

type Card = MemberCardFieldsFragment;

const LIST_LIMIT = 200;

/** Whether the card is locked after too many wrong PINs (at `now`). */
function isLocked(card: Card, now: number): boolean {
  return card.lockedUntil !== null && new Date(card.lockedUntil).getTime() > now;
}

export function LockedBadge({ card }: { card: Card }) {
  const { t } = useTranslation();
  const [now] = useState(() => Date.now());
  if (!isLocked(card, now)) return null;
  return (
    <span className="badge badge-warning" data-testid="card-locked">
      {t("cards.locked")}
    </span>
  );
}

export function CardsPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const cards = useQuery(memberCardsQuery, { limit: LIST_LIMIT });
  // Holder names: the contacts the cards point at (merged-away contacts hand their cards on).
  const contacts = useQuery(contactsQuery, { query: null, limit: 1000 });
  const names = new Map((contacts.data?.contacts ?? []).map((c) => [c.id, c.name]));

  return (
    <PageFrame title={t("cards.title")} subtitle={t("cards.subtitle")} testId="cards-page">
      <CardLookup />
      {canSupervise(me.role) && <IssueForm onIssued={cards.refetch} />}
      <TableCard
        id="cards"
        title={t("cards.list.title")}
        rows={cards.data?.memberCards}
        error={cards.error}
        onRetry={cards.refetch}
        empty={t("cards.list.empty")}
        rowProps={(card) => ({ "data-card-id": card.id, "data-card-number": card.cardNumber })}
        columns={[
          {
            header: t("cards.fields.cardNumber"),
            cell: (card) => (
              <>
                <Link to={`/cards/${card.id}`}>
                  <code>{card.cardNumber}</code>
                </Link>{" "}
                <LockedBadge card={card} />
              </>
            ),
          },
          { header: t("cards.fields.tier"), cell: (card) => card.tier },
          {
            header: t("cards.fields.balance"),
            className: "numeric",
            cell: (card) => formatYuan(card.balanceMinor),
            cellProps: () => ({ "data-testid": "card-row-balance" }),
          },
          { header: t("cards.fields.points"), className: "numeric", cell: (card) => card.points },
          {
            header: t("cards.fields.holder"),
            cell: (card) =>
              card.contactId === null ? (
                "—"
              ) : (
                <Link to={`/contacts/${card.contactId}`}>{names.get(card.contactId) ?? t("cards.holderLink")}</Link>
              ),
          },
        ]}
      />
    </PageFrame>
  );
}

function CardLookup() {
  const { t } = useTranslation();
  const [number, setNumber] = useState("");
  const [submitted, setSubmitted] = useState<string | null>(null);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const n = number.replace(/\s/g, "");
    setSubmitted(n === "" ? null : n);
  };

  return (
    <section className="card" aria-labelledby="card-lookup-title" data-testid="card-lookup">
      <h2 id="card-lookup-title">{t("cards.lookup.title")}</h2>
      <form className="kb-toolbar" onSubmit={onSubmit}>
        <TextField label={t("cards.fields.cardNumber")} inputMode="numeric" value={number} onValueChange={setNumber} />
        <button type="submit" className="button button-primary">
          {t("cards.lookup.submit")}
        </button>
      </form>
      {submitted && <LookupResult cardNumber={submitted} />}
    </section>
  );
}

function LookupResult({ cardNumber }: { cardNumber: string }) {
  const { t } = useTranslation();
  const result = useQuery(memberCardByNumberQuery, { cardNumber });
  if (result.error) return <ErrorAlert error={result.error} onRetry={result.refetch} />;
  if (!result.data || result.loading) return <p className="muted">{t("common.loading")}</p>;
  const card = result.data.memberCardByNumber;
  return (
    <div className="lookup-result" data-testid="card-lookup-result">
      <h3>
        <Link to={`/cards/${card.id}`}>
          <code>{card.cardNumber}</code>
        </Link>{" "}
        <LockedBadge card={card} />
      </h3>
      <p className="small">
        {t("cards.fields.tier")}: {card.tier} · {t("cards.fields.balance")}: {formatYuan(card.balanceMinor)} ·{" "}
        {t("cards.fields.points")}: {card.points}
      </p>
    </div>
  );
}

interface IssueDraft {
  cardNumber: string;
  pin: string;
  tier: string;
  overdraft: string;
}

function IssueForm({ onIssued }: { onIssued: () => void }) {
  const { t } = useTranslation();
  const create = useMutation(createMemberCardMutation);
  const empty: IssueDraft = { cardNumber: "", pin: "", tier: "standard", overdraft: "0" };
  const [draft, setDraft] = useState<IssueDraft>(empty);
  const [holder, setHolder] = useState<Contact | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const [issued, setIssued] = useState<Card | null>(null);
  const overdraftFen = yuanToFen(draft.overdraft === "" ? "0" : draft.overdraft);
  const blamed = create.error?.field;
  const required = (v: string) => (submitted && v.trim() === "" ? t("validation.required") : null);
  const serverError = (field: string) => (blamed === field && create.error ? create.error.message : null);
  const set = (key: keyof IssueDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setIssued(null);
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (draft.cardNumber.trim() === "" || draft.pin === "" || draft.tier.trim() === "" || overdraftFen === null) return;
    const data = await create.mutate({
      input: {
        cardNumber: draft.cardNumber.replace(/\s/g, ""),
        pin: draft.pin,
        tier: draft.tier.trim(),
        overdraftMinor: overdraftFen,
        contactId: holder?.id ?? null,
      },
    });
    if (data) {
      setIssued(data.createMemberCard);
      setDraft(empty);
      setHolder(null);
      setPickerKey((k) => k + 1);
      setSubmitted(false);
      onIssued();
    }
  };

  return (
    <section className="card" aria-labelledby="card-issue-title">
      <h2 id="card-issue-title">{t("cards.issue.title")}</h2>
      {create.error && <ErrorAlert error={create.error} />}
      {issued && (
        <SuccessAlert>
          {t("cards.issue.issued", { number: issued.cardNumber })} <Link to={`/cards/${issued.id}`}>{t("cards.issue.open")}</Link>
        </SuccessAlert>
      )}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="card-form">
        <div className="form-grid">
          <TextField
            label={t("cards.fields.cardNumber")}
            inputMode="numeric"
            value={draft.cardNumber}
            hint={t("cards.issue.cardNumberHint")}
            error={required(draft.cardNumber) ?? serverError("cardNumber")}
            onValueChange={(v) => {
              set("cardNumber", v);
            }}
          />
          <TextField
            label={t("cards.fields.pin")}
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={draft.pin}
            hint={t("cards.issue.pinHint")}
            error={required(draft.pin) ?? serverError("pin")}
            onValueChange={(v) => {
              set("pin", v);
            }}
          />
          <TextField
            label={t("cards.fields.tier")}
            value={draft.tier}
            error={required(draft.tier) ?? serverError("tier")}
            onValueChange={(v) => {
              set("tier", v);
            }}
          />
          <TextField
            label={t("cards.issue.overdraft")}
            inputMode="decimal"
            value={draft.overdraft}
            hint={t("cards.issue.overdraftHint")}
            error={submitted && overdraftFen === null ? t("cards.form.badYuan") : serverError("overdraftMinor")}
            onValueChange={(v) => {
              set("overdraft", v);
            }}
          />
        </div>
        <ContactPicker key={pickerKey} label={t("cards.fields.holder")} value={holder} onChange={setHolder} testId="card-holder" />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.loading}>
            {create.loading ? t("config.saving") : t("cards.issue.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
