//! Where a call goes next: the value every step (IVR, queue, agent, number) returns, and
//! that only `hops` acts on.

use uuid::Uuid;

/// Where a call goes next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dest {
    Queue(Uuid),
    /// A blind transfer to one agent: they alone are offered the call (settings of the
    /// queue it came from).
    Agent(Uuid, Option<Uuid>),
    /// A published IVR flow (a queue's overflow).
    Flow(Uuid),
    /// An outside number, dialled through the tenant's trunk and bridged.
    Number(String),
}
