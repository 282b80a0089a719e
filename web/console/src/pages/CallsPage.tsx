// Calls: call records (who called which number, what the IVR did, how it ended), their
// recordings with a player, and the callback tasks voicemail and "call me back" leave.
// Above them, who waits in which queue now, with their place and the wait they are told
// (counted over every node's calls). Supervisors and above; the data refreshes every 10
// seconds.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "../api/hooks";
import { callsPageQuery } from "../api/operations";
import { ConfigPage } from "../components/config";
import { ErrorAlert } from "../components/ErrorAlert";
import { expectedWait, isCallDisposition, waitedFor } from "../lib/calls";
import { formatDateTime } from "../lib/format";

const ENDED_BY = ["caller", "system", "timeout"] as const;
const TASK_KINDS = ["voicemail", "callback"] as const;

function oneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${Math.round(ms / 100) / 10} s`;
}

export function CallsPage() {
  const { t, i18n } = useTranslation();
  const data = useQuery(callsPageQuery, {});
  const { refetch } = data;
  // The clock for "waiting for", ticking every second between refreshes.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = window.setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      window.clearInterval(tick);
    };
  }, []);
  useEffect(() => {
    const timer = window.setInterval(() => {
      refetch();
    }, 10_000);
    return () => {
      window.clearInterval(timer);
    };
  }, [refetch]);
  const queueName = new Map((data.data?.queues ?? []).map((q) => [q.id, q.name]));
  const expected = (secs: number | null | undefined) => {
    const e = expectedWait(secs);
    if (e.kind === "unknown") return t("calls.waiting.unknown");
    if (e.kind === "underMinute") return t("calls.waiting.underMinute");
    return t("calls.waiting.minutes", { count: e.n });
  };
  const recordingUrl = new Map<string, string>();
  for (const r of data.data?.recordings ?? []) {
    if (r.url) recordingUrl.set(r.id, r.url);
  }
  return (
    <ConfigPage title={t("calls.title")} subtitle={t("calls.subtitle")} readOnly={false} testId="calls-page">
      {data.error && <ErrorAlert error={data.error} onRetry={refetch} />}
      {!data.data && !data.error && <p className="muted">{t("common.loading")}</p>}
      {data.data && (
        <>
          <section className="card" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{t("calls.waiting.title")}</h2>
            {data.data.waitingCalls.length === 0 ? (
              <p className="empty">{t("calls.waiting.empty")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="waiting-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("calls.waiting.queue")}</th>
                      <th scope="col">{t("calls.waiting.position")}</th>
                      <th scope="col">{t("calls.waiting.caller")}</th>
                      <th scope="col">{t("calls.waiting.waited")}</th>
                      <th scope="col">{t("calls.waiting.expected")}</th>
                      <th scope="col">{t("calls.waiting.agents")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.data.waitingCalls.map(({ call, standing }) => (
                      <tr key={call.id} data-call-id={call.id} data-position={standing.position}>
                        <td>{queueName.get(standing.queueId) ?? "—"}</td>
                        <td>{standing.position}</td>
                        <td>{call.caller}</td>
                        <td>{waitedFor(standing.queuedAt, now)}</td>
                        <td data-testid="expected-wait">{expected(standing.estimatedWaitSecs)}</td>
                        <td data-testid="agents-free">
                          {standing.agentsFree} / {standing.agentsServing}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="calls-list-title">
            <h2 id="calls-list-title">{t("calls.records")}</h2>
            {data.data.calls.length === 0 ? (
              <p className="empty">{t("calls.empty")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="calls-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("calls.columns.started")}</th>
                      <th scope="col">{t("calls.columns.caller")}</th>
                      <th scope="col">{t("calls.columns.dialled")}</th>
                      <th scope="col">{t("calls.columns.outcome")}</th>
                      <th scope="col">{t("calls.columns.path")}</th>
                      <th scope="col">{t("calls.columns.wait")}</th>
                      <th scope="col">{t("calls.columns.recording")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.data.calls.map((c) => {
                      const url = c.recordingId ? recordingUrl.get(c.recordingId) : undefined;
                      return (
                        <tr key={c.id} data-call-id={c.id} data-disposition={c.disposition}>
                          <td>{formatDateTime(c.startedAt, i18n.language)}</td>
                          <td>{c.caller}</td>
                          <td>{c.dialled}</td>
                          <td>
                            <span className="badge badge-muted">
                              {isCallDisposition(c.disposition) ? t(`calls.disposition.${c.disposition}`) : c.disposition}
                            </span>
                            {c.endedBy && (
                              <div className="muted small">
                                {oneOf(ENDED_BY, c.endedBy) ? t(`calls.endedBy.${c.endedBy}`) : c.endedBy}
                              </div>
                            )}
                          </td>
                          <td>
                            {c.ivrPath.join(" → ") || "—"}
                            {c.digits && <div className="muted small">{t("calls.keys", { keys: c.digits })}</div>}
                          </td>
                          <td>{seconds(c.queueWaitMs)}</td>
                          <td>
                            {url ? (
                              <audio controls preload="none" src={url} data-testid="call-recording" />
                            ) : c.recordingId ? (
                              <span className="muted small">{t("calls.uploading")}</span>
                            ) : (
                              "—"
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="callbacks-title">
            <h2 id="callbacks-title">{t("calls.callbacks")}</h2>
            {data.data.callbackTasks.length === 0 ? (
              <p className="empty">{t("calls.noCallbacks")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="callbacks-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("calls.columns.created")}</th>
                      <th scope="col">{t("calls.columns.kind")}</th>
                      <th scope="col">{t("calls.columns.number")}</th>
                      <th scope="col">{t("calls.columns.status")}</th>
                      <th scope="col">{t("calls.columns.message")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.data.callbackTasks.map((task) => {
                      const url = task.recordingId ? recordingUrl.get(task.recordingId) : undefined;
                      return (
                        <tr key={task.id} data-kind={task.kind}>
                          <td>{formatDateTime(task.createdAt, i18n.language)}</td>
                          <td>{oneOf(TASK_KINDS, task.kind) ? t(`calls.taskKind.${task.kind}`) : task.kind}</td>
                          <td>{task.number}</td>
                          <td>{task.status}</td>
                          <td>{url ? <audio controls preload="none" src={url} /> : "—"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="recordings-title">
            <h2 id="recordings-title">{t("calls.recordings")}</h2>
            <p className="muted small">
              {t("calls.recordingCount", { n: data.data.recordings.length })} ·{" "}
              {t("calls.recordingTotal", { s: seconds(data.data.recordings.reduce((a, r) => a + r.durationMs, 0)) })}
            </p>
          </section>
        </>
      )}
    </ConfigPage>
  );
}
