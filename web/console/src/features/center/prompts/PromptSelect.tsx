// Stored prompts in forms: a select of the tenant's prompts with a small play button. Signed
// links expire after a few minutes, so the button fetches a fresh one each time it plays.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { toApiError, type ApiError } from "../../../api/errors";
import { api } from "../../../api/session";
import { SelectField } from "../../../kit/fields";
import { promptQuery } from "./operations";

export interface PromptRef {
  id: string;
  name: string;
}

/** Plays a stored prompt (a fresh signed link each time); stops when pressed again. */
export function PromptPlayButton({ promptId, name }: { promptId: string; name?: string }) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(
    () => () => {
      audio.current?.pause();
    },
    [],
  );

  const stop = () => {
    audio.current?.pause();
    audio.current = null;
    setPlaying(false);
  };

  const play = async () => {
    setError(null);
    try {
      const data = await api.request(promptQuery, { id: promptId });
      const element = new Audio(data.prompt.url);
      element.addEventListener("ended", () => {
        setPlaying(false);
      });
      audio.current = element;
      setPlaying(true);
      await element.play();
    } catch (e) {
      setPlaying(false);
      setError(toApiError(e));
    }
  };

  return (
    <span className="prompt-play">
      <button
        type="button"
        className="button button-secondary button-small"
        aria-label={playing ? t("prompts.stop") : t("prompts.playNamed", { name: name ?? promptId })}
        title={error ? `${t(`errors.${error.code}`)} ${error.message}` : undefined}
        data-testid="prompt-play"
        onClick={() => {
          if (playing) stop();
          else void play();
        }}
      >
        {playing ? "■" : "▶"}
      </button>
      {error && (
        <span className="field-error" role="alert" data-code={error.code}>
          {t(`errors.${error.code}`)}
        </span>
      )}
    </span>
  );
}

/** A select of stored prompts (or `emptyLabel`, value ""), with a play button for the chosen one.
 * An id that is not in `prompts` (deleted, or not loaded yet) stays selectable as unknown. */
export function PromptSelect({
  label,
  value,
  prompts,
  emptyLabel,
  onValueChange,
  hint,
  testId,
}: {
  label: string;
  value: string;
  prompts: readonly PromptRef[];
  emptyLabel: string;
  onValueChange: (id: string) => void;
  hint?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const options = [{ value: "", label: emptyLabel }, ...prompts.map((p) => ({ value: p.id, label: p.name }))];
  if (value !== "" && !prompts.some((p) => p.id === value)) {
    options.push({ value, label: t("prompts.unknown", { id: value }) });
  }
  const chosen = prompts.find((p) => p.id === value);
  return (
    <div className="prompt-select">
      <SelectField label={label} value={value} options={options} hint={hint} onValueChange={onValueChange} data-testid={testId} />
      {value !== "" && <PromptPlayButton key={value} promptId={value} name={chosen?.name} />}
    </div>
  );
}
