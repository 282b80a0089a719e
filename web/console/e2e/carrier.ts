// The carrier for calls dialled out from the desk: sipp's built-in UAS on free ports, answering
// one call and echoing its media, with the demo organisation's trunk pointed at it for as long
// as the test needs it.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";

import { gql } from "./agents";
import { freeMediaPort, freeUdpPort } from "./ports";

interface Trunk {
  id: string;
  name: string;
  host: string;
  port: number;
  allowedSources: string[];
}

/** sipp's UAS as the carrier: answers one call, echoes its RTP and waits for our BYE. */
interface Carrier {
  /** "ok" once sipp got its BYE and answered it, else why not. */
  done: Promise<string>;
  /** The SIP messages sipp saw (-trace_msg). */
  messages: () => string;
  /** Stops sipp if it still runs and points the demo trunk back where it was. */
  stop: () => Promise<void>;
}

export async function startCarrier(request: APIRequestContext, owner: string, dir: string): Promise<Carrier> {
  const { sipTrunks } = await gql<{ sipTrunks: Trunk[] }>(request, owner, "{ sipTrunks { id name host port allowedSources } }");
  const trunk = sipTrunks[0];
  if (!trunk) throw new Error("the demo organisation has no trunk");
  const setTrunk = (input: Omit<Trunk, "id">) =>
    gql(request, owner, "mutation($id: ID!, $input: SipTrunkInput!) { updateSipTrunk(id: $id, input: $input) { id } }", { id: trunk.id, input });
  const sipPort = await freeUdpPort();
  const mediaPort = await freeMediaPort();
  let output = "";
  const sipp = spawn(
    "sipp",
    ["-sn", "uas", "-i", "127.0.0.1", "-p", String(sipPort), "-mp", String(mediaPort), "-m", "1"].concat([
      "-rtp_echo",
      "-nostdin",
      "-timeout",
      "60",
      "-trace_msg",
    ]),
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  sipp.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  sipp.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => {
    sipp.on("exit", (code) => {
      resolve(code === 0 ? "ok" : `sipp exited with ${String(code)}:\n${output}`);
    });
  });
  await setTrunk({ name: "Carrier", host: "127.0.0.1", port: sipPort, allowedSources: ["127.0.0.1/32"] });
  return {
    done: Promise.race([
      exited,
      new Promise<string>((resolve) => {
        setTimeout(() => {
          resolve(`sipp still runs after 70 s:\n${output}`);
        }, 70_000).unref();
      }),
    ]),
    messages: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith("_messages.log"))
        .map((f) => readFileSync(join(dir, f), "utf8"))
        .join(""),
    stop: async () => {
      if (sipp.exitCode === null) sipp.kill();
      // The later specs call in through the demo trunk as it was.
      await setTrunk({ name: trunk.name, host: trunk.host, port: trunk.port, allowedSources: trunk.allowedSources });
    },
  };
}

/** Resolves to what `done` gives, or "timeout" after `ms`. */
export function within(done: Promise<string>, ms: number): Promise<string> {
  return Promise.race([
    done,
    new Promise<string>((resolve) => {
      setTimeout(() => {
        resolve("timeout");
      }, ms);
    }),
  ]);
}
