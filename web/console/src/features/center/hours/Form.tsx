// Creating or editing a business-hours schedule: name, time zone, the weekday make-up workdays
// follow, the week, holidays, make-up workdays and special days; once saved, importing holidays
// (./Holidays). A new schedule stays open in the form after it is created.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Weekday } from "../../../gql/graphql";
import { OpenNowBadge } from "../../../kit/badges";
import { SelectField, TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import type { FormSlot } from "../../../kit/ResourcePage";
import { RowList } from "../../../kit/RowList";
import { useDraft } from "../../../kit/useDraft";
import { useResourceForm } from "../../../kit/useResourceForm";
import { DatedList, HolidayImport } from "./Holidays";
import { COMMON_TIME_ZONES, draftOf, emptyDraft, inputOf, WEEKDAYS, type Schedule } from "./logic";
import { createBusinessHoursMutation, updateBusinessHoursMutation } from "./operations";
import { WeeklyEditor } from "./WeeklyEditor";

export function HoursForm({ editing, done, cancel, refetch }: FormSlot<Schedule>) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createBusinessHoursMutation, update: updateBusinessHoursMutation, editing });
  const [saved, setSaved] = useState(false);
  const { draft, setDraft, set } = useDraft(
    () => (editing ? draftOf(editing) : emptyDraft()),
    () => {
      setSaved(false);
    },
  );
  const [openNow, setOpenNow] = useState(editing?.openNow ?? null);
  const zones = COMMON_TIME_ZONES.includes(draft.timeZone) ? COMMON_TIME_ZONES : [draft.timeZone, ...COMMON_TIME_ZONES];

  const onSubmit = async () => {
    const data = await f.submit(inputOf(draft), [draft.name]);
    if (!data) return;
    if ("createBusinessHours" in data) {
      done(data.createBusinessHours);
    } else {
      setSaved(true);
      setOpenNow(data.updateBusinessHours.openNow);
      refetch();
    }
  };

  const imported = (s: Schedule) => {
    setDraft((d) => ({ ...d, holidays: s.holidays.map((x) => ({ ...x })), workdays: s.workdays.map((x) => ({ ...x })) }));
    setOpenNow(s.openNow);
    refetch();
  };

  return (
    <FormCard
      id="hours"
      title={editing ? t("hours.form.editTitle", { name: editing.name }) : t("hours.form.createTitle")}
      aside={openNow !== null ? <OpenNowBadge open={openNow} testId="hours-open-now" /> : null}
      error={f.error}
      success={saved && t("hours.form.saved")}
      onSubmit={onSubmit}
      footer={editing && <HolidayImport id={editing.id} onImported={imported} />}
      testId="hours-editor"
    >
      <div className="form-grid">
        <TextField
          label={t("hours.form.name")}
          value={draft.name}
          onValueChange={set("name")}
          error={f.requiredError("name", draft.name)}
        />
        <SelectField
          label={t("hours.form.timeZone")}
          value={draft.timeZone}
          options={zones.map((z) => ({ value: z, label: z }))}
          onValueChange={set("timeZone")}
        />
        <SelectField<Weekday>
          label={t("hours.form.makeupWeekday")}
          hint={t("hours.form.makeupWeekdayHint")}
          value={draft.makeupWeekday}
          options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }))}
          onValueChange={set("makeupWeekday")}
        />
      </div>
      <WeeklyEditor weekly={draft.weekly} onChange={set("weekly")} />
      <DatedList legend={t("hours.form.holidays")} items={draft.holidays} onChange={set("holidays")} testId="holidays-list" />
      <DatedList legend={t("hours.form.workdays")} items={draft.workdays} onChange={set("workdays")} testId="workdays-list" />
      <RowList
        legend={t("hours.form.specialDays")}
        items={draft.specialDays}
        onChange={set("specialDays")}
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
      <FormActions
        loading={f.loading}
        editing={editing !== null}
        create={t("hours.form.create")}
        onCancel={cancel}
        cancel={t("hours.form.close")}
      />
    </FormCard>
  );
}
