// The agent desktop's live half, kept by the shell so that a call survives moving between pages:
// the agent's presence (and whether offers ring their desk phone), the `agentEvents` feed, the
// offer ringing, the softphone and its call (answered or dialled), and the calls waiting for a
// wrap-up. The pages read it through the shell's context.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { toApiError, type ApiError } from "../api/errors";
import { subscribeAgentEvents, type LiveStatus } from "../api/events";
import { api, graphqlWebSocketUrl } from "../api/session";
import {
  answerCallMutation,
  dialOutMutation,
  hangUpCallMutation,
  iceServersQuery,
  myAgentStateQuery,
  rejectCallMutation,
  setPresenceMutation,
  wrapUpCallMutation,
} from "../features/calls/operations";
import type { AgentPresence } from "../gql/graphql";
import { parseAgentEvent } from "../lib/agentEvents";
import { deskReducer, initialDesk, type AgentStateView, type DeskState } from "../lib/desk";
import { Softphone, type LineStats } from "./softphone";
import { useCallCommands, type CallCommands } from "./useCallCommands";

export interface Desk extends DeskState, CallCommands {
  status: LiveStatus;
  /** What the other end says, for the shell's <audio> element. */
  remoteStream: MediaStream | null;
  line: LineStats | null;
  error: ApiError | null;
  /** Why the desk phone could not be switched on (or off). */
  deskPhoneError: ApiError | null;
  /** The browser refused the microphone (or has none). */
  micBlocked: boolean;
  busy: boolean;
  setPresence: (state: Exclude<AgentPresence, "AFTER_CALL_WORK">, reason?: string) => Promise<void>;
  /** Offers ring the agent's desk phone (true) or the console (false). */
  setDeskPhone: (on: boolean) => Promise<void>;
  answer: () => Promise<void>;
  reject: () => Promise<void>;
  /** Calls `number` (E.164) from the softphone. */
  dial: (number: string) => Promise<void>;
  wrapUp: (legId: string, code: string, notes: string) => Promise<boolean>;
  /** The team list was loaded again. */
  teamLoaded: (states: readonly AgentStateView[]) => void;
  dismissError: () => void;
}

/** How far setting the browser's end up got: Qiao has not seen the offer, has it, or answered. */
type Stage = "local" | "sent" | "answered";

/** What the microphone refusals look like. */
function isMicError(e: unknown): boolean {
  return e instanceof DOMException && ["NotAllowedError", "NotFoundError", "NotReadableError"].includes(e.name);
}

/** The browser's complete SDP offer, with the ICE servers Qiao names. */
async function localOffer(phone: Softphone): Promise<string> {
  const ice = await api.request(iceServersQuery, {});
  const servers = ice.iceServers.map((s) => ({
    urls: s.urls,
    ...(s.username ? { username: s.username } : {}),
    ...(s.credential ? { credential: s.credential } : {}),
  }));
  return phone.offer(servers);
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
  const [line, setLine] = useState<{ callId: string; stats: LineStats } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [deskPhoneError, setDeskPhoneError] = useState<ApiError | null>(null);
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
  const onCall = state.call !== null;
  useEffect(() => {
    if (onCall) return;
    phoneRef.current?.close();
    phoneRef.current = null;
  }, [onCall]);

  // Closing the console ends the browser's end of the call (Qiao notices and ends the call).
  useEffect(
    () => () => {
      phoneRef.current?.close();
    },
    [],
  );

  // Only the browser's own line has figures to show.
  const browserCall = state.call?.deskPhone === false ? state.call : null;
  const talkingCall = browserCall?.connectedAt != null ? browserCall.callId : null;
  useEffect(() => {
    if (talkingCall === null) return undefined;
    const timer = window.setInterval(() => {
      void phoneRef.current?.stats().then((stats) => {
        if (stats) setLine({ callId: talkingCall, stats });
      });
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [talkingCall]);
  const currentLine = line !== null && line.callId === talkingCall ? line.stats : null;

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

  const setDeskPhone = useCallback(async (on: boolean) => {
    const presence = stateRef.current.presence;
    // After-call work cannot be asked for again; it ends by itself or with the wrap-up.
    if (!presence || presence.state === "AFTER_CALL_WORK") return;
    setBusy(true);
    setDeskPhoneError(null);
    try {
      const reason = presence.state === "NOT_READY" ? presence.reason : null;
      const data = await api.request(setPresenceMutation, { state: presence.state, reason, deskPhone: on });
      dispatch({ type: "presence", state: data.setPresence });
    } catch (e) {
      setDeskPhoneError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  /** Sets the browser's end of a call up: the microphone and the offer, which `place` hands to
   * Qiao for its answer. */
  const connect = useCallback(
    async (
      place: (sdp: string) => Promise<{ callId: string; sdp: string }>,
      done: (callId: string) => void,
      failed: (stage: Stage, callId: string) => void,
    ) => {
      setBusy(true);
      setError(null);
      setMicBlocked(false);
      const phone = new Softphone();
      phoneRef.current?.close();
      phoneRef.current = phone;
      phone.onRemoteStream = setRemoteStream;
      let stage: Stage = "local";
      let callId = "";
      try {
        let sdp: string;
        try {
          sdp = await localOffer(phone);
        } catch (e) {
          if (isMicError(e)) setMicBlocked(true);
          throw e;
        }
        stage = "sent";
        const answer = await place(sdp);
        callId = answer.callId;
        stage = "answered";
        await phone.accept(answer.sdp);
        done(callId);
      } catch (e) {
        phone.close();
        if (phoneRef.current === phone) phoneRef.current = null;
        failed(stage, callId);
        // Qiao bridged a call our browser cannot take: give it back rather than leave dead air.
        if (stage === "answered") void api.request(hangUpCallMutation, { callId }).catch(() => undefined);
        if (!(e instanceof Error && e.message === "closed")) setError(toApiError(e));
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  const answer = useCallback(async () => {
    const offer = stateRef.current.offer;
    if (!offer || stateRef.current.call) return;
    dispatch({ type: "answering", legId: offer.legId });
    await connect(
      async (sdp) => {
        const data = await api.request(answerCallMutation, { callId: offer.callId, sdp });
        return { callId: offer.callId, sdp: data.answerCall };
      },
      (callId) => {
        dispatch({ type: "answered", callId, now: Date.now() });
      },
      (stage) => {
        dispatch({ type: "answerFailed", callId: offer.callId, offerStillRinging: stage === "local" });
      },
    );
  }, [connect]);

  const dial = useCallback(
    async (number: string) => {
      if (stateRef.current.call || stateRef.current.offer) return;
      dispatch({ type: "dialling", number });
      await connect(
        async (sdp) => {
          const data = await api.request(dialOutMutation, { number, sdp });
          dispatch({ type: "dialled", callId: data.dialOut.callId });
          return data.dialOut;
        },
        (callId) => {
          dispatch({ type: "answered", callId, now: Date.now() });
        },
        (_stage, callId) => {
          dispatch({ type: "answerFailed", callId, offerStillRinging: false });
        },
      );
    },
    [connect],
  );

  const reject = useCallback(async () => {
    const offer = stateRef.current.offer;
    if (!offer) return;
    const ok = await run(() => api.request(rejectCallMutation, { callId: offer.callId }));
    if (ok) {
      const change = { agent: me, callId: offer.callId, legId: offer.legId, status: "rejected" as const };
      dispatch({ type: "event", event: { kind: "call", change }, now: Date.now() });
    }
  }, [me, run]);

  const commands = useCallCommands({ stateRef, phoneRef, dispatch, run });

  const wrapUp = useCallback(
    async (leg: string, code: string, notes: string) => {
      const ok = await run(() => api.request(wrapUpCallMutation, { legId: leg, code, notes }));
      if (ok) dispatch({ type: "wrappedUp", legId: leg });
      return ok;
    },
    [run],
  );

  const teamLoaded = useCallback((states: readonly AgentStateView[]) => {
    dispatch({ type: "team", states });
  }, []);

  const dismissError = useCallback(() => {
    setError(null);
    setMicBlocked(false);
  }, []);

  return useMemo(
    () => ({
      ...state,
      ...commands,
      status,
      remoteStream,
      line: currentLine,
      error,
      deskPhoneError,
      micBlocked,
      busy,
      setPresence,
      setDeskPhone,
      answer,
      reject,
      dial,
      wrapUp,
      teamLoaded,
      dismissError,
    }),
    [
      state,
      commands,
      status,
      remoteStream,
      currentLine,
      error,
      deskPhoneError,
      micBlocked,
      busy,
      setPresence,
      setDeskPhone,
      answer,
      reject,
      dial,
      wrapUp,
      teamLoaded,
      dismissError,
    ],
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
