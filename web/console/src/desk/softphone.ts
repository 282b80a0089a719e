// The browser end of an agent's call: the microphone, one RTCPeerConnection to Qiao and the
// caller's audio coming back. Qiao does not trickle ICE: the offer goes out once every candidate
// is in it, and the answer comes back complete (PCMU only).

/** The line as the desk shows it: whether audio flows each way. */
export interface LineStats {
  ice: RTCIceConnectionState;
  packetsSent: number;
  packetsReceived: number;
  /** The caller's level, 0…1, when the browser reports it. */
  inboundLevel: number | null;
}

/** Gathering normally takes milliseconds on a LAN; after this, go with what is there. */
const GATHER_TIMEOUT_MS = 5_000;

export class Softphone {
  private pc: RTCPeerConnection | null = null;
  private mic: MediaStream | null = null;
  private closed = false;

  /** Called with the caller's audio once the connection carries it. */
  onRemoteStream: ((stream: MediaStream | null) => void) | null = null;

  /** Opens the microphone and a connection with `iceServers`; resolves to the complete SDP
   * offer for `answerCall`. */
  async offer(iceServers: RTCIceServer[]): Promise<string> {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    if (this.closed) {
      stopAll(mic);
      throw new Error("closed");
    }
    this.mic = mic;
    const pc = new RTCPeerConnection({ iceServers });
    this.pc = pc;
    for (const track of mic.getAudioTracks()) pc.addTrack(track, mic);
    pc.addEventListener("track", (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      this.onRemoteStream?.(stream);
    });
    pc.addEventListener("iceconnectionstatechange", () => {
      console.info("softphone: ice", pc.iceConnectionState);
    });
    const gathered = gatheringComplete(pc, GATHER_TIMEOUT_MS);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error("no local description");
    return sdp;
  }

  /** Applies Qiao's SDP answer. */
  async accept(sdp: string): Promise<void> {
    if (!this.pc || this.closed) throw new Error("closed");
    await this.pc.setRemoteDescription({ type: "answer", sdp });
  }

  setMuted(muted: boolean): void {
    for (const track of this.mic?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  async stats(): Promise<LineStats | null> {
    const pc = this.pc;
    if (!pc) return null;
    const out: LineStats = { ice: pc.iceConnectionState, packetsSent: 0, packetsReceived: 0, inboundLevel: null };
    const report = await pc.getStats();
    report.forEach((entry: { type?: string; kind?: string } & Record<string, unknown>) => {
      if (entry.kind !== "audio") return;
      if (entry.type === "outbound-rtp" && typeof entry.packetsSent === "number") out.packetsSent += entry.packetsSent;
      if (entry.type === "inbound-rtp") {
        if (typeof entry.packetsReceived === "number") out.packetsReceived += entry.packetsReceived;
        if (typeof entry.audioLevel === "number") out.inboundLevel = entry.audioLevel;
      }
    });
    return out;
  }

  /** Hangs the browser's end up: the connection and the microphone (idempotent). */
  close(): void {
    this.closed = true;
    this.pc?.close();
    this.pc = null;
    if (this.mic) stopAll(this.mic);
    this.mic = null;
    this.onRemoteStream?.(null);
    this.onRemoteStream = null;
  }
}

function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** Resolves when ICE gathering is complete (or the last, null candidate came), or after
 * `timeoutMs` with whatever candidates there are by then. */
function gatheringComplete(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", onState);
      pc.removeEventListener("icecandidate", onCandidate);
      resolve();
    };
    const onState = () => {
      if (pc.iceGatheringState === "complete") done();
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (event.candidate === null) done();
    };
    const timer = window.setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", onState);
    pc.addEventListener("icecandidate", onCandidate);
  });
}
