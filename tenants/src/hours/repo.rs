//! Business-hours schedules, stored per tenant.
