// The days of a schedule that differ from its week: a list of dated days (holidays, make-up
// workdays) with add and remove, and importing China's public holidays or a CSV into it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "../../../api/hooks";
import { ErrorAlert, SuccessAlert } from "../../../kit/ErrorAlert";
import { TextAreaField, TextField } from "../../../kit/fields";
import type { Dated, Schedule } from "./logic";
import { importHolidaysCsvMutation, importPublicHolidaysMutation } from "./operations";

export function DatedList({
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

export function HolidayImport({ id, onImported }: { id: string; onImported: (s: Schedule) => void }) {
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
