// What the shell shows of the desk on every page: the caller's audio (one <audio> element that
// lives as long as the shell) and a header badge while a call rings or runs.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import type { Desk } from "./useDesk";

export function RemoteAudio({ stream }: { stream: MediaStream | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = stream;
    if (stream) {
      audio.play().catch((e: unknown) => {
        console.warn("softphone: cannot play the caller's audio", e);
      });
    }
  }, [stream]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" data-live={stream !== null} />;
}

export function DeskIndicator({ desk }: { desk: Desk }) {
  const { t } = useTranslation();
  if (desk.offer) {
    return (
      <NavLink to="/desk" className="desk-indicator desk-indicator-ringing" data-testid="desk-indicator-ringing">
        {t("desk.indicator.ringing")}
      </NavLink>
    );
  }
  if (desk.call) {
    return (
      <NavLink to="/desk" className="desk-indicator" data-testid="desk-indicator-call">
        {t("desk.indicator.onCall")}
      </NavLink>
    );
  }
  return null;
}
