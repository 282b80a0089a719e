// Business hours: schedules with a time zone, weekly opening ranges, holidays, make-up
// workdays and special days; importing China's public holidays or a CSV; open-now badges.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  businessHoursQuery,
  createBusinessHoursMutation,
  deleteBusinessHoursMutation,
  importHolidaysCsvMutation,
  importPublicHolidaysMutation,
  updateBusinessHoursMutation,
} from "../api/operations";
import { OpenNowBadge } from "../components/badges";
import { ConfigPage, DeleteButton, RowList } from "../components/config";
import { ErrorAlert, SuccessAlert } from "../components/ErrorAlert";
import { SelectField, TextAreaField, TextField } from "../components/fields";
import type { BusinessHoursFieldsFragment, BusinessHoursInput, Weekday } from "../gql/graphql";
import {
  COMMON_TIME_ZONES,
  DEFAULT_TIME_ZONE,
  formatRanges,
  parseRanges,
  WEEKDAYS,
  weeklyFromRanges,
  weeklyToRanges,
  type DayRanges,
} from "../lib/hours";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type Schedule = BusinessHoursFieldsFragment;

interface Dated {
  date: string;
  name: string;
}

interface HoursDraft {
  name: string;
  timeZone: string;
  weekly: DayRanges;
  holidays: Dated[];
  workdays: Dated[];
  specialDays: { date: string; name: string; ranges: string }[];
  makeupWeekday: Weekday;
}

function emptyDraft(): HoursDraft {
  const nineToSix = [{ open: "09:00", close: "18:00" }];
  return {
    name: "",
    timeZone: DEFAULT_TIME_ZONE,
    weekly: { MON: nineToSix, TUE: nineToSix, WED: nineToSix, THU: nineToSix, FRI: nineToSix, SAT: [], SUN: [] },
    holidays: [],
    workdays: [],
    specialDays: [],
    makeupWeekday: "MON",
  };
}

function draftOf(s: Schedule): HoursDraft {
  return {
    name: s.name,
    timeZone: s.timeZone,
    weekly: weeklyToRanges(s.weekly),
    holidays: s.holidays.map((d) => ({ ...d })),
    workdays: s.workdays.map((d) => ({ ...d })),
    specialDays: s.specialDays.map((d) => ({ date: d.date, name: d.name, ranges: formatRanges(d.ranges) })),
    makeupWeekday: s.makeupWeekday,
  };
}

function inputOf(d: HoursDraft): BusinessHoursInput {
  return {
    name: d.name.trim(),
    timeZone: d.timeZone,
    weekly: weeklyFromRanges(d.weekly),
    holidays: d.holidays,
    workdays: d.workdays,
    specialDays: d.specialDays.map((s) => ({ date: s.date, name: s.name.trim(), ranges: parseRanges(s.ranges) })),
    makeupWeekday: d.makeupWeekday,
  };
}

export function BusinessHoursPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const hours = useQuery(businessHoursQuery, {});
  const [editing, setEditing] = useState<Schedule | null>(null);
  const [formKey, setFormKey] = useState(0);

  return (
    <ConfigPage title={t("hours.title")} subtitle={t("hours.subtitle")} readOnly={!manage} testId="hours-page">
      {manage && (
        <HoursForm
          key={`${editing?.id ?? "new"}-${formKey}`}
          editing={editing}
          onSaved={(saved) => {
            setEditing(saved);
            setFormKey((k) => k + 1);
            hours.refetch();
          }}
          onChanged={() => {
            hours.refetch();
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
      <section className="card" aria-labelledby="hours-list-title">
        <h2 id="hours-list-title">{t("hours.list")}</h2>
        {hours.error && <ErrorAlert error={hours.error} onRetry={hours.refetch} />}
        {!hours.data && !hours.error && <p className="muted">{t("common.loading")}</p>}
        {hours.data?.businessHours.length === 0 && <p className="empty">{t("hours.empty")}</p>}
        {hours.data && hours.data.businessHours.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="hours-table">
              <thead>
                <tr>
                  <th scope="col">{t("hours.columns.name")}</th>
                  <th scope="col">{t("hours.columns.timeZone")}</th>
                  <th scope="col">{t("hours.columns.weekly")}</th>
                  <th scope="col">{t("hours.columns.holidays")}</th>
                  <th scope="col">{t("hours.columns.now")}</th>
                  {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {hours.data.businessHours.map((s) => (
                  <tr key={s.id} data-hours-id={s.id}>
                    <td>{s.name}</td>
                    <td>{s.timeZone}</td>
                    <td className="small">
                      {WEEKDAYS.map((day) => {
                        const ranges = weeklyToRanges(s.weekly)[day];
                        return ranges.length > 0 ? `${t(`weekdays.${day}`)} ${formatRanges(ranges)}` : null;
                      })
                        .filter(Boolean)
                        .join(" · ")}
                    </td>
                    <td>{s.holidays.length}</td>
                    <td>
                      <OpenNowBadge open={s.openNow} />
                    </td>
                    {manage && (
                      <td className="actions">
                        <div className="row-buttons">
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => {
                              setEditing(s);
                            }}
                          >
                            {t("config.edit")}
                          </button>
                          <DeleteButton
                            document={deleteBusinessHoursMutation}
                            variables={{ id: s.id }}
                            onDeleted={() => {
                              if (editing?.id === s.id) setEditing(null);
                              hours.refetch();
                            }}
                          />
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ConfigPage>
  );
}

function HoursForm({
  editing,
  onSaved,
  onChanged,
  onCancel,
}: {
  editing: Schedule | null;
  onSaved: (saved: Schedule) => void;
  onChanged: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const create = useMutation(createBusinessHoursMutation);
  const update = useMutation(updateBusinessHoursMutation);
  const [draft, setDraft] = useState<HoursDraft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const [openNow, setOpenNow] = useState(editing?.openNow ?? null);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;
  const set = <K extends keyof HoursDraft>(key: K, value: HoursDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };
  const zones = COMMON_TIME_ZONES.includes(draft.timeZone) ? COMMON_TIME_ZONES : [draft.timeZone, ...COMMON_TIME_ZONES];

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (draft.name.trim() === "") return;
    const input = inputOf(draft);
    if (editing) {
      const data = await update.mutate({ id: editing.id, input });
      if (data) {
        setSaved(true);
        setOpenNow(data.updateBusinessHours.openNow);
        onChanged();
      }
    } else {
      const data = await create.mutate({ input });
      if (data) onSaved(data.createBusinessHours);
    }
  };

  const imported = (s: Schedule) => {
    setDraft((d) => ({ ...d, holidays: s.holidays.map((x) => ({ ...x })), workdays: s.workdays.map((x) => ({ ...x })) }));
    setOpenNow(s.openNow);
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="hours-form-title" data-testid="hours-editor">
      <div className="card-header">
        <h2 id="hours-form-title">
          {editing ? t("hours.form.editTitle", { name: editing.name }) : t("hours.form.createTitle")}
        </h2>
        {openNow !== null && <OpenNowBadge open={openNow} testId="hours-open-now" />}
      </div>
      {error && <ErrorAlert error={error} />}
      {saved && <SuccessAlert>{t("hours.form.saved")}</SuccessAlert>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="hours-form">
        <div className="form-grid">
          <TextField
            label={t("hours.form.name")}
            value={draft.name}
            onValueChange={(v) => {
              set("name", v);
            }}
            error={submitted && draft.name.trim() === "" ? t("validation.required") : null}
          />
          <SelectField
            label={t("hours.form.timeZone")}
            value={draft.timeZone}
            options={zones.map((z) => ({ value: z, label: z }))}
            onValueChange={(v) => {
              set("timeZone", v);
            }}
          />
          <SelectField<Weekday>
            label={t("hours.form.makeupWeekday")}
            hint={t("hours.form.makeupWeekdayHint")}
            value={draft.makeupWeekday}
            options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }))}
            onValueChange={(v) => {
              set("makeupWeekday", v);
            }}
          />
        </div>
        <fieldset className="row-list weekly" data-testid="weekly-editor">
          <legend>{t("hours.form.weekly")}</legend>
          {WEEKDAYS.map((day) => (
            <div className="weekly-day" key={day} data-day={day}>
              <span className="weekly-day-name">{t(`weekdays.${day}`)}</span>
              <div className="weekly-ranges">
                {draft.weekly[day].length === 0 && <span className="muted">{t("hours.form.closed")}</span>}
                {draft.weekly[day].map((range, i) => (
                  <span className="weekly-range" key={i}>
                    <input
                      type="time"
                      aria-label={t("hours.form.opens", { day: t(`weekdays.${day}`), n: i + 1 })}
                      value={range.open}
                      onChange={(e) => {
                        set("weekly", {
                          ...draft.weekly,
                          [day]: draft.weekly[day].map((r, j) => (j === i ? { ...r, open: e.target.value } : r)),
                        });
                      }}
                    />
                    –
                    <input
                      type="time"
                      aria-label={t("hours.form.closes", { day: t(`weekdays.${day}`), n: i + 1 })}
                      value={range.close}
                      onChange={(e) => {
                        set("weekly", {
                          ...draft.weekly,
                          [day]: draft.weekly[day].map((r, j) => (j === i ? { ...r, close: e.target.value } : r)),
                        });
                      }}
                    />
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={t("hours.form.removeRange", { day: t(`weekdays.${day}`), n: i + 1 })}
                      onClick={() => {
                        set("weekly", { ...draft.weekly, [day]: draft.weekly[day].filter((_, j) => j !== i) });
                      }}
                    >
                      ×
                    </button>
                  </span>
                ))}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t("hours.form.addRangeFor", { day: t(`weekdays.${day}`) })}
                  onClick={() => {
                    const last = draft.weekly[day].at(-1);
                    const next = last ? { open: last.close, close: last.close } : { open: "09:00", close: "18:00" };
                    set("weekly", { ...draft.weekly, [day]: [...draft.weekly[day], next] });
                  }}
                >
                  + {t("hours.form.addRange")}
                </button>
              </div>
            </div>
          ))}
        </fieldset>
        <DatedList
          legend={t("hours.form.holidays")}
          items={draft.holidays}
          onChange={(v) => {
            set("holidays", v);
          }}
          testId="holidays-list"
        />
        <DatedList
          legend={t("hours.form.workdays")}
          items={draft.workdays}
          onChange={(v) => {
            set("workdays", v);
          }}
          testId="workdays-list"
        />
        <RowList
          legend={t("hours.form.specialDays")}
          items={draft.specialDays}
          onChange={(v) => {
            set("specialDays", v);
          }}
          newItem={() => ({ date: "", name: "", ranges: "" })}
          addLabel={t("hours.form.addSpecialDay")}
          emptyLabel={t("hours.form.noSpecialDays")}
          testId="special-days"
          renderItem={(day, updateDay) => (
            <div className="row-list-fields">
              <TextField
                label={t("hours.form.date")}
                type="date"
                value={day.date}
                onValueChange={(date) => {
                  updateDay({ ...day, date });
                }}
              />
              <TextField
                label={t("hours.form.dayName")}
                value={day.name}
                onValueChange={(name) => {
                  updateDay({ ...day, name });
                }}
              />
              <TextField
                label={t("hours.form.specialRanges")}
                placeholder="09:00-12:00, 13:00-17:00"
                hint={t("hours.form.specialRangesHint")}
                value={day.ranges}
                onValueChange={(ranges) => {
                  updateDay({ ...day, ranges });
                }}
              />
            </div>
          )}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("hours.form.create")}
          </button>
          {editing && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t("hours.form.close")}
            </button>
          )}
        </div>
      </form>
      {editing && <HolidayImport id={editing.id} onImported={imported} />}
    </section>
  );
}

function DatedList({
  legend,
  items,
  onChange,
  testId,
}: {
  legend: string;
  items: readonly Dated[];
  onChange: (items: Dated[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState("");
  const [name, setName] = useState("");
  const sorted = [...items].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <fieldset className="row-list" data-testid={testId}>
      <legend>
        {legend} <span className="muted">({items.length})</span>
      </legend>
      {sorted.length === 0 ? (
        <p className="muted row-list-empty">{t("hours.form.noDays")}</p>
      ) : (
        <div className="dated-list">
          <table className="table table-compact">
            <tbody>
              {sorted.map((d) => (
                <tr key={`${d.date}-${d.name}`} data-date={d.date}>
                  <td>
                    <code>{d.date}</code>
                  </td>
                  <td>{d.name}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={t("hours.form.removeDay", { date: d.date })}
                      onClick={() => {
                        onChange(items.filter((x) => x !== d));
                      }}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row-list-fields">
        <TextField label={t("hours.form.date")} type="date" value={date} onValueChange={setDate} />
        <TextField label={t("hours.form.dayName")} value={name} onValueChange={setName} />
        <button
          type="button"
          className="button button-secondary button-small align-end"
          disabled={date === ""}
          onClick={() => {
            onChange([...items, { date, name: name.trim() }]);
            setDate("");
            setName("");
          }}
        >
          {t("hours.form.addDay")}
        </button>
      </div>
    </fieldset>
  );
}

function HolidayImport({ id, onImported }: { id: string; onImported: (s: Schedule) => void }) {
  const { t } = useTranslation();
  const importCn = useMutation(importPublicHolidaysMutation);
  const importCsv = useMutation(importHolidaysCsvMutation);
  const [csv, setCsv] = useState("date,kind,name\n");
  const [result, setResult] = useState<string | null>(null);

  const done = (s: Schedule) => {
    setResult(t("hours.import.done", { holidays: s.holidays.length, workdays: s.workdays.length }));
    onImported(s);
  };

  return (
    <section className="import-section" aria-labelledby="hours-import-title" data-testid="holiday-import">
      <h3 id="hours-import-title">{t("hours.import.title")}</h3>
      <p className="muted">{t("hours.import.subtitle")}</p>
      {importCn.error && <ErrorAlert error={importCn.error} />}
      {importCsv.error && <ErrorAlert error={importCsv.error} />}
      {result && <SuccessAlert>{result}</SuccessAlert>}
      <button
        type="button"
        className="button button-secondary"
        disabled={importCn.loading}
        onClick={() => {
          setResult(null);
          importCsv.reset();
          void importCn.mutate({ id, calendar: "CN" }).then((data) => {
            if (data) done(data.importPublicHolidays);
          });
        }}
      >
        {importCn.loading ? t("hours.import.importing") : t("hours.import.cn")}
      </button>
      <div className="form">
        <TextAreaField
          label={t("hours.import.csv")}
          hint={t("hours.import.csvHint")}
          rows={5}
          className="mono"
          value={csv}
          onValueChange={setCsv}
        />
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={importCsv.loading}
            onClick={() => {
              setResult(null);
              importCn.reset();
              void importCsv.mutate({ id, csv }).then((data) => {
                if (data) done(data.importHolidaysCsv);
              });
            }}
          >
            {importCsv.loading ? t("hours.import.importing") : t("hours.import.csvSubmit")}
          </button>
        </div>
      </div>
    </section>
  );
}
