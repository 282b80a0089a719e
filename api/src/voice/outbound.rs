//! Calls an agent places from the console: through the trunk of the tenant's first number
//! with a trunk, that number as caller ID. The agent's softphone is bridged at once (the
//! same conversation as an answered inbound call: hold, transfer, consult, conference,
//! hang-up); the callee's media flows once they answer. Recorded and given a call record
//! (`outbound`: completed, busy, no_answer or failed).

use std::net::SocketAddr;

use qiao_media::sdp::{Codec, Local};
use qiao_media::sip::{Dial, MediaAnswer, Peer};
use qiao_media::voice::MediaCmd;

use super::call_ctx::CallCtx;

/// A blind transfer to an outside number: the caller hears music while we dial through the
/// organisation's trunk (its number as caller ID), then talks to whoever answers until one
/// of them hangs up. `false` when the number could not be reached (the caller is told).
pub async fn bridge_number(cc: &mut CallCtx, number: &str) -> bool {
    use super::ctl::Ev;
    use qiao_media::voice::{CallEvent, SipLeg, sip_leg};
    let route = match cc.state.calls.outbound_route_for(&cc.access).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "a transfer to a number has no trunk");
            return false;
        }
    };
    let port = u16::try_from(route.trunk.port).unwrap_or(5060);
    let Some(trunk) = tokio::net::lookup_host((route.trunk.host.as_str(), port))
        .await
        .ok()
        .and_then(|mut a| a.next())
    else {
        return false;
    };
    let ip = cc.state.config.sip.media_ip();
    let Ok(socket) = sip_leg::bind(ip).await else {
        return false;
    };
    let local_port = socket.local_addr().map(|a| a.port()).unwrap_or(0);
    let Some(mut out) = cc
        .voice
        .sip
        .dial(Dial {
            peer: Peer::udp(trunk),
            target: format!("sip:{number}@{}:{port}", route.trunk.host),
            from_user: route.number.e164.clone(),
            from_name: route.number.label.clone(),
            media: MediaAnswer {
                local: Local {
                    addr: ip,
                    port: local_port,
                    session_id: rand::random::<u32>().into(),
                    version: 1,
                },
                codec: Codec::Pcmu,
                dtmf_pt: Some(101),
            },
        })
        .await
    else {
        return false;
    };
    cc.ctl
        .media
        .send(MediaCmd::Music(Some(cc.voice.clips.default_music())));
    let mut socket = Some(socket);
    let mut bridged: Option<u32> = None;
    let reached = loop {
        tokio::select! {
            ev = cc.ctl.next(None) => if let Ev::Gone = ev {
                cc.voice.sip.hangup(out.call);
                break bridged.is_some();
            },
            ev = out.events.recv() => match ev {
                Some(CallEvent::Answered(sdp)) => {
                    let (Ok(a), Some(sock)) = (qiao_media::sdp::parse_offer(&sdp), socket.take()) else {
                        cc.voice.sip.hangup(out.call);
                        break false;
                    };
                    let leg = match SipLeg::new(sock, SocketAddr::new(a.addr, a.port), false, a.codec) {
                        Ok(l) => l,
                        Err(e) => {
                            tracing::error!(error = %e, "the RTP leg of a transfer to a number");
                            cc.voice.sip.hangup(out.call);
                            break false;
                        }
                    };
                    let no = cc.next_leg_no();
                    cc.ctl.media.send(MediaCmd::Music(None));
                    cc.ctl.media.send(MediaCmd::BridgeRtp {
                        id: no,
                        leg: Box::new(leg),
                    });
                    bridged = Some(no);
                }
                Some(CallEvent::Failed(code)) => {
                    tracing::info!(code, "a transfer to a number was not answered");
                    break false;
                }
                Some(CallEvent::Ended(_)) | None => {
                    // The far party hung up: the call ends here too.
                    cc.ctl.ended_by = Some("transfer");
                    break true;
                }
                Some(_) => {}
            },
        }
    };
    if let Some(no) = bridged {
        cc.ctl.media.send(MediaCmd::Unbridge(no));
    }
    cc.ctl.media.send(MediaCmd::Music(None));
    reached
}
