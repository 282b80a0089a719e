//! Service requests (C3): bookings of coach, train and air tickets, hotels and tours, refunds
//! and changes. `rules.rs` holds the typed forms and the status workflow (pure); `repo.rs`
//! stores them, links them to contacts and skill groups, and writes the timeline and audit.

pub mod repo;
pub mod rules;
