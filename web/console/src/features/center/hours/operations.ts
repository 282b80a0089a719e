// Business hours: the schedules (one fragment for everything the editor shows), saving or
// deleting one, and importing public holidays or a CSV into one.
import { graphql } from "../../../gql";

export const businessHoursQuery = graphql(`
  query BusinessHoursList {
    businessHours {
      ...BusinessHoursFields
    }
  }
`);

export const businessHoursFields = graphql(`
  fragment BusinessHoursFields on BusinessHours {
    id
    name
    timeZone
    weekly {
      day
      open
      close
    }
    holidays {
      date
      name
    }
    workdays {
      date
      name
    }
    specialDays {
      date
      name
      ranges {
        open
        close
      }
    }
    makeupWeekday
    openNow
  }
`);

export const createBusinessHoursMutation = graphql(`
  mutation CreateBusinessHours($input: BusinessHoursInput!) {
    createBusinessHours(input: $input) {
      ...BusinessHoursFields
    }
  }
`);

export const updateBusinessHoursMutation = graphql(`
  mutation UpdateBusinessHours($id: ID!, $input: BusinessHoursInput!) {
    updateBusinessHours(id: $id, input: $input) {
      ...BusinessHoursFields
    }
  }
`);

export const deleteBusinessHoursMutation = graphql(`
  mutation DeleteBusinessHours($id: ID!) {
    deleteBusinessHours(id: $id)
  }
`);

export const importPublicHolidaysMutation = graphql(`
  mutation ImportPublicHolidays($id: ID!, $calendar: HolidayCalendar!) {
    importPublicHolidays(id: $id, calendar: $calendar) {
      ...BusinessHoursFields
    }
  }
`);

export const importHolidaysCsvMutation = graphql(`
  mutation ImportHolidaysCsv($id: ID!, $csv: String!) {
    importHolidaysCsv(id: $id, csv: $csv) {
      ...BusinessHoursFields
    }
  }
`);
