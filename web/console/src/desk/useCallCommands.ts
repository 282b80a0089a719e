// What the agent does on the call in progress: mute (the browser's microphone), hold, keys, hang up,
// blind transfer, and the attended transfer — consult a colleague while the caller waits, then
// hand the caller over, take them back, or talk all three in a conference.
import { useCallback, useMemo, type Dispatch, type RefObject } from "react";
import { api } from "../api/session";
import {
  cancelConsultMutation,
  completeTransferMutation,
  consultCallMutation,
  hangUpCallMutation,
  holdCallMutation,
  sendKeysMutation,
  startConferenceMutation,
  transferCallMutation,
} from "../features/calls/operations";
import type { DeskAction, DeskState, TransferTarget } from "../lib/desk";
import type { Softphone } from "./softphone";

export interface CallCommands {
  hangUp: () => Promise<void>;
  hold: (on: boolean) => Promise<void>;
  mute: (on: boolean) => void;
  transfer: (target: TransferTarget) => Promise<boolean>;
  /** Offers the call to `agentId` to talk to them while the caller hears music. */
  consult: (agentId: string) => Promise<boolean>;
  /** Leaves the caller with the colleague consulted. */
  completeTransfer: () => Promise<void>;
  /** Ends the consultation and takes the caller back. */
  cancelConsult: () => Promise<void>;
  conference: () => Promise<void>;
  /** Sends keys (0–9, *, #) to the other side, as RFC 4733 events. */
  sendKeys: (keys: string) => Promise<boolean>;
}

interface Deps {
  stateRef: RefObject<DeskState>;
  phoneRef: RefObject<Softphone | null>;
  dispatch: Dispatch<DeskAction>;
  /** Runs one command, reporting its error; resolves to whether it went through. */
  run: (command: () => Promise<unknown>) => Promise<boolean>;
}

export function useCallCommands({ stateRef, phoneRef, dispatch, run }: Deps): CallCommands {
  /** Runs `command` on the call in progress; false when there is none or it failed. */
  const onCall = useCallback(
    async (command: (callId: string) => Promise<unknown>, then: (callId: string) => void) => {
      const call = stateRef.current.call;
      if (!call || call.callId === "") return false;
      const ok = await run(() => command(call.callId));
      if (ok) then(call.callId);
      return ok;
    },
    [stateRef, run],
  );

  const hangUp = useCallback(async () => {
    await onCall(
      (callId) => api.request(hangUpCallMutation, { callId }),
      (callId) => {
        dispatch({ type: "left", callId, outcome: "ended", now: Date.now() });
      },
    );
  }, [onCall, dispatch]);

  const hold = useCallback(
    async (on: boolean) => {
      await onCall(
        (callId) => api.request(holdCallMutation, { callId, on }),
        (callId) => {
          dispatch({ type: "held", callId, on });
        },
      );
    },
    [onCall, dispatch],
  );

  const mute = useCallback(
    (on: boolean) => {
      phoneRef.current?.setMuted(on);
      dispatch({ type: "muted", on });
    },
    [phoneRef, dispatch],
  );

  const transfer = useCallback(
    (target: TransferTarget) =>
      onCall(
        (callId) =>
          api.request(transferCallMutation, {
            callId,
            agentId: "agentId" in target ? target.agentId : null,
            queueId: "queueId" in target ? target.queueId : null,
            number: "number" in target ? target.number : null,
          }),
        (callId) => {
          dispatch({ type: "left", callId, outcome: "transferred", now: Date.now() });
        },
      ),
    [onCall, dispatch],
  );

  const consult = useCallback(
    (agentId: string) =>
      onCall(
        (callId) => api.request(consultCallMutation, { callId, agentId }),
        (callId) => {
          dispatch({ type: "consulting", callId, agentId });
        },
      ),
    [onCall, dispatch],
  );

  const completeTransfer = useCallback(async () => {
    await onCall(
      (callId) => api.request(completeTransferMutation, { callId }),
      (callId) => {
        dispatch({ type: "left", callId, outcome: "transferred", now: Date.now() });
      },
    );
  }, [onCall, dispatch]);

  const cancelConsult = useCallback(async () => {
    await onCall(
      (callId) => api.request(cancelConsultMutation, { callId }),
      (callId) => {
        dispatch({ type: "consultOver", callId });
      },
    );
  }, [onCall, dispatch]);

  const conference = useCallback(async () => {
    await onCall(
      (callId) => api.request(startConferenceMutation, { callId }),
      (callId) => {
        dispatch({ type: "conference", callId });
      },
    );
  }, [onCall, dispatch]);

  const sendKeys = useCallback(
    (keys: string) =>
      onCall(
        (callId) => api.request(sendKeysMutation, { callId, keys }),
        () => undefined,
      ),
    [onCall],
  );

  return useMemo(
    () => ({ hangUp, hold, mute, transfer, consult, completeTransfer, cancelConsult, conference, sendKeys }),
    [hangUp, hold, mute, transfer, consult, completeTransfer, cancelConsult, conference, sendKeys],
  );
}
