// The weekly opening hours: for each weekday its ranges (opens – closes), a range added after
// the last one or removed, "Closed" for a day without any.
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { Weekday } from "../../../gql/graphql";
import { WEEKDAYS, type DayRanges, type Range } from "./logic";

/** A range's two ends, in the order they are shown. */
const ENDS = ["open", "close"] as const;

export function WeeklyEditor({ weekly, onChange }: { weekly: DayRanges; onChange: (weekly: DayRanges) => void }) {
  const { t } = useTranslation();
  const setDay = (day: Weekday, ranges: Range[]) => {
    onChange({ ...weekly, [day]: ranges });
  };
  const setRange = (day: Weekday, i: number, change: Partial<Range>) => {
    setDay(day, weekly[day].map((r, j) => (j === i ? { ...r, ...change } : r)));
  };
  return (
    <fieldset className="row-list weekly" data-testid="weekly-editor">
      <legend>{t("hours.form.weekly")}</legend>
      {WEEKDAYS.map((day) => {
        const dayName = t(`weekdays.${day}`);
        return (
          <div className="weekly-day" key={day} data-day={day}>
            <span className="weekly-day-name">{dayName}</span>
            <div className="weekly-ranges">
              {weekly[day].length === 0 && <span className="muted">{t("hours.form.closed")}</span>}
              {weekly[day].map((range, i) => (
                <span className="weekly-range" key={i}>
                  {ENDS.map((end) => (
                    <Fragment key={end}>
                      {end === "close" && "–"}
                      <input
                        type="time"
                        aria-label={t(end === "open" ? "hours.form.opens" : "hours.form.closes", { day: dayName, n: i + 1 })}
                        value={range[end]}
                        onChange={(e) => {
                          setRange(day, i, { [end]: e.target.value });
                        }}
                      />
                    </Fragment>
                  ))}
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={t("hours.form.removeRange", { day: dayName, n: i + 1 })}
                    onClick={() => {
                      setDay(day, weekly[day].filter((_, j) => j !== i));
                    }}
                  >
                    ×
                  </button>
                </span>
              ))}
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={t("hours.form.addRangeFor", { day: dayName })}
                onClick={() => {
                  const last = weekly[day].at(-1);
                  setDay(day, [...weekly[day], last ? { open: last.close, close: last.close } : { open: "09:00", close: "18:00" }]);
                }}
              >
                + {t("hours.form.addRange")}
              </button>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
