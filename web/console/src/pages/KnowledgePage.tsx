// Knowledge base: search (Chinese or English, best first), a timetable lookup and the entries by
// type and language, for every member; admins and owners also create, edit, delete and import
// CSV. Each type has its own fields (lib/knowledge.ts converts them to the entry's `data`).
import { useState, type ReactNode, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  createKnowledgeEntryMutation,
  deleteKnowledgeEntryMutation,
  importKnowledgeCsvMutation,
  knowledgeEntriesQuery,
  searchKnowledgeQuery,
  timetableQuery,
  updateKnowledgeEntryMutation,
} from "../features/crm/knowledge/operations";
import type { ImportKnowledgeCsvMutation, KnowledgeEntryFieldsFragment, KnowledgeType } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { ErrorAlert, SuccessAlert } from "../kit/ErrorAlert";
import { CheckboxField, FileField, SelectField, TextAreaField, TextField } from "../kit/fields";
import { PageFrame, RowActions } from "../kit/ResourcePage";
import { ResourceTable } from "../kit/ResourceTable";
import { RowList } from "../kit/RowList";
import { useEditing } from "../kit/useEditing";
import { formatDateTime } from "../lib/format";
import {
  CSV_HEADERS,
  dataSummary,
  draftFieldOf,
  draftFromEntry,
  emptyKnowledgeDraft,
  hasNoData,
  inputFromDraft,
  KNOWLEDGE_LANGS,
  KNOWLEDGE_TYPES,
  missingFields,
  todayIso,
  type KnowledgeDraft,
  type KnowledgeLang,
} from "../lib/knowledge";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type Entry = KnowledgeEntryFieldsFragment;
type TypeChoice = KnowledgeType | "";
type LangChoice = KnowledgeLang | "";

const PAGE_SIZE = 50;

function TypeBadge({ type }: { type: KnowledgeType }) {
  const { t } = useTranslation();
  return (
    <span className="badge" data-type={type} data-testid="kb-type">
      {t(`knowledge.types.${type}`)}
    </span>
  );
}

function useFilterOptions() {
  const { t } = useTranslation();
  const types: { value: TypeChoice; label: string }[] = [
    { value: "", label: t("knowledge.allTypes") },
    ...KNOWLEDGE_TYPES.map((k) => ({ value: k, label: t(`knowledge.types.${k}`) })),
  ];
  const langs: { value: LangChoice; label: string }[] = [
    { value: "", label: t("knowledge.allLanguages") },
    ...KNOWLEDGE_LANGS.map((l) => ({ value: l, label: t(`knowledge.langs.${l}`) })),
  ];
  return { types, langs };
}

export function KnowledgePage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const [type, setType] = useState<TypeChoice>("");
  const [language, setLanguage] = useState<LangChoice>("");
  const [offset, setOffset] = useState(0);
  const entries = useQuery(knowledgeEntriesQuery, {
    type: type === "" ? null : type,
    language: language === "" ? null : language,
    limit: PAGE_SIZE,
    offset,
  });
  const edits = useEditing<Entry>(entries.refetch);
  const filters = useFilterOptions();
  const lang = currentLanguage();
  const list = entries.data?.knowledgeEntries;

  return (
    <PageFrame title={t("knowledge.title")} subtitle={t("knowledge.subtitle")} testId="knowledge-page">
      <SearchSection />
      <TimetableLookup />
      {manage && (
        <EntryForm
          key={edits.formKey}
          editing={edits.editing}
          onDone={() => {
            edits.done();
          }}
          onCancel={edits.cancel}
        />
      )}
      {manage && <ImportPanel onImported={entries.refetch} />}
      <section className="card" aria-labelledby="kb-list-title">
        <h2 id="kb-list-title">{t("knowledge.list.title")}</h2>
        <div className="kb-toolbar" data-testid="kb-filters">
          <SelectField
            label={t("knowledge.type")}
            value={type}
            options={filters.types}
            onValueChange={(v) => {
              setType(v);
              setOffset(0);
            }}
          />
          <SelectField
            label={t("knowledge.language")}
            value={language}
            options={filters.langs}
            onValueChange={(v) => {
              setLanguage(v);
              setOffset(0);
            }}
          />
        </div>
        <ResourceTable
          rows={list}
          error={entries.error}
          onRetry={entries.refetch}
          empty={t("knowledge.list.empty")}
          testId="kb-table"
          rowProps={(e) => ({ "data-entry-id": e.id })}
          columns={[
            {
              header: t("knowledge.list.entry"),
              cell: (e) => (
                <>
                  <strong>{e.title}</strong>
                  <EntryDetails entry={e} />
                </>
              ),
            },
            { header: t("knowledge.type"), cell: (e) => <TypeBadge type={e.type} /> },
            {
              header: t("knowledge.language"),
              cell: (e) => (e.language === "en" || e.language === "zh" ? t(`knowledge.langs.${e.language}`) : e.language),
            },
            {
              header: t("knowledge.list.updated"),
              cell: (e) => formatDateTime(e.updatedAt, lang),
              cellProps: () => ({ className: "small" }),
            },
            ...(manage
              ? [
                  {
                    header: t("config.actions"),
                    className: "actions",
                    cell: (e: Entry) => (
                      <RowActions
                        onEdit={() => {
                          edits.edit(e);
                          window.scrollTo({ top: 0 });
                        }}
                        remove={deleteKnowledgeEntryMutation}
                        id={e.id}
                        onDeleted={() => {
                          edits.removed(e);
                        }}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
        {(offset > 0 || list?.length === PAGE_SIZE) && (
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={offset === 0}
              onClick={() => {
                setOffset((o) => Math.max(0, o - PAGE_SIZE));
              }}
            >
              {t("knowledge.list.previous")}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={list?.length !== PAGE_SIZE}
              onClick={() => {
                setOffset((o) => o + PAGE_SIZE);
              }}
            >
              {t("knowledge.list.next")}
            </button>
          </div>
        )}
      </section>
    </PageFrame>
  );
}

/** The body (shortened) and the data summary of an entry. */
function EntryDetails({ entry }: { entry: Entry }) {
  const summary = dataSummary(entry.type, entry.data);
  const body = entry.body.length > 240 ? `${entry.body.slice(0, 240)}…` : entry.body;
  return (
    <>
      {summary && <p className="small" data-testid="kb-summary">{summary}</p>}
      {body && <p className="small muted">{body}</p>}
    </>
  );
}

function SearchSection() {
  const { t } = useTranslation();
  const filters = useFilterOptions();
  const [query, setQuery] = useState("");
  const [type, setType] = useState<TypeChoice>("");
  const [language, setLanguage] = useState<LangChoice>("");
  const [submitted, setSubmitted] = useState<{ query: string; type: TypeChoice; language: LangChoice } | null>(null);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(query.trim() === "" ? null : { query: query.trim(), type, language });
  };

  return (
    <section className="card" aria-labelledby="kb-search-title" data-testid="kb-search">
      <h2 id="kb-search-title">{t("knowledge.search.title")}</h2>
      <form className="kb-toolbar" role="search" onSubmit={onSubmit}>
        <TextField
          label={t("knowledge.search.query")}
          type="search"
          value={query}
          placeholder={t("knowledge.search.placeholder")}
          onValueChange={setQuery}
        />
        <SelectField label={t("knowledge.type")} value={type} options={filters.types} onValueChange={setType} />
        <SelectField label={t("knowledge.language")} value={language} options={filters.langs} onValueChange={setLanguage} />
        <button type="submit" className="button button-primary">
          {t("knowledge.search.submit")}
        </button>
      </form>
      {submitted && <SearchResults {...submitted} />}
    </section>
  );
}

function SearchResults({ query, type, language }: { query: string; type: TypeChoice; language: LangChoice }) {
  const { t } = useTranslation();
  const hits = useQuery(searchKnowledgeQuery, {
    query,
    type: type === "" ? null : type,
    language: language === "" ? null : language,
    limit: 20,
  });
  if (hits.error) return <ErrorAlert error={hits.error} onRetry={hits.refetch} />;
  if (!hits.data || hits.loading) return <p className="muted">{t("knowledge.search.searching")}</p>;
  const sorted = [...hits.data.searchKnowledge].sort((a, b) => b.score - a.score);
  if (sorted.length === 0) return <p className="empty" data-testid="kb-no-hits">{t("knowledge.search.none", { query })}</p>;
  return (
    <ol className="kb-hits" data-testid="kb-hits" aria-label={t("knowledge.search.results", { count: sorted.length })}>
      {sorted.map((hit) => (
        <li key={hit.entry.id} className="kb-hit" data-entry-id={hit.entry.id} data-score={hit.score}>
          <h3>
            {hit.entry.title} <TypeBadge type={hit.entry.type} />
            <span className="small muted">{t("knowledge.search.score", { score: hit.score })}</span>
          </h3>
          <EntryDetails entry={hit.entry} />
        </li>
      ))}
    </ol>
  );
}

function TimetableLookup() {
  const { t } = useTranslation();
  const [station, setStation] = useState("");
  const [date, setDate] = useState(todayIso);
  const [submitted, setSubmitted] = useState<{ station: string; date: string } | null>(null);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(station.trim() === "" || date === "" ? null : { station: station.trim(), date });
  };

  return (
    <section className="card" aria-labelledby="kb-timetable-title" data-testid="kb-timetable">
      <h2 id="kb-timetable-title">{t("knowledge.timetable.title")}</h2>
      <form className="kb-toolbar" onSubmit={onSubmit}>
        <TextField label={t("knowledge.timetable.station")} value={station} onValueChange={setStation} />
        <TextField label={t("knowledge.timetable.date")} type="date" value={date} onValueChange={setDate} />
        <button type="submit" className="button button-primary">
          {t("knowledge.timetable.submit")}
        </button>
      </form>
      {submitted && <Departures {...submitted} />}
    </section>
  );
}

function Departures({ station, date }: { station: string; date: string }) {
  const { t } = useTranslation();
  const result = useQuery(timetableQuery, { station, date, language: null });
  if (result.error) return <ErrorAlert error={result.error} onRetry={result.refetch} />;
  if (!result.data || result.loading) return <p className="muted">{t("common.loading")}</p>;
  const departures = result.data.timetable;
  if (departures.length === 0) return <p className="empty">{t("knowledge.timetable.none", { station, date })}</p>;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="kb-departures">
        <thead>
          <tr>
            <th scope="col">{t("knowledge.timetable.time")}</th>
            <th scope="col">{t("knowledge.fields.destination")}</th>
            <th scope="col">{t("knowledge.fields.routeCode")}</th>
          </tr>
        </thead>
        <tbody>
          {departures.map((d, i) => (
            <tr key={i} data-time={d.time}>
              <td>
                <code>{d.time}</code>
              </td>
              <td>{d.destination}</td>
              <td>{d.routeCode ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EntryForm({ editing, onDone, onCancel }: { editing: Entry | null; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useMutation(createKnowledgeEntryMutation);
  const update = useMutation(updateKnowledgeEntryMutation);
  const [draft, setDraft] = useState<KnowledgeDraft>(() => (editing ? draftFromEntry(editing) : emptyKnowledgeDraft()));
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;
  const missing = submitted ? missingFields(draft) : [];
  const blamed = draftFieldOf(error?.field);
  const set = <K extends keyof KnowledgeDraft>(key: K, value: KnowledgeDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(null);
  };
  const errorOf = (key: keyof KnowledgeDraft) =>
    missing.includes(key) ? t("validation.required") : blamed === key && error ? error.message : null;
  const text = (key: "code" | "origin" | "destination" | "station" | "fareClass" | "currency" | "kind" | "address" | "openingHours" | "phone", extra: { type?: string; hint?: string; placeholder?: string } = {}) => (
    <TextField
      label={t(`knowledge.fields.${key}`)}
      value={draft[key]}
      error={errorOf(key)}
      onValueChange={(v) => {
        set(key, v);
      }}
      {...extra}
    />
  );

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (missingFields(draft).length > 0) return;
    const input = inputFromDraft(draft);
    const data = editing ? await update.mutate({ id: editing.id, input }) : await create.mutate({ input });
    if (data) {
      setSaved(input.title);
      onDone();
    }
  };

  const bodyLabel =
    draft.type === "FAQ"
      ? t("knowledge.fields.answer")
      : draft.type === "REGULATION"
        ? t("knowledge.fields.text")
        : t("knowledge.fields.description");

  return (
    <section className="card" aria-labelledby="kb-form-title">
      <h2 id="kb-form-title">{editing ? t("knowledge.form.editTitle", { title: editing.title }) : t("knowledge.form.createTitle")}</h2>
      {error && <ErrorAlert error={error} />}
      {saved && <SuccessAlert>{t("knowledge.form.saved", { title: saved })}</SuccessAlert>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="kb-form">
        <div className="form-grid">
          <SelectField<KnowledgeType>
            label={t("knowledge.type")}
            value={draft.type}
            options={KNOWLEDGE_TYPES.map((k) => ({ value: k, label: t(`knowledge.types.${k}`) }))}
            disabled={editing !== null}
            onValueChange={(v) => {
              set("type", v);
            }}
          />
          <SelectField<KnowledgeLang>
            label={t("knowledge.language")}
            value={draft.language}
            options={KNOWLEDGE_LANGS.map((l) => ({ value: l, label: t(`knowledge.langs.${l}`) }))}
            onValueChange={(v) => {
              set("language", v);
            }}
          />
          <TextField
            label={draft.type === "FAQ" ? t("knowledge.fields.question") : t("knowledge.fields.title")}
            value={draft.title}
            error={errorOf("title")}
            onValueChange={(v) => {
              set("title", v);
            }}
          />
        </div>
        <TypeFields draft={draft} set={set} text={text} errorOf={errorOf} />
        <TextAreaField
          label={bodyLabel}
          value={draft.body}
          rows={hasNoData(draft.type) ? 5 : 3}
          error={errorOf("body")}
          onValueChange={(v) => {
            set("body", v);
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("knowledge.form.create")}
          </button>
          {editing && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t("config.cancel")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function TypeFields({
  draft,
  set,
  text,
  errorOf,
}: {
  draft: KnowledgeDraft;
  set: <K extends keyof KnowledgeDraft>(key: K, value: KnowledgeDraft[K]) => void;
  text: (
    key: "code" | "origin" | "destination" | "station" | "fareClass" | "currency" | "kind" | "address" | "openingHours" | "phone",
    extra?: { type?: string; hint?: string; placeholder?: string },
  ) => ReactNode;
  errorOf: (key: keyof KnowledgeDraft) => string | null;
}) {
  const { t } = useTranslation();
  const priceField = (label: string) => (
    <TextField
      label={label}
      value={draft.price}
      inputMode="decimal"
      placeholder="12.50"
      hint={t("knowledge.fields.priceHint")}
      error={errorOf("price")}
      onValueChange={(v) => {
        set("price", v);
      }}
    />
  );
  const whole = (key: "durationMinutes" | "seats") => (
    <TextField
      label={t(`knowledge.fields.${key}`)}
      value={draft[key]}
      inputMode="numeric"
      onValueChange={(v) => {
        set(key, v);
      }}
    />
  );
  switch (draft.type) {
    case "FAQ":
    case "REGULATION":
      return null;
    case "ROUTE":
      return (
        <>
          <div className="form-grid">
            {text("code")}
            {text("origin")}
            {text("destination")}
            {whole("durationMinutes")}
          </div>
          <RowList<string>
            legend={t("knowledge.fields.stops")}
            items={draft.stops}
            onChange={(v) => {
              set("stops", v);
            }}
            newItem={() => ""}
            addLabel={t("knowledge.fields.addStop")}
            emptyLabel={t("knowledge.fields.noStops")}
            testId="kb-stops"
            renderItem={(stop, updateStop, i) => (
              <TextField
                label={t("knowledge.fields.stop", { n: i + 1 })}
                value={stop}
                onValueChange={updateStop}
              />
            )}
          />
        </>
      );
    case "TIMETABLE":
      return (
        <>
          <div className="form-grid">
            {text("station")}
            <TextField
              label={t("knowledge.fields.date")}
              type="date"
              value={draft.date}
              hint={t("knowledge.fields.dateHint")}
              onValueChange={(v) => {
                set("date", v);
              }}
            />
          </div>
          {errorOf("departures") && <p className="field-error">{errorOf("departures")}</p>}
          <RowList
            legend={t("knowledge.fields.departures")}
            items={draft.departures}
            onChange={(v) => {
              set("departures", v);
            }}
            newItem={() => ({ time: draft.departures.at(-1)?.time ?? "08:00", destination: "", routeCode: "" })}
            addLabel={t("knowledge.fields.addDeparture")}
            emptyLabel={t("knowledge.fields.noDepartures")}
            testId="kb-departures-editor"
            renderItem={(dep, updateDep, i) => (
              <div className="row-list-fields">
                <TextField
                  label={t("knowledge.fields.departureTime", { n: i + 1 })}
                  type="time"
                  value={dep.time}
                  onValueChange={(time) => {
                    updateDep({ ...dep, time });
                  }}
                />
                <TextField
                  label={t("knowledge.fields.departureDestination", { n: i + 1 })}
                  value={dep.destination}
                  onValueChange={(destination) => {
                    updateDep({ ...dep, destination });
                  }}
                />
                <TextField
                  label={t("knowledge.fields.departureRoute", { n: i + 1 })}
                  value={dep.routeCode}
                  onValueChange={(routeCode) => {
                    updateDep({ ...dep, routeCode });
                  }}
                />
              </div>
            )}
          />
        </>
      );
    case "FARE":
      return (
        <div className="form-grid">
          {text("origin")}
          {text("destination")}
          {text("fareClass")}
          {priceField(t("knowledge.fields.price"))}
          {text("currency", { placeholder: "CNY" })}
        </div>
      );
    case "VEHICLE":
      return (
        <div className="form-grid">
          {text("code")}
          {text("kind")}
          {whole("seats")}
        </div>
      );
    case "SCENIC_SPOT":
      return (
        <div className="form-grid">
          {text("address")}
          {text("openingHours", { placeholder: "08:00-17:30" })}
          {priceField(t("knowledge.fields.ticketPrice"))}
        </div>
      );
    case "BRANCH":
      return (
        <div className="form-grid">
          {text("address")}
          {text("phone", { type: "tel", placeholder: "+8610…", hint: t("knowledge.fields.phoneHint") })}
        </div>
      );
  }
}

function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const run = useMutation(importKnowledgeCsvMutation);
  const [type, setType] = useState<KnowledgeType>("FAQ");
  const [csv, setCsv] = useState(`${CSV_HEADERS.FAQ}\n`);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [report, setReport] = useState<ImportKnowledgeCsvMutation["importKnowledgeCsv"] | null>(null);
  const [fileKey, setFileKey] = useState(0);

  const chooseType = (next: KnowledgeType) => {
    // Swap the header line when the text is still just a header (or empty).
    const trimmed = csv.trim();
    if (trimmed === "" || trimmed === CSV_HEADERS[type]) setCsv(`${CSV_HEADERS[next]}\n`);
    setType(next);
    setReport(null);
    run.reset();
  };

  return (
    <section className="card" aria-labelledby="kb-import-title" data-testid="kb-import">
      <h2 id="kb-import-title">{t("knowledge.import.title")}</h2>
      <p className="muted">{t("knowledge.import.subtitle")}</p>
      {run.error && <ErrorAlert error={run.error} />}
      {report && (
        <div data-testid="kb-import-report">
          <SuccessAlert>{t("knowledge.import.imported", { count: report.imported })}</SuccessAlert>
          {report.rejectedRows.length > 0 && (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">
                <strong className="alert-title">{t("knowledge.import.rejected", { count: report.rejectedRows.length })}</strong>
                <ul className="alert-list" data-testid="rejected-rows">
                  {report.rejectedRows.map((row, i) => (
                    <li key={i} data-line={row.line}>
                      <strong>{t("errors.line", { line: row.line })}</strong> {row.reason}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          )}
        </div>
      )}
      <div className="form">
        <div className="form-grid">
          <SelectField<KnowledgeType>
            label={t("knowledge.import.type")}
            value={type}
            options={KNOWLEDGE_TYPES.map((k) => ({ value: k, label: t(`knowledge.types.${k}`) }))}
            onValueChange={chooseType}
          />
          <FileField
            key={fileKey}
            label={t("knowledge.import.file")}
            accept=".csv,text/csv,text/plain"
            onFileChange={(file) => {
              if (file) {
                void file.text().then((content) => {
                  setCsv(content);
                  setReport(null);
                });
              }
            }}
          />
        </div>
        <p className="small">
          {t("knowledge.import.header")} <code data-testid="kb-import-header">{CSV_HEADERS[type]}</code>
        </p>
        <TextAreaField
          label={t("knowledge.import.csv")}
          rows={6}
          className="mono"
          value={csv}
          onValueChange={(v) => {
            setCsv(v);
            setReport(null);
          }}
        />
        <CheckboxField label={t("knowledge.import.allOrNothing")} checked={allOrNothing} onCheckedChange={setAllOrNothing} />
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={run.loading || csv.trim() === ""}
            onClick={() => {
              setReport(null);
              void run.mutate({ type, csv, allOrNothing }).then((data) => {
                if (data) {
                  setReport(data.importKnowledgeCsv);
                  setFileKey((k) => k + 1);
                  onImported();
                }
              });
            }}
          >
            {run.loading ? t("knowledge.import.importing") : t("knowledge.import.submit")}
          </button>
        </div>
      </div>
    </section>
  );
}
