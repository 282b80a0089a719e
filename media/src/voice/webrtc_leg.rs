//! An agent's browser softphone as a leg of a call, over WebRTC (the `webrtc` crate): the
//! browser offers, we answer with PCMU only (the caller's G.711 passes through without
//! transcoding, just companding into the mixer), host candidates plus whatever ICE servers
//! (TURN) are configured, gathered before the answer goes back (no trickle).
//!
//! This is a shell like `call_media`: the `webrtc` crate owns its sockets and tasks; audio
//! crosses into the call's media task as 20 ms PCM frames.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{mpsc, watch};
use webrtc::api::APIBuilder;
use webrtc::api::interceptor_registry::register_default_interceptors;
use webrtc::api::media_engine::{MIME_TYPE_PCMU, MediaEngine};
use webrtc::api::setting_engine::SettingEngine;
use webrtc::ice::udp_network::{EphemeralUDP, UDPNetwork};
use webrtc::ice_transport::ice_candidate_type::RTCIceCandidateType;
use webrtc::ice_transport::ice_server::RTCIceServer;
use webrtc::interceptor::registry::Registry;
use webrtc::media::Sample;
use webrtc::peer_connection::RTCPeerConnection;
use webrtc::peer_connection::configuration::RTCConfiguration;
use webrtc::peer_connection::peer_connection_state::RTCPeerConnectionState;
use webrtc::peer_connection::sdp::session_description::RTCSessionDescription;
use webrtc::rtp_transceiver::rtp_codec::{
    RTCRtpCodecCapability, RTCRtpCodecParameters, RTPCodecType,
};
use webrtc::track::track_local::TrackLocal;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;

use crate::rtp::FRAME;
use crate::rtp::g711;
use crate::sdp::Codec;

/// How browsers reach us.
#[derive(Clone, Debug, Default)]
pub struct WebRtcSettings {
    /// STUN/TURN servers handed to our ICE agent (coturn, for agents behind NAT).
    pub ice_servers: Vec<IceServer>,
    /// Ports for media (inclusive); any free port when unset.
    pub udp_ports: Option<(u16, u16)>,
    /// Public addresses to announce instead of the host's own (behind 1:1 NAT).
    pub public_ips: Vec<IpAddr>,
}

#[derive(Clone, Debug, Default)]
pub struct IceServer {
    pub urls: Vec<String>,
    pub username: String,
    pub credential: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LegError {
    #[error("the browser's offer was refused: {0}")]
    Offer(String),
    #[error("WebRTC settings: {0}")]
    Config(String),
    #[error("WebRTC failed: {0}")]
    Internal(#[from] webrtc::Error),
}

/// A browser leg: its peer connection and its audio plumbing.
pub struct WebRtcLeg {
    pc: Arc<RTCPeerConnection>,
    state: watch::Receiver<RTCPeerConnectionState>,
    /// Our SDP answer, with every candidate in it.
    pub answer: String,
    /// What the leg hears, 20 ms at a time (see `call_media::MediaCmd::Bridge`).
    pub to_browser: mpsc::Sender<[i16; FRAME]>,
}

impl WebRtcLeg {
    /// Answers the browser's `offer`; what the browser says goes to `said` tagged `id`.
    pub async fn answer(
        settings: &WebRtcSettings,
        offer: &str,
        id: u32,
        said: mpsc::Sender<(u32, Vec<i16>)>,
    ) -> Result<Self, LegError> {
        // DTLS goes through rustls; the process links two crypto back-ends (ring here,
        // aws-lc-rs for S3), so the default must be named once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let pcmu = RTCRtpCodecCapability {
            mime_type: MIME_TYPE_PCMU.to_owned(),
            clock_rate: 8000,
            channels: 1,
            sdp_fmtp_line: String::new(),
            rtcp_feedback: vec![],
        };
        let mut media = MediaEngine::default();
        media.register_codec(
            RTCRtpCodecParameters {
                capability: pcmu.clone(),
                payload_type: 0,
                ..Default::default()
            },
            RTPCodecType::Audio,
        )?;
        let registry = register_default_interceptors(Registry::new(), &mut media)?;
        let mut se = SettingEngine::default();
        if let Some((lo, hi)) = settings.udp_ports {
            se.set_udp_network(UDPNetwork::Ephemeral(
                EphemeralUDP::new(lo, hi).map_err(|e| LegError::Config(e.to_string()))?,
            ));
        }
        if !settings.public_ips.is_empty() {
            se.set_nat_1to1_ips(
                settings.public_ips.iter().map(IpAddr::to_string).collect(),
                RTCIceCandidateType::Host,
            );
        }
        let api = APIBuilder::new()
            .with_media_engine(media)
            .with_interceptor_registry(registry)
            .with_setting_engine(se)
            .build();
        let config = RTCConfiguration {
            ice_servers: settings
                .ice_servers
                .iter()
                .map(|s| RTCIceServer {
                    urls: s.urls.clone(),
                    username: s.username.clone(),
                    credential: s.credential.clone(),
                })
                .collect(),
            ..Default::default()
        };
        let pc = Arc::new(api.new_peer_connection(config).await?);
        match Self::negotiate(&pc, pcmu, offer, id, said).await {
            Ok((answer, state, to_browser)) => Ok(Self {
                pc,
                state,
                answer,
                to_browser,
            }),
            Err(e) => {
                let _ = pc.close().await;
                Err(e)
            }
        }
    }

    async fn negotiate(
        pc: &Arc<RTCPeerConnection>,
        pcmu: RTCRtpCodecCapability,
        offer: &str,
        id: u32,
        said: mpsc::Sender<(u32, Vec<i16>)>,
    ) -> Result<
        (
            String,
            watch::Receiver<RTCPeerConnectionState>,
            mpsc::Sender<[i16; FRAME]>,
        ),
        LegError,
    > {
        let track = Arc::new(TrackLocalStaticSample::new(
            pcmu,
            "audio".to_owned(),
            "qiao".to_owned(),
        ));
        let sender = pc
            .add_track(Arc::clone(&track) as Arc<dyn TrackLocal + Send + Sync>)
            .await?;
        // RTCP from the browser must be read for the interceptors (NACK, reports) to run.
        tokio::spawn(async move {
            let mut buf = vec![0u8; 1500];
            while sender.read(&mut buf).await.is_ok() {}
        });
        pc.on_track(Box::new(move |remote, _, _| {
            let said = said.clone();
            Box::pin(async move {
                tokio::spawn(async move {
                    let mut pcm = Vec::with_capacity(FRAME);
                    while let Ok((packet, _)) = remote.read_rtp().await {
                        if packet.header.payload_type != 0 {
                            continue;
                        }
                        pcm.clear();
                        g711::decode(Codec::Pcmu, &packet.payload, &mut pcm);
                        if said.send((id, pcm.clone())).await.is_err() {
                            break;
                        }
                    }
                });
            })
        }));
        let (state_tx, state) = watch::channel(RTCPeerConnectionState::New);
        pc.on_peer_connection_state_change(Box::new(move |s| {
            let _ = state_tx.send(s);
            Box::pin(async {})
        }));
        let offer = RTCSessionDescription::offer(offer.to_owned())
            .map_err(|e| LegError::Offer(e.to_string()))?;
        pc.set_remote_description(offer)
            .await
            .map_err(|e| LegError::Offer(e.to_string()))?;
        let answer = pc.create_answer(None).await?;
        let mut gathered = pc.gathering_complete_promise().await;
        pc.set_local_description(answer).await?;
        let _ = gathered.recv().await;
        let local = pc
            .local_description()
            .await
            .ok_or_else(|| LegError::Offer("no local description".into()))?;
        let (to_browser, mut frames) = mpsc::channel::<[i16; FRAME]>(16);
        tokio::spawn(async move {
            let mut payload = Vec::with_capacity(FRAME);
            while let Some(frame) = frames.recv().await {
                payload.clear();
                g711::encode(Codec::Pcmu, &frame, &mut payload);
                let sample = Sample {
                    data: Bytes::copy_from_slice(&payload),
                    duration: Duration::from_millis(20),
                    ..Default::default()
                };
                if track.write_sample(&sample).await.is_err() {
                    break;
                }
            }
        });
        Ok((local.sdp, state, to_browser))
    }

    /// Resolves when the browser is gone: the connection failed or closed. (A short
    /// `disconnected` spell is ICE trying again and does not count.)
    pub async fn ended(&self) {
        let mut state = self.state.clone();
        loop {
            if matches!(
                *state.borrow_and_update(),
                RTCPeerConnectionState::Failed | RTCPeerConnectionState::Closed
            ) {
                return;
            }
            if state.changed().await.is_err() {
                return;
            }
        }
    }

    /// Whether media is flowing (ICE and DTLS are up).
    pub fn connected(&self) -> bool {
        *self.state.borrow() == RTCPeerConnectionState::Connected
    }

    pub async fn close(&self) {
        let _ = self.pc.close().await;
    }
}
