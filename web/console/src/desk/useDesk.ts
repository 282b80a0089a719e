// The agent desktop's live half, kept by the shell so that a call survives moving between pages:
// the agent's presence, the `agentEvents` feed, the offer ringing, the softphone and its call,
// and the calls waiting for a wrap-up. The pages read it through the shell's context.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { subscribeAgentEvents, type LiveStatus } from "../api/events";
import { toApiError, type ApiError } from "../api/errors";
import {
  answerCallMutation,
  hangUpCallMutation,
  holdCallMutation,
  iceServersQuery,
  myAgentStateQuery,
  rejectCallMutation,
  setPresenceMutation,
  transferCallMutation,
  wrapUpCallMutation,
} from "../api/operations";
import { api, graphqlWebSocketUrl } from "../api/session";
import type { AgentPresence } from "../gql/graphql";
import { parseAgentEvent } from "../lib/agentEvents";
import { deskReducer, initialDesk, type DeskState, type TransferTarget } from "../lib/desk";
import { Softphone, type LineStats } from "./softphone";

export interface Desk extends DeskState {
  status: LiveStatus;
  /** What the caller says, for the shell's <audio> element. */
  remoteStream: MediaStream | null;
  line: LineStats | null;
  error: ApiError | null;
  /** The browser refused the microphone (or has none). */
  micBlocked: boolean;
  busy: boolean;
  setPresence: (state: Exclude<AgentPresence, "AFTER_CALL_WORK">, reason?: string) => Promise<void>;
  answer: () => Promise<void>;
  reject: () => Promise<void>;
  hangUp: () => Promise<void>;
  hold: (on: boolean) => Promise<void>;
  mute: (on: boolean) => void;
  transfer: (target: TransferTarget) => Promise<boolean>;
  wrapUp: (legId: string, code: string, notes: string) => Promise<boolean>;
  dismissError: () => void;
}

export function useDesk(me: string, everyone: boolean): Desk {
  const [state, dispatch] = useReducer(deskReducer, me, initialDesk);
  // The commands read the latest state without being rebuilt on every change.
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  const phoneRef = useRef<Softphone | null>(null);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [remoteStream, setRemoteStream] = useState<MediaStream | null>(null);
  const [line, setLine] = useState<{ legId: string; stats: LineStats } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [micBlocked, setMicBlocked] = useState(false);
  const [busy, setBusy] = useState(false);

  const loadPresence = useCallback(() => {
    api.request(myAgentStateQuery, {}).then(
      (data) => {
        dispatch({ type: "presence", state: data.myAgentState });
      },
      (e: unknown) => {
        setError(toApiError(e));
      },
    );
  }, []);

  useEffect(() => {
    loadPresence();
    return subscribeAgentEvents(api, graphqlWebSocketUrl(), everyone, {
      onEvent: (raw) => {
        const event = parseAgentEvent(raw.kind, raw.data, Date.now());
        if (!event) return;
        dispatch({ type: "event", event, now: Date.now() });
        // The event lacks the end of after-call work: read the whole state again.
        if (event.kind === "state" && event.change.agent === me) loadPresence();
      },
      onStatus: (next) => {
        setStatus(next);
        if (next === "live") loadPresence();
      },
      onError: (e) => {
        console.warn("agentEvents:", e.code, e.message);
      },
    });
  }, [me, everyone, loadPresence]);

  // The call is over here (ended, transferred, withdrawn mid-answer): hang the browser up.
  const legId = state.call?.legId ?? null;
  useEffect(() => {
    if (legId !== null) return;
    phoneRef.current?.close();
    phoneRef.current = null;
  }, [legId]);

  // Closing the console ends the browser's end of the call (Qiao notices and ends the call).
  useEffect(
    () => () => {
      phoneRef.current?.close();
    },
    [],
  );

  const talkingLeg = state.call !== null && state.call.phase !== "answering" ? state.call.legId : null;
  useEffect(() => {
    if (talkingLeg === null) return undefined;
    const timer = window.setInterval(() => {
      void phoneRef.current?.stats().then((stats) => {
        if (stats) setLine({ legId: talkingLeg, stats });
      });
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [talkingLeg]);
  const currentLine = line !== null && line.legId === talkingLeg ? line.stats : null;

  /** Runs one command, reporting its error; resolves to whether it went through. */
  const run = useCallback(async (command: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await command();
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const setPresence = useCallback(
    async (presence: Exclude<AgentPresence, "AFTER_CALL_WORK">, reason?: string) => {
      await run(async () => {
        const data = await api.request(setPresenceMutation, { state: presence, reason: reason ?? null });
        dispatch({ type: "presence", state: data.setPresence });
      });
    },
    [run],
  );

  const answer = useCallback(async () => {
    const offer = stateRef.current.offer;
    if (!offer || stateRef.current.call) return;
    dispatch({ type: "answering", legId: offer.legId });
    setBusy(true);
    setError(null);
    setMicBlocked(false);
    const phone = new Softphone();
    phoneRef.current?.close();
    phoneRef.current = phone;
    phone.onRemoteStream = setRemoteStream;
    let stage: "local" | "sent" | "answered" = "local";
    try {
      const ice = await api.request(iceServersQuery, {});
      const servers = ice.iceServers.map((s) => ({
        urls: s.urls,
        ...(s.username ? { username: s.username } : {}),
        ...(s.credential ? { credential: s.credential } : {}),
      }));
      let sdp: string;
      try {
        sdp = await phone.offer(servers);
      } catch (e) {
        if (e instanceof DOMException && ["NotAllowedError", "NotFoundError", "NotReadableError"].includes(e.name)) {
          setMicBlocked(true);
        }
        throw e;
      }
      stage = "sent";
      const data = await api.request(answerCallMutation, { callId: offer.callId, sdp });
      stage = "answered";
      await phone.accept(data.answerCall);
      dispatch({ type: "answered", legId: offer.legId, now: Date.now() });
    } catch (e) {
      phone.close();
      if (phoneRef.current === phone) phoneRef.current = null;
      dispatch({ type: "answerFailed", legId: offer.legId, offerStillRinging: stage === "local" });
      // Qiao bridged a call our browser cannot take: give it back rather than leave dead air.
      if (stage === "answered") void api.request(hangUpCallMutation, { callId: offer.callId }).catch(() => undefined);
      if (!(e instanceof Error && e.message === "closed")) setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const reject = useCallback(async () => {
    const offer = stateRef.current.offer;
    if (!offer) return;
    const ok = await run(() => api.request(rejectCallMutation, { callId: offer.callId }));
    if (ok) {
      const change = { agent: me, callId: offer.callId, legId: offer.legId, status: "rejected" as const };
      dispatch({ type: "event", event: { kind: "call", change }, now: Date.now() });
    }
  }, [me, run]);

  const hangUp = useCallback(async () => {
    const call = stateRef.current.call;
    if (!call) return;
    const ok = await run(() => api.request(hangUpCallMutation, { callId: call.callId }));
    if (ok) dispatch({ type: "left", legId: call.legId, outcome: "ended", now: Date.now() });
  }, [run]);

  const hold = useCallback(
    async (on: boolean) => {
      const call = stateRef.current.call;
      if (!call) return;
      const ok = await run(() => api.request(holdCallMutation, { callId: call.callId, on }));
      if (ok) dispatch({ type: "held", legId: call.legId, on });
    },
    [run],
  );

  const mute = useCallback((on: boolean) => {
    phoneRef.current?.setMuted(on);
    dispatch({ type: "muted", on });
  }, []);

  const transfer = useCallback(
    async (target: TransferTarget) => {
      const call = stateRef.current.call;
      if (!call) return false;
      const ok = await run(() =>
        api.request(transferCallMutation, {
          callId: call.callId,
          agentId: "agentId" in target ? target.agentId : null,
          queueId: "queueId" in target ? target.queueId : null,
        }),
      );
      if (ok) dispatch({ type: "left", legId: call.legId, outcome: "transferred", now: Date.now() });
      return ok;
    },
    [run],
  );

  const wrapUp = useCallback(
    async (leg: string, code: string, notes: string) => {
      const ok = await run(() => api.request(wrapUpCallMutation, { legId: leg, code, notes }));
      if (ok) dispatch({ type: "wrappedUp", legId: leg });
      return ok;
    },
    [run],
  );

  const dismissError = useCallback(() => {
    setError(null);
    setMicBlocked(false);
  }, []);

  return useMemo(
    () => ({
      ...state,
      status,
      remoteStream,
      line: currentLine,
      error,
      micBlocked,
      busy,
      setPresence,
      answer,
      reject,
      hangUp,
      hold,
      mute,
      transfer,
      wrapUp,
      dismissError,
    }),
    [state, status, remoteStream, currentLine, error, micBlocked, busy, setPresence, answer, reject, hangUp, hold, mute, transfer, wrapUp, dismissError],
  );
}

/** The current time, re-read every `everyMs` while `active`. */
export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [active, everyMs]);
  return now;
}
