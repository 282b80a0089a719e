//! Queries and mutations of the center's configuration, one file per resource (its GraphQL
//! types, inputs, and Query/Mutation objects): numbers, trunks, desk phones, skill groups,
//! queues, business hours and IVR flows. Reading needs a supervisor, changing an admin. The
//! objects are merged in the order the committed schema lists their fields.

mod desk_phones;
mod flows;
mod hours;
mod numbers;
mod queues;
mod skills;
mod trunks;

/// What every resource file uses.
mod prelude {
    pub(super) use async_graphql::{
        ComplexObject, Context, Enum, ID, InputObject, Json, Object, Result, SimpleObject,
    };
    pub(super) use chrono::{DateTime, NaiveDate, Utc};
    pub(super) use qiao_tenants::ctx::{ManageConfig, ViewConfig};

    pub(super) use crate::error::{ApiError, Gql};
    pub(super) use crate::graphql::kit::{self, gid, guard, list};
}

#[derive(async_graphql::MergedObject, Default)]
pub struct CenterQuery(
    numbers::NumberQuery,
    trunks::TrunkQuery,
    desk_phones::DeskPhoneQuery,
    skills::SkillQuery,
    queues::QueueQuery,
    hours::HoursQuery,
    flows::FlowQuery,
);

#[derive(async_graphql::MergedObject, Default)]
pub struct CenterMutation(
    numbers::NumberMutation,
    trunks::TrunkMutation,
    desk_phones::DeskPhoneMutation,
    skills::SkillMutation,
    queues::QueueMutation,
    hours::HoursMutation,
    flows::FlowMutation,
);
