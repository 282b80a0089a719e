// Calling out from the softphone: a number field with a dial pad, for an agent who is logged in
// and has no call ringing or running. Qiao places the call through the organisation's trunk with
// its number as caller ID; the call then shows like an answered one.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TextField } from "../kit/fields";
import { parseDialNumber } from "../lib/desk";
import type { Desk } from "./useDesk";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0"] as const;

export function DialPad({ desk }: { desk: Desk }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [tried, setTried] = useState(false);
  const number = parseDialNumber(text);
  const invalid = tried && text.trim() !== "" && number === null;
  return (
    <section className="card" aria-labelledby="dial-title" data-testid="dial-panel">
      <h2 id="dial-title">{t("desk.dial.title")}</h2>
      <form
        className="form desk-dial"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (number) void desk.dial(number);
        }}
      >
        <TextField
          label={t("desk.dial.number")}
          hint={t("desk.dial.hint")}
          error={invalid ? t("desk.dial.invalid") : null}
          value={text}
          onValueChange={(v) => {
            setText(v);
            setTried(false);
          }}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="+8613900139000"
          maxLength={24}
          data-testid="dial-number"
        />
        <div className="desk-keypad" role="group" aria-label={t("desk.dial.keypad")}>
          {KEYS.map((key) => (
            <button
              key={key}
              type="button"
              className="button button-secondary"
              data-testid={`dial-key-${key === "+" ? "plus" : key}`}
              onClick={() => {
                setText((v) => v + key);
                setTried(false);
              }}
            >
              {key}
            </button>
          ))}
          <button
            type="button"
            className="button button-secondary"
            aria-label={t("desk.dial.backspace")}
            data-testid="dial-backspace"
            disabled={text === ""}
            onClick={() => {
              setText((v) => v.slice(0, -1));
              setTried(false);
            }}
          >
            ⌫
          </button>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={desk.busy || text.trim() === ""} data-testid="dial-button">
            {t("desk.dial.call")}
          </button>
        </div>
      </form>
    </section>
  );
}
