// Free UDP ports for the sipp processes the call tests start, so that runs side by side (another
// checkout's suite on the same machine) do not fight over fixed numbers.
import { createSocket } from "node:dgram";

/** Whether UDP `port` on 127.0.0.1 can be bound right now. */
function udpFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createSocket("udp4");
    socket.once("error", () => {
      socket.close();
      done(false);
    });
    socket.bind(port, "127.0.0.1", () => {
      socket.close(() => {
        done(true);
      });
    });
  });
}

/** A UDP port the system hands out as free (for sipp's SIP). */
export function freeUdpPort(): Promise<number> {
  return new Promise((done, fail) => {
    const socket = createSocket("udp4");
    socket.once("error", fail);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => {
        done(port);
      });
    });
  });
}

/** An even port with the three above it free too, for sipp's media (`-mp`): RTP on it, RTCP
 * above, and with `-rtp_echo` the same again from it + 2. */
export async function freeMediaPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 30_000 + 2 * Math.floor(Math.random() * 4_000);
    const free = await Promise.all([0, 1, 2, 3].map((d) => udpFree(base + d)));
    if (free.every(Boolean)) return base;
  }
  throw new Error("no free media port for sipp");
}
