// Contacts, for every member: look a caller up by number, search by name, email or phone digits,
// and create a contact (merging duplicates and the 360° view are on /contacts/:id).
// `/contacts?phone=+86…` opens with that number in the create form (the desk's "unknown caller").
import { useEffect, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "../api/hooks";
import { ContactForm, PhoneLabel, VipBadge } from "../components/contacts";
import { contactByPhoneQuery, contactsQuery } from "../features/crm/contacts/operations";
import { currentLanguage } from "../i18n";
import { ErrorAlert } from "../kit/ErrorAlert";
import { TextField } from "../kit/fields";
import { PageFrame } from "../kit/ResourcePage";
import { ResourceTable } from "../kit/ResourceTable";
import { emptyContactDraft, lookupNumber, type ContactDraft } from "../lib/contacts";
import { formatDateTime } from "../lib/format";

const PAGE_SIZE = 50;

export function ContactsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const contacts = useQuery(contactsQuery, { query: query === "" ? null : query, limit: PAGE_SIZE });
  const [params] = useSearchParams();
  const phoneParam = lookupNumber(params.get("phone") ?? "");
  const [prefill, setPrefill] = useState<{ draft: ContactDraft; key: number }>({ draft: emptyContactDraft(), key: 0 });
  // A number from the link until the lookup below offers another one.
  const initialDraft = prefill.key === 0 && phoneParam !== "" ? draftWithPhone(phoneParam) : prefill.draft;
  useEffect(() => {
    if (phoneParam !== "") document.getElementById("contact-create-title")?.scrollIntoView();
  }, [phoneParam]);
  const lang = currentLanguage();
  const list = contacts.data?.contacts;

  const onSearch = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQuery(text.trim());
  };

  return (
    <PageFrame title={t("contacts.title")} subtitle={t("contacts.subtitle")} testId="contacts-page">
      <CallerLookup
        onCreate={(number) => {
          setPrefill((p) => ({ draft: draftWithPhone(number), key: p.key + 1 }));
          document.getElementById("contact-create-title")?.scrollIntoView();
        }}
      />
      <section className="card" aria-labelledby="contacts-list-title">
        <h2 id="contacts-list-title">{t("contacts.list.title")}</h2>
        <form className="kb-toolbar" role="search" onSubmit={onSearch} data-testid="contacts-search">
          <TextField
            label={t("contacts.search.label")}
            type="search"
            value={text}
            placeholder={t("contacts.search.placeholder")}
            onValueChange={setText}
          />
          <button type="submit" className="button button-primary">
            {t("contacts.search.submit")}
          </button>
        </form>
        <ResourceTable
          rows={list}
          error={contacts.error}
          onRetry={contacts.refetch}
          empty={query === "" ? t("contacts.list.empty") : t("contacts.search.none", { query })}
          testId="contacts-table"
          rowProps={(c) => ({ "data-contact-id": c.id })}
          columns={[
            {
              header: t("contacts.fields.name"),
              cell: (c) => (
                <>
                  <Link to={`/contacts/${c.id}`}>
                    <strong>{c.name}</strong>
                  </Link>{" "}
                  <VipBadge level={c.vipLevel} />
                </>
              ),
            },
            {
              header: t("contacts.fields.phones"),
              cell: (c) =>
                c.phones.map((p) => (
                  <div key={p.number}>
                    <code>{p.number}</code> <PhoneLabel label={p.label} />
                  </div>
                )),
              cellProps: () => ({ className: "small" }),
            },
            { header: t("contacts.fields.emails"), cell: (c) => c.emails.join(", "), cellProps: () => ({ className: "small" }) },
            {
              header: t("contacts.fields.tags"),
              cell: (c) =>
                c.tags.map((tag) => (
                  <span key={tag} className="badge badge-muted tag">
                    {tag}
                  </span>
                )),
            },
            {
              header: t("contacts.list.updated"),
              cell: (c) => formatDateTime(c.updatedAt, lang),
              cellProps: () => ({ className: "small" }),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="contact-create-title">
        <h2 id="contact-create-title">{t("contacts.form.createTitle")}</h2>
        <ContactForm
          key={`${String(prefill.key)}:${phoneParam}`}
          editing={null}
          initial={initialDraft}
          onSaved={(c) => {
            void navigate(`/contacts/${c.id}`);
          }}
        />
      </section>
    </PageFrame>
  );
}

function draftWithPhone(number: string): ContactDraft {
  return { ...emptyContactDraft(), phones: [{ number, label: "mobile" }] };
}

function CallerLookup({ onCreate }: { onCreate: (number: string) => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState("");
  const [submitted, setSubmitted] = useState<string | null>(null);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const n = lookupNumber(number);
    setSubmitted(n === "" ? null : n);
  };

  return (
    <section className="card" aria-labelledby="caller-lookup-title" data-testid="caller-lookup">
      <h2 id="caller-lookup-title">{t("contacts.lookup.title")}</h2>
      <form className="kb-toolbar" onSubmit={onSubmit}>
        <TextField
          label={t("contacts.lookup.number")}
          type="tel"
          value={number}
          placeholder="+8613800138000"
          title={t("contacts.fields.phoneHint")}
          onValueChange={setNumber}
        />
        <button type="submit" className="button button-primary">
          {t("contacts.lookup.submit")}
        </button>
      </form>
      {submitted && <CallerResult number={submitted} onCreate={onCreate} />}
    </section>
  );
}

function CallerResult({ number, onCreate }: { number: string; onCreate: (number: string) => void }) {
  const { t } = useTranslation();
  const result = useQuery(contactByPhoneQuery, { number });
  if (result.error) return <ErrorAlert error={result.error} onRetry={result.refetch} />;
  if (!result.data || result.loading) return <p className="muted">{t("common.loading")}</p>;
  const c = result.data.contactByPhone;
  if (!c) {
    return (
      <div className="lookup-result" data-testid="caller-unknown">
        <p className="empty">{t("contacts.lookup.unknown", { number })}</p>
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              onCreate(number);
            }}
          >
            {t("contacts.lookup.createWith")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="lookup-result" data-testid="caller-result" data-contact-id={c.id}>
      <h3>
        <Link to={`/contacts/${c.id}`}>{c.name}</Link> <VipBadge level={c.vipLevel} />
      </h3>
      <p className="small">
        {c.phones.map((p) => p.number).join(", ")}
        {c.emails.length > 0 && ` · ${c.emails.join(", ")}`}
      </p>
      {c.preferredLanguage && (
        <p className="small muted">
          {t("contacts.fields.preferredLanguage")}:{" "}
          {c.preferredLanguage === "en" || c.preferredLanguage === "zh-CN" ? t(`contacts.languages.${c.preferredLanguage}`) : c.preferredLanguage}
        </p>
      )}
    </div>
  );
}
