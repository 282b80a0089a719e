// Calls: call records (who called which number, what the IVR did, how it ended), their
// recordings with a player, and the callback tasks voicemail and "call me back" leave.
// Above them, who waits in which queue now, with their place and the wait they are told
// (counted over every node's calls). Supervisors and above; the data refreshes every 10
// seconds.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "../api/hooks";
import { callsPageQuery } from "../features/calls/operations";
import { ErrorAlert } from "../kit/ErrorAlert";
import { PageFrame } from "../kit/ResourcePage";
import { TableCard } from "../kit/ResourceTable";
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
    <PageFrame title={t("calls.title")} subtitle={t("calls.subtitle")} testId="calls-page">
      {data.error && <ErrorAlert error={data.error} onRetry={refetch} />}
      {!data.data && !data.error && <p className="muted">{t("common.loading")}</p>}
      {data.data && (
        <>
          <TableCard
            id="waiting"
            title={t("calls.waiting.title")}
            rows={data.data.waitingCalls.map((w) => ({ id: w.call.id, ...w }))}
            empty={t("calls.waiting.empty")}
            rowProps={(w) => ({ "data-call-id": w.id, "data-position": w.standing.position })}
            columns={[
              { header: t("calls.waiting.queue"), cell: (w) => queueName.get(w.standing.queueId) ?? "—" },
              { header: t("calls.waiting.position"), cell: (w) => w.standing.position },
              { header: t("calls.waiting.caller"), cell: (w) => w.call.caller },
              { header: t("calls.waiting.waited"), cell: (w) => waitedFor(w.standing.queuedAt, now) },
              {
                header: t("calls.waiting.expected"),
                cell: (w) => expected(w.standing.estimatedWaitSecs),
                cellProps: () => ({ "data-testid": "expected-wait" }),
              },
              {
                header: t("calls.waiting.agents"),
                cell: (w) => `${w.standing.agentsFree} / ${w.standing.agentsServing}`,
                cellProps: () => ({ "data-testid": "agents-free" }),
              },
            ]}
          />
          <TableCard
            id="calls"
            title={t("calls.records")}
            rows={data.data.calls}
            empty={t("calls.empty")}
            rowProps={(c) => ({ "data-call-id": c.id, "data-disposition": c.disposition })}
            columns={[
              { header: t("calls.columns.started"), cell: (c) => formatDateTime(c.startedAt, i18n.language) },
              { header: t("calls.columns.caller"), cell: (c) => c.caller },
              { header: t("calls.columns.dialled"), cell: (c) => c.dialled },
              {
                header: t("calls.columns.outcome"),
                cell: (c) => (
                  <>
                    <span className="badge badge-muted">
                      {isCallDisposition(c.disposition) ? t(`calls.disposition.${c.disposition}`) : c.disposition}
                    </span>
                    {c.endedBy && (
                      <div className="muted small">{oneOf(ENDED_BY, c.endedBy) ? t(`calls.endedBy.${c.endedBy}`) : c.endedBy}</div>
                    )}
                  </>
                ),
              },
              {
                header: t("calls.columns.path"),
                cell: (c) => (
                  <>
                    {c.ivrPath.join(" → ") || "—"}
                    {c.digits && <div className="muted small">{t("calls.keys", { keys: c.digits })}</div>}
                  </>
                ),
              },
              { header: t("calls.columns.wait"), cell: (c) => seconds(c.queueWaitMs) },
              {
                header: t("calls.columns.recording"),
                cell: (c) => {
                  const url = c.recordingId ? recordingUrl.get(c.recordingId) : undefined;
                  if (url) return <audio controls preload="none" src={url} data-testid="call-recording" />;
                  return c.recordingId ? <span className="muted small">{t("calls.uploading")}</span> : "—";
                },
              },
            ]}
          />
          <TableCard
            id="callbacks"
            title={t("calls.callbacks")}
            rows={data.data.callbackTasks}
            empty={t("calls.noCallbacks")}
            rowProps={(task) => ({ "data-kind": task.kind })}
            columns={[
              { header: t("calls.columns.created"), cell: (task) => formatDateTime(task.createdAt, i18n.language) },
              {
                header: t("calls.columns.kind"),
                cell: (task) => (oneOf(TASK_KINDS, task.kind) ? t(`calls.taskKind.${task.kind}`) : task.kind),
              },
              { header: t("calls.columns.number"), cell: (task) => task.number },
              { header: t("calls.columns.status"), cell: (task) => task.status },
              {
                header: t("calls.columns.message"),
                cell: (task) => {
                  const url = task.recordingId ? recordingUrl.get(task.recordingId) : undefined;
                  return url ? <audio controls preload="none" src={url} /> : "—";
                },
              },
            ]}
          />
          <section className="card" aria-labelledby="recordings-title">
            <h2 id="recordings-title">{t("calls.recordings")}</h2>
            <p className="muted small">
              {t("calls.recordingCount", { n: data.data.recordings.length })} ·{" "}
              {t("calls.recordingTotal", { s: seconds(data.data.recordings.reduce((a, r) => a + r.durationMs, 0)) })}
            </p>
          </section>
        </>
      )}
    </PageFrame>
  );
}
