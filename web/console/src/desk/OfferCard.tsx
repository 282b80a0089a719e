// A call ringing at the agent, with the screen pop: who calls (or "unknown caller" and a way to
// save them as a contact), their VIP level, member cards, open cases and recent calls, and what
// they did in the IVR; or a colleague asking to consult on their call. With the desk phone on,
// the agent answers there (or still here). The same screen pop stays on the desk during the call.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { VipBadge } from "../components/contacts";
import { formatYuan } from "../lib/cards";
import { CASE_PRIORITIES } from "../lib/cases";
import { isCallDisposition } from "../lib/calls";
import type { Offer } from "../lib/agentEvents";
import { agentLabel, isDialableNumber, ringSecondsLeft, type AgentStateView } from "../lib/desk";
import { formatDate, formatDateTime } from "../lib/format";
import type { Desk } from "./useDesk";
import { useNow } from "./useDesk";

export function OfferCard({ desk, offer, states }: { desk: Desk; offer: Offer; states: readonly AgentStateView[] }) {
  const { t } = useTranslation();
  const now = useNow(true, 500);
  const from = offer.screenPop.consultFrom;
  const colleague = from ? agentLabel(states, from) : null;
  // Qiao rings the desk phone for calls from the queue; a colleague's consultation rings here.
  const onDeskPhone = (desk.presence?.deskPhone ?? false) && from === null;
  return (
    <section
      className="card desk-offer"
      aria-labelledby="offer-title"
      data-testid="offer-card"
      data-call-id={offer.callId}
      data-leg-id={offer.legId}
      data-consult-from={from ?? ""}
    >
      <div className="card-header">
        <h2 id="offer-title">
          <span className="desk-ring-dot" aria-hidden="true" />
          {colleague ? t("desk.offer.consultTitle", { colleague }) : t("desk.offer.title")}
        </h2>
        <span className="muted small" role="timer">
          {t("desk.offer.ringing", { secs: ringSecondsLeft(offer, now) })}
        </span>
      </div>
      {colleague && (
        <p className="alert alert-info" data-testid="offer-consult-from">
          {t("desk.offer.consultHint", { colleague })}
        </p>
      )}
      <ScreenPopView offer={offer} states={states} />
      <div className="form-actions">
        {onDeskPhone && (
          <strong className="desk-phone-note" data-testid="answer-on-desk-phone">
            {t("desk.offer.onDeskPhone")}
          </strong>
        )}
        <button
          type="button"
          className={onDeskPhone ? "button button-secondary" : "button button-primary"}
          disabled={desk.busy}
          data-testid="answer-button"
          onClick={() => void desk.answer()}
        >
          {onDeskPhone ? t("desk.offer.answerHere") : t("desk.offer.answer")}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={desk.busy}
          data-testid="reject-button"
          onClick={() => void desk.reject()}
        >
          {t("desk.offer.reject")}
        </button>
      </div>
    </section>
  );
}

export function ScreenPopView({ offer, states }: { offer: Offer; states: readonly AgentStateView[] }) {
  const { t, i18n } = useTranslation();
  const pop = offer.screenPop;
  const contact = pop.contact;
  const number = pop.caller || offer.caller;
  const dialable = isDialableNumber(number);
  if (pop.consultFrom) {
    // A consultation carries no screen pop: the colleague has it.
    return (
      <div className="desk-pop" data-testid="screen-pop">
        <dl className="details">
          <dt>{t("desk.pop.caller")}</dt>
          <dd data-testid="pop-caller">
            <strong>{dialable ? number : t("desk.pop.unknown")}</strong>
          </dd>
          <dt>{t("desk.pop.dialled")}</dt>
          <dd>{offer.dialled || "—"}</dd>
          <dt>{t("desk.pop.consultFrom")}</dt>
          <dd data-testid="pop-consult-from">{agentLabel(states, pop.consultFrom)}</dd>
        </dl>
      </div>
    );
  }
  return (
    <div className="desk-pop" data-testid="screen-pop">
      <dl className="details">
        <dt>{t("desk.pop.caller")}</dt>
        <dd data-testid="pop-caller">
          {contact ? (
            <>
              <Link to={`/contacts/${contact.id}`} data-testid="pop-contact">
                <strong>{contact.name}</strong>
              </Link>{" "}
              <VipBadge level={contact.vipLevel} testId="pop-vip" />
              <div className="small">{number}</div>
            </>
          ) : (
            <>
              <strong>{dialable ? number : t("desk.pop.unknown")}</strong>
              <div className="small">
                <Link to={dialable ? `/contacts?phone=${encodeURIComponent(number)}` : "/contacts"} data-testid="pop-create-contact">
                  {t("desk.pop.createContact")}
                </Link>
              </div>
            </>
          )}
        </dd>
        {contact && contact.tags.length > 0 && (
          <>
            <dt>{t("desk.pop.tags")}</dt>
            <dd>
              {contact.tags.map((tag) => (
                <span key={tag} className="badge badge-muted tag">
                  {tag}
                </span>
              ))}
            </dd>
          </>
        )}
        {contact?.notes && (
          <>
            <dt>{t("desk.pop.notes")}</dt>
            <dd className="pre-wrap">{contact.notes}</dd>
          </>
        )}
        <dt>{t("desk.pop.dialled")}</dt>
        <dd>{offer.dialled || "—"}</dd>
        <dt>{t("desk.pop.ivrPath")}</dt>
        <dd data-testid="pop-ivr-path">{offer.ivrPath.join(" → ") || "—"}</dd>
        <dt>{t("desk.pop.digits")}</dt>
        <dd data-testid="pop-digits">{offer.digits ? <code>{offer.digits}</code> : "—"}</dd>
      </dl>

      <h3>{t("desk.pop.cards")}</h3>
      {pop.cards.length === 0 ? (
        <p className="muted small">{t("desk.pop.noCards")}</p>
      ) : (
        <table className="table table-compact" data-testid="pop-cards">
          <thead>
            <tr>
              <th scope="col">{t("desk.pop.cardNumber")}</th>
              <th scope="col">{t("desk.pop.tier")}</th>
              <th scope="col" className="numeric">
                {t("desk.pop.balance")}
              </th>
              <th scope="col" className="numeric">
                {t("desk.pop.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {pop.cards.map((card) => (
              <tr key={card.number}>
                <td>
                  <code>{card.number}</code>
                </td>
                <td>{card.tier}</td>
                <td className="numeric">{formatYuan(card.balanceMinor)}</td>
                <td className="numeric">{card.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t("desk.pop.cases")}</h3>
      {pop.openCases.length === 0 ? (
        <p className="muted small">{t("desk.pop.noCases")}</p>
      ) : (
        <ul className="dated-list" data-testid="pop-cases">
          {pop.openCases.map((c) => (
            <li key={c.id}>
              <Link to={`/cases/${c.id}`}>{c.subject}</Link>{" "}
              <span className="badge badge-muted">
                {(CASE_PRIORITIES as readonly string[]).includes(c.priority)
                  ? t(`cases.priorities.${c.priority as (typeof CASE_PRIORITIES)[number]}`)
                  : c.priority}
              </span>
              {c.dueAt && <span className="muted small"> {t("cases.due", { at: formatDate(c.dueAt, i18n.language) })}</span>}
            </li>
          ))}
        </ul>
      )}

      <h3>{t("desk.pop.recent")}</h3>
      {pop.recentCalls.length === 0 ? (
        <p className="muted small">{t("desk.pop.noRecent")}</p>
      ) : (
        <ul className="dated-list" data-testid="pop-recent">
          {pop.recentCalls.map((c) => (
            <li key={c.id}>
              {formatDateTime(c.startedAt, i18n.language)} ·{" "}
              {isCallDisposition(c.disposition) ? t(`calls.disposition.${c.disposition}`) : c.disposition}
              {c.ivrPath.length > 0 && <span className="muted small"> · {c.ivrPath.join(" → ")}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
