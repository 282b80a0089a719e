//! Cases (complaints, suggestions, inquiries): routed to a department by category, due by the
//! department's SLA for the priority, escalated to the parent department when the deadline
//! passes (a durable deadline in the database, checked by a periodic job on any node) or by
//! hand, and closed only with a resolution and a record of how the customer was told.

pub mod repo;
pub mod rules;
