// One contact, 360°: details (editable), VIP level, member cards with balances, the timeline
// with a note box, and for supervisors and above merging a duplicate into this contact.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "../api/hooks";
import { ContactForm, ContactPicker, PhoneLabel, VipBadge, type Contact } from "../components/contacts";
import { memberCardsQuery } from "../features/crm/cards/operations";
import { addContactNoteMutation, contactQuery, mergeContactsMutation } from "../features/crm/contacts/operations";
import type { ContactQuery } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { ErrorAlert, SuccessAlert } from "../kit/ErrorAlert";
import { TextAreaField } from "../kit/fields";
import { DetailFrame } from "../kit/ResourcePage";
import { ResourceTable } from "../kit/ResourceTable";
import { formatYuan } from "../lib/cards";
import { CONSENT_KEYS } from "../lib/contacts";
import { formatDateTime } from "../lib/format";
import { canSupervise } from "../lib/roles";
import { useShell } from "../shell/context";
import { useUsers } from "../shell/useUsers";

type TimelineEvent = ContactQuery["contact"]["timeline"][number];

const TIMELINE_LIMIT = 100;

/** Icons of the timeline's kinds (call, chat, case, booking, card_transaction, note, merged). */
const KIND_ICONS: Record<string, string> = {
  call: "☏",
  chat: "✉",
  case: "▣",
  booking: "◷",
  card_transaction: "¥",
  note: "✎",
  merged: "⇉",
};

export function ContactPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { me } = useShell();
  const contact = useQuery(contactQuery, { id, timelineLimit: TIMELINE_LIMIT });
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  // Merging moves the duplicate's cards here: the card list loads again.
  const [cardsVersion, setCardsVersion] = useState(0);
  const c = contact.data?.contact;

  if (!c) {
    return <DetailFrame back="/contacts" backLabel={t("contacts.title")} testId="contact-page" error={contact.error} onRetry={contact.refetch} />;
  }

  const merged = c.mergedInto !== null;
  return (
    <DetailFrame
      back="/contacts"
      backLabel={t("contacts.title")}
      testId="contact-page"
      attrs={{ "data-contact-id": c.id }}
      titleTestId="contact-name"
      title={
        <>
          {c.name} <VipBadge level={c.vipLevel} />
        </>
      }
      subtitle={t("contacts.view.subtitle")}
    >
      {c.mergedInto !== null && (
        <div className="alert alert-info" role="note" data-testid="merged-notice">
          <div className="alert-body">
            {t("contacts.view.mergedNotice")} <Link to={`/contacts/${c.mergedInto}`}>{t("contacts.view.openTarget")}</Link>
          </div>
        </div>
      )}
      <section className="card" aria-labelledby="contact-details-title" data-testid="contact-details">
        <div className="card-header">
          <h2 id="contact-details-title">{t("contacts.view.details")}</h2>
          {!editing && !merged && (
            <div className="card-header-actions">
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  setEditing(true);
                  setSaved(false);
                }}
              >
                {t("config.edit")}
              </button>
            </div>
          )}
        </div>
        {saved && <SuccessAlert>{t("contacts.view.saved")}</SuccessAlert>}
        {editing ? (
          <ContactForm
            editing={c}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
              contact.refetch();
            }}
            onCancel={() => {
              setEditing(false);
            }}
          />
        ) : (
          <ContactDetails contact={c} />
        )}
      </section>
      <ContactCards key={cardsVersion} contactId={c.id} />
      <Timeline contactId={c.id} events={c.timeline} canAdd={!merged} onAdded={contact.refetch} />
      {canSupervise(me.role) && !merged && (
        <MergePanel
          target={c}
          onMerged={() => {
            contact.refetch();
            setCardsVersion((v) => v + 1);
          }}
        />
      )}
    </DetailFrame>
  );
}

function ContactDetails({ contact: c }: { contact: Contact }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const lang = currentLanguage();
  const agent = c.dedicatedAgentId === null ? null : (users.find((u) => u.id === c.dedicatedAgentId)?.email ?? c.dedicatedAgentId);
  const consents = CONSENT_KEYS.filter((k) => c.consent[k]);
  return (
    <dl className="details">
      <dt>{t("contacts.fields.phones")}</dt>
      <dd data-testid="contact-phones-list">
        {c.phones.length === 0
          ? "—"
          : c.phones.map((p) => (
              <div key={p.number} data-number={p.number}>
                <code>{p.number}</code> <PhoneLabel label={p.label} />
              </div>
            ))}
      </dd>
      <dt>{t("contacts.fields.emails")}</dt>
      <dd>{c.emails.length === 0 ? "—" : c.emails.join(", ")}</dd>
      <dt>{t("contacts.fields.tags")}</dt>
      <dd>
        {c.tags.length === 0
          ? "—"
          : c.tags.map((tag) => (
              <span key={tag} className="badge badge-muted tag">
                {tag}
              </span>
            ))}
      </dd>
      <dt>{t("contacts.fields.vipLevel")}</dt>
      <dd data-testid="contact-vip">{c.vipLevel === 0 ? t("contacts.vipNone") : t("contacts.vipBadge", { level: c.vipLevel })}</dd>
      <dt>{t("contacts.fields.preferredLanguage")}</dt>
      <dd>
        {c.preferredLanguage === null
          ? "—"
          : c.preferredLanguage === "en" || c.preferredLanguage === "zh-CN"
            ? t(`contacts.languages.${c.preferredLanguage}`)
            : c.preferredLanguage}
      </dd>
      <dt>{t("contacts.fields.dedicatedAgent")}</dt>
      <dd>{agent ?? "—"}</dd>
      <dt>{t("contacts.fields.consent")}</dt>
      <dd>{consents.length === 0 ? t("contacts.view.noConsent") : consents.map((k) => t(`contacts.consent.${k}`)).join(", ")}</dd>
      <dt>{t("contacts.fields.notes")}</dt>
      <dd className="pre-wrap">{c.notes === "" ? "—" : c.notes}</dd>
      <dt>{t("contacts.list.updated")}</dt>
      <dd>{formatDateTime(c.updatedAt, lang)}</dd>
    </dl>
  );
}

function ContactCards({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const cards = useQuery(memberCardsQuery, { limit: 1000 });
  const mine = cards.data?.memberCards.filter((card) => card.contactId === contactId);
  return (
    <section className="card" aria-labelledby="contact-cards-title" data-testid="contact-cards">
      <h2 id="contact-cards-title">{t("cards.title")}</h2>
      <ResourceTable
        rows={mine}
        error={cards.error}
        onRetry={cards.refetch}
        empty={t("contacts.view.noCards")}
        className="table table-compact"
        rowProps={(card) => ({ "data-card-id": card.id })}
        columns={[
          {
            header: t("cards.fields.cardNumber"),
            cell: (card) => (
              <Link to={`/cards/${card.id}`}>
                <code>{card.cardNumber}</code>
              </Link>
            ),
          },
          { header: t("cards.fields.tier"), cell: (card) => card.tier },
          {
            header: t("cards.fields.balance"),
            cell: (card) => formatYuan(card.balanceMinor),
            cellProps: () => ({ "data-testid": "contact-card-balance" }),
          },
          { header: t("cards.fields.points"), cell: (card) => card.points },
        ]}
      />
    </section>
  );
}

function KindBadge({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const known = ["call", "chat", "case", "booking", "card_transaction", "note", "merged"].includes(kind);
  return (
    <span className="badge timeline-kind" data-kind={kind} data-testid="timeline-kind">
      <span aria-hidden="true">{KIND_ICONS[kind] ?? "•"}</span>{" "}
      {known ? t(`contacts.timeline.kinds.${kind as "call" | "chat" | "case" | "booking" | "card_transaction" | "note" | "merged"}`) : kind}
    </span>
  );
}

function Timeline({
  contactId,
  events,
  canAdd,
  onAdded,
}: {
  contactId: string;
  events: readonly TimelineEvent[];
  canAdd: boolean;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const add = useMutation(addContactNoteMutation);
  const [text, setText] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const lang = currentLanguage();
  const sorted = [...events].sort((a, b) => b.at.localeCompare(a.at));

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (text.trim() === "") return;
    const data = await add.mutate({ id: contactId, text: text.trim() });
    if (data) {
      setText("");
      setSubmitted(false);
      onAdded();
    }
  };

  return (
    <section className="card" aria-labelledby="contact-timeline-title" data-testid="contact-timeline">
      <h2 id="contact-timeline-title">{t("contacts.timeline.title")}</h2>
      {canAdd && (
        <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="note-form">
          {add.error && <ErrorAlert error={add.error} />}
          <TextAreaField
            label={t("contacts.timeline.note")}
            value={text}
            rows={2}
            error={submitted && text.trim() === "" ? t("validation.required") : add.error?.field === "text" ? add.error.message : null}
            onValueChange={setText}
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={add.loading}>
              {add.loading ? t("config.saving") : t("contacts.timeline.addNote")}
            </button>
          </div>
        </form>
      )}
      {sorted.length === 0 ? (
        <p className="empty">{t("contacts.timeline.empty")}</p>
      ) : (
        <ol className="timeline" data-testid="timeline-events">
          {sorted.map((e) => (
            <li key={e.id} className="timeline-event" data-kind={e.kind}>
              <KindBadge kind={e.kind} />
              <span className="timeline-summary">{e.summary}</span>
              <time className="small muted" dateTime={e.at}>
                {formatDateTime(e.at, lang)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function MergePanel({ target, onMerged }: { target: Contact; onMerged: () => void }) {
  const { t } = useTranslation();
  const merge = useMutation(mergeContactsMutation);
  const [source, setSource] = useState<Contact | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pickerKey, setPickerKey] = useState(0);

  return (
    <section className="card" aria-labelledby="contact-merge-title" data-testid="contact-merge">
      <h2 id="contact-merge-title">{t("contacts.merge.title")}</h2>
      <p className="muted">{t("contacts.merge.subtitle", { name: target.name })}</p>
      {merge.error && <ErrorAlert error={merge.error} />}
      {done && <SuccessAlert>{t("contacts.merge.done", { name: done })}</SuccessAlert>}
      <ContactPicker
        key={pickerKey}
        label={t("contacts.merge.duplicate")}
        value={source}
        excludeId={target.id}
        onChange={(c) => {
          setSource(c);
          setDone(null);
          merge.reset();
        }}
      />
      {source && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-danger"
            disabled={merge.loading}
            onClick={() => {
              void merge.mutate({ targetId: target.id, sourceId: source.id }).then((data) => {
                if (data) {
                  setDone(source.name);
                  setSource(null);
                  setPickerKey((k) => k + 1);
                  onMerged();
                }
              });
            }}
          >
            {merge.loading ? t("contacts.merge.merging") : t("contacts.merge.submit", { name: source.name })}
          </button>
        </div>
      )}
    </section>
  );
}
