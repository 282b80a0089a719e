//! The one loop that decides where a call goes next: `Dest` → IVR | queue | agent | number
//! → `Dest`, until the call ends, with the limits on overflow and transfers. Nothing else
//! sends a call onwards: `ivr`, `queue` and `dial_out` return a `Dest` and never call each
//! other.

use super::call_ctx::CallCtx;
use super::dest::Dest;
use super::ivr;
use super::queue::wait;
use uuid::Uuid;

/// Puts the call in queue `queue_id`, then follows overflow (at most 3 queues deep) and
/// transfers until the call ends.
pub async fn serve(cc: &mut CallCtx, queue_id: Uuid) {
    serve_from(cc, Dest::Queue(queue_id)).await;
}

/// Like `serve`, from any destination: a queue, one agent (a call transferred there), a
/// flow or an outside number.
pub async fn serve_from(cc: &mut CallCtx, first: Dest) {
    let mut live = cc.state.live.register(cc.access.tenant_id(), cc.id);
    let mut next = Some(first);
    let mut overflows = 0;
    let mut hops = 0;
    while let Some(dest) = next.take() {
        hops += 1;
        if hops > 20 {
            tracing::warn!("a call was transferred 20 times; ending it");
            return;
        }
        let (queue, dedicated) = match &dest {
            Dest::Queue(q) => (Some(*q), None),
            Dest::Agent(a, q) => (*q, Some(*a)),
            Dest::Flow(f) => {
                next = flow(cc, *f).await;
                continue;
            }
            Dest::Number(n) => {
                if !Box::pin(super::outbound::bridge_number(cc, n)).await
                    && cc.ctl.ended_by.is_none()
                {
                    let clip = cc
                        .say(
                            "很抱歉，无法为您转接。再见。",
                            "Sorry, we could not put you through. Goodbye.",
                        )
                        .await;
                    cc.ctl.play_through(clip).await;
                }
                return;
            }
        };
        let view = match queue {
            Some(q) => match cc.state.center.queue(&cc.access.config(), q).await {
                Ok(v) => Some(v),
                Err(e) => {
                    tracing::warn!(error = %e, "a call was sent to a queue that cannot be loaded");
                    return;
                }
            },
            None => None,
        };
        next = wait(cc, view.as_ref(), dedicated, &mut live.commands).await;
        if let Some(Dest::Queue(_)) = next
            && matches!(dest, Dest::Queue(_))
            && cc.disposition == "overflow"
        {
            overflows += 1;
            if overflows >= 3 {
                return;
            }
        }
    }
}

/// Runs a published flow of the call's tenant (a queue overflowed to it); where it sends
/// the call next. A flow that is gone or unpublished ends the call with an apology.
async fn flow(cc: &mut CallCtx, id: Uuid) -> Option<Dest> {
    match cc.state.center.published_flow(&cc.access, id).await {
        Ok(Some(graph)) => match Box::pin(ivr::run_flow(cc, graph)).await {
            ivr::Outcome::Next(d) => Some(d),
            ivr::Outcome::Hangup | ivr::Outcome::Gone => None,
        },
        other => {
            if let Err(e) = other {
                tracing::warn!(error = %e, "a queue overflowed to a flow that cannot be loaded");
            } else {
                tracing::warn!("a queue overflowed to a flow that is not published");
            }
            let clip = cc
                .say(
                    "很抱歉，现在无法为您服务。请稍后再拨。",
                    "Sorry, we cannot take your call now. Please call again later.",
                )
                .await;
            cc.ctl.play_through(clip).await;
            None
        }
    }
}
