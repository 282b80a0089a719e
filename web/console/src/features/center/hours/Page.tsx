// Business hours: schedules with a time zone, weekly opening ranges, holidays, make-up
// workdays and special days, each with whether it is open now; the editor in ./Form.
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import { OpenNowBadge } from "../../../kit/badges";
import { ResourcePage } from "../../../kit/ResourcePage";
import { useManageConfig } from "../../../shell/context";
import { HoursForm } from "./Form";
import { formatRanges, WEEKDAYS, weeklyToRanges } from "./logic";
import { businessHoursQuery, deleteBusinessHoursMutation } from "./operations";

export function BusinessHoursPage() {
  const { t } = useTranslation();
  return (
    <ResourcePage
      id="hours"
      item="hours"
      text="hours"
      manage={useManageConfig()}
      query={useQuery(businessHoursQuery, {})}
      rows={(d) => d.businessHours}
      columns={[
        { header: t("hours.columns.name"), cell: (s) => s.name },
        { header: t("hours.columns.timeZone"), cell: (s) => s.timeZone },
        {
          header: t("hours.columns.weekly"),
          cell: (s) => {
            const weekly = weeklyToRanges(s.weekly);
            return WEEKDAYS.filter((day) => weekly[day].length > 0)
              .map((day) => `${t(`weekdays.${day}`)} ${formatRanges(weekly[day])}`)
              .join(" · ");
          },
          cellProps: () => ({ className: "small" }),
        },
        { header: t("hours.columns.holidays"), cell: (s) => s.holidays.length },
        { header: t("hours.columns.now"), cell: (s) => <OpenNowBadge open={s.openNow} /> },
      ]}
      editable
      remove={deleteBusinessHoursMutation}
      form={(slot) => <HoursForm {...slot} />}
    />
  );
}
