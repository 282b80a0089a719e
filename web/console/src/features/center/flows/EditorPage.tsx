// The IVR flow editor (/flows/:id): the draft on a React Flow canvas (one labelled handle per
// exit; drawing or deleting an edge writes or clears that exit), a palette to add nodes, the
// selected node's fields, the problems of the last save, publishing, and version history.
import "@xyflow/react/dist/style.css";
import {
  applyNodeChanges,
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { FlowIssueDetail } from "../../../api/errors";
import { useMutation, useQuery } from "../../../api/hooks";
import type { IvrFlowFieldsFragment } from "../../../gql/graphql";
import { currentLanguage } from "../../../i18n";
import { ErrorAlert, SuccessAlert } from "../../../kit/ErrorAlert";
import { ReadOnlyNotice } from "../../../kit/ResourcePage";
import { ResourceTable } from "../../../kit/ResourceTable";
import { formatDateTime } from "../../../lib/format";
import { useManageConfig } from "../../../shell/context";
import { usersQuery } from "../../accounts/operations";
import { businessHoursQuery } from "../hours/operations";
import { promptsQuery } from "../prompts/operations";
import { queuesQuery } from "../queues/operations";
import { CanvasNode, type IvrCanvasNode } from "./editor/CanvasNode";
import { EditorContext, groupIssues, issueCodeKey, type EditorState } from "./editor/context";
import {
  CANVAS_NODE_TYPE,
  connect,
  disconnect,
  fromCanvas,
  newNode,
  nextNodeId,
  NODE_TYPES,
  parseGraph,
  removeNodes,
  renameNode,
  toCanvasEdges,
  toCanvasNodes,
  type FlowNode,
  type NodeType,
} from "./editor/graph";
import { NodePanel, type References } from "./editor/NodePanel";
import {
  ivrFlowQuery,
  publishIvrFlowMutation,
  restoreIvrFlowVersionMutation,
  saveIvrFlowDraftMutation,
} from "./operations";

type Version = IvrFlowFieldsFragment["versions"][number];

const NODE_COMPONENTS = { [CANVAS_NODE_TYPE]: CanvasNode };

export function FlowEditorPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const flow = useQuery(ivrFlowQuery, { id });
  const data = flow.data?.ivrFlow;
  return (
    <div className="page page-wide" data-testid="flow-editor-page">
      <p>
        <Link to="/flows">← {t("flow.backToList")}</Link>
      </p>
      {flow.error && <ErrorAlert error={flow.error} onRetry={flow.refetch} />}
      {!data && !flow.error && <p className="muted">{t("common.loading")}</p>}
      {data && (
        <ReactFlowProvider>
          <FlowEditor key={data.id} flow={data} onReload={flow.refetch} />
        </ReactFlowProvider>
      )}
    </div>
  );
}

function useReferences(): References {
  const queues = useQuery(queuesQuery, {});
  const schedules = useQuery(businessHoursQuery, {});
  const users = useQuery(usersQuery, {});
  const prompts = useQuery(promptsQuery, {});
  return useMemo(
    () => ({
      prompts: prompts.data?.prompts.map((p) => ({ id: p.id, name: p.name })) ?? [],
      queues: queues.data?.queues.map((q) => ({ id: q.id, name: q.name })) ?? [],
      schedules: schedules.data?.businessHours.map((s) => ({ id: s.id, name: s.name })) ?? [],
      users: users.data?.users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.email })) ?? [],
    }),
    [prompts.data, queues.data, schedules.data, users.data],
  );
}

function FlowEditor({ flow, onReload }: { flow: IvrFlowFieldsFragment; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const readOnly = !useManageConfig();
  const refs = useReferences();
  const { fitView } = useReactFlow();
  const fitPending = useRef(false);

  const [initial] = useState(() => parseGraph(flow.draft));
  const [nodes, setNodes] = useState<IvrCanvasNode[]>(() => toCanvasNodes(initial));
  const [start, setStart] = useState<string | null>(initial.start);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [issues, setIssues] = useState<readonly FlowIssueDetail[]>(flow.issues);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const save = useMutation(saveIvrFlowDraftMutation);
  const publish = useMutation(publishIvrFlowMutation);

  // A refused publish shows the problems the server found, the same way a save does.
  const shownIssues = publish.error?.details.issues ?? issues;
  const grouped = useMemo(() => groupIssues(shownIssues), [shownIssues]);
  const issuesByNode = useMemo(() => {
    const map = new Map<string, FlowIssueDetail[]>();
    for (const [nodeId, list] of grouped) if (nodeId !== null) map.set(nodeId, list);
    return map;
  }, [grouped]);
  const promptNames = useMemo(() => new Map(refs.prompts.map((p) => [p.id, p.name])), [refs.prompts]);
  const editorState = useMemo<EditorState>(
    () => ({ start, issuesByNode, readOnly, promptNames }),
    [start, issuesByNode, readOnly, promptNames],
  );

  const flowNodes = useMemo(() => nodes.map((n) => n.data.flow), [nodes]);
  const nodeIds = useMemo(() => nodes.map((n) => n.id), [nodes]);
  const edges = useMemo(
    () => toCanvasEdges(flowNodes).map((e) => ({ ...e, selected: selectedEdges.has(e.id) })),
    [flowNodes, selectedEdges],
  );
  const selected = nodes.find((n) => n.selected);

  // After adding or loading nodes, fit the view once React Flow has measured them.
  const allMeasured = nodes.every((n) => n.measured?.width !== undefined);
  useEffect(() => {
    if (!allMeasured || !fitPending.current) return;
    fitPending.current = false;
    void fitView({ padding: 0.15 });
  }, [allMeasured, nodes, fitView]);

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
    };
  }, [dirty]);

  const changed = useCallback(() => {
    setDirty(true);
    setNotice(null);
  }, []);

  const onNodesChange = useCallback(
    (changes: NodeChange<IvrCanvasNode>[]) => {
      const removed = new Set(changes.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
      if (changes.some((c) => c.type === "remove" || c.type === "position")) changed();
      setNodes((prev) => {
        const next = applyNodeChanges(changes, prev);
        if (removed.size === 0) return next;
        const cleaned = removeNodes({ start: null, nodes: next.map((n) => n.data.flow) }, removed).nodes;
        return next.map((n, i) => ({ ...n, data: { ...n.data, flow: cleaned[i] ?? n.data.flow } }));
      });
      if (removed.size > 0) setStart((s) => (s !== null && removed.has(s) ? null : s));
    },
    [changed],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = changes.flatMap((c) => (c.type === "remove" ? [c.id] : []));
      setSelectedEdges((prev) => {
        const next = new Set(prev);
        for (const c of changes) {
          if (c.type === "select") {
            if (c.selected) next.add(c.id);
            else next.delete(c.id);
          } else if (c.type === "remove") next.delete(c.id);
        }
        return next;
      });
      if (removed.length > 0) {
        setNodes((prev) => disconnect(prev, removed));
        changed();
      }
    },
    [changed],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (c.source === c.target) return;
      setNodes((prev) => connect(prev, c.source, c.sourceHandle, c.target));
      changed();
    },
    [changed],
  );

  const updateNode = (id: string, flowNode: FlowNode) => {
    setNodes((prev) => prev.map((n) => (n.id === id ? { ...n, data: { ...n.data, flow: flowNode } } : n)));
    changed();
  };

  const addNode = (type: NodeType) => {
    const id = nextNodeId(type, nodeIds);
    const maxX = nodes.reduce((m, n) => Math.max(m, n.position.x), -280);
    const position = { x: maxX + 280, y: 40 };
    const lang = currentLanguage() === "en" ? "en" : "zh-CN";
    const node = newNode(type, id, position, lang);
    setNodes((prev) => [
      ...prev.map((n) => ({ ...n, selected: false })),
      { id, type: CANVAS_NODE_TYPE, position, data: { flow: node }, selected: true },
    ]);
    changed();
    fitPending.current = true;
  };

  const deleteNode = (id: string) => {
    onNodesChange([{ type: "remove", id }]);
  };

  const rename = (from: string, to: string) => {
    const renamed = renameNode(fromCanvas(start, nodes), from, to);
    setNodes((prev) =>
      prev.map((n, i) => {
        const flowNode = renamed.nodes[i] ?? n.data.flow;
        return { ...n, id: flowNode.id, data: { ...n.data, flow: flowNode } };
      }),
    );
    setStart(renamed.start);
    changed();
  };

  const load = (draft: unknown, loadedIssues: readonly FlowIssueDetail[]) => {
    const graph = parseGraph(draft);
    setNodes(toCanvasNodes(graph));
    setStart(graph.start);
    setSelectedEdges(new Set());
    setIssues(loadedIssues);
    setDirty(false);
    fitPending.current = true;
  };

  const saveDraft = async (): Promise<boolean> => {
    publish.reset();
    setNotice(null);
    const result = await save.mutate({ id: flow.id, graph: fromCanvas(start, nodes) });
    if (!result) return false;
    const found = result.saveIvrFlowDraft.issues;
    setIssues(found);
    setDirty(false);
    setNotice(found.length === 0 ? t("flow.savedClean") : t("flow.savedWithIssues", { n: found.length }));
    return true;
  };

  const publishDraft = async () => {
    if (dirty && !(await saveDraft())) return;
    setNotice(null);
    const result = await publish.mutate({ id: flow.id });
    if (result) {
      setIssues([]);
      setNotice(t("flow.published", { version: result.publishIvrFlow.version }));
      onReload();
    }
  };

  const flowIssues = grouped.get(null) ?? [];
  const busy = save.loading || publish.loading;

  return (
    <EditorContext value={editorState}>
      <header className="page-header flow-editor-header">
        <div>
          <h1 data-testid="flow-name">{flow.name}</h1>
          <p className="muted">
            {flow.publishedVersion === null
              ? t("flows.draftOnly")
              : t("flows.publishedVersion", { version: flow.publishedVersion })}
            {" · "}
            <span data-testid="flow-dirty" data-dirty={dirty}>
              {dirty ? t("flow.unsaved") : t("flow.allSaved")}
            </span>
          </p>
        </div>
        {!readOnly && (
          <div className="card-header-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void saveDraft()}
              data-testid="flow-save"
            >
              {save.loading ? t("flow.saving") : t("flow.save")}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void publishDraft()}
              data-testid="flow-publish"
            >
              {publish.loading ? t("flow.publishing") : t("flow.publish")}
            </button>
          </div>
        )}
      </header>
      {readOnly && <ReadOnlyNotice />}
      {save.error && <ErrorAlert error={save.error} />}
      {publish.error && <ErrorAlert error={publish.error} />}
      {notice && (
        <div data-testid="flow-notice">
          <SuccessAlert>{notice}</SuccessAlert>
        </div>
      )}
      <div className={readOnly ? "flow-editor flow-editor-readonly" : "flow-editor"}>
        {!readOnly && (
          <nav className="flow-palette" aria-label={t("flow.palette")} data-testid="flow-palette">
            <h2>{t("flow.palette")}</h2>
            {NODE_TYPES.map((type) => (
              <button
                key={type}
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  addNode(type);
                }}
                data-testid={`palette-${type}`}
              >
                + {t(`flow.types.${type}`)}
              </button>
            ))}
          </nav>
        )}
        <div className="flow-canvas" data-testid="flow-canvas">
          <ReactFlow<IvrCanvasNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_COMPONENTS}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
            fitView
            fitViewOptions={{ padding: 0.15 }}
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
            defaultEdgeOptions={{ interactionWidth: 16 }}
          >
            <Background gap={20} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <aside className="flow-side">
          {selected ? (
            <NodePanel
              key={selected.id}
              node={selected.data.flow}
              nodeIds={nodeIds}
              isStart={start === selected.id}
              issues={issuesByNode.get(selected.id) ?? []}
              readOnly={readOnly}
              refs={refs}
              onChange={(n) => {
                updateNode(selected.id, n);
              }}
              onSetStart={() => {
                setStart(selected.id);
                changed();
              }}
              onRename={(to) => {
                rename(selected.id, to);
              }}
              onDelete={() => {
                deleteNode(selected.id);
              }}
            />
          ) : (
            <p className="muted flow-side-empty">{t("flow.selectHint")}</p>
          )}
        </aside>
      </div>
      <div className="grid-2">
        <section className="card" aria-labelledby="flow-issues-title" data-testid="flow-issues">
          <h2 id="flow-issues-title">{t("flow.issues.title")}</h2>
          {shownIssues.length === 0 ? (
            <p className="empty" data-testid="flow-no-issues">
              {t("flow.issues.none")}
            </p>
          ) : (
            <>
              {flowIssues.length > 0 && (
                <ul className="issue-list" data-testid="flow-level-issues">
                  {flowIssues.map((issue, i) => (
                    <li key={i} data-code={issue.code}>
                      <span className="issue-code">{t(`flow.issueCodes.${issueCodeKey(issue.code)}`)}</span>{" "}
                      {issue.message}
                    </li>
                  ))}
                </ul>
              )}
              <ul className="issue-list" data-testid="node-level-issues">
                {shownIssues
                  .filter((issue) => issue.nodeId !== null)
                  .map((issue, i) => (
                    <li key={i} data-code={issue.code} data-node-id={issue.nodeId}>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          setNodes((prev) => prev.map((n) => ({ ...n, selected: n.id === issue.nodeId })));
                        }}
                      >
                        {issue.nodeId}
                      </button>{" "}
                      <span className="issue-code">{t(`flow.issueCodes.${issueCodeKey(issue.code)}`)}</span>{" "}
                      {issue.message}
                    </li>
                  ))}
              </ul>
            </>
          )}
        </section>
        <VersionHistory
          flow={flow}
          readOnly={readOnly}
          dirty={dirty}
          language={i18n.language}
          onRestored={(restored) => {
            load(restored.draft, restored.issues);
            publish.reset();
            setNotice(t("flow.restored"));
            onReload();
          }}
        />
      </div>
    </EditorContext>
  );
}

function VersionHistory({
  flow,
  readOnly,
  dirty,
  language,
  onRestored,
}: {
  flow: IvrFlowFieldsFragment;
  readOnly: boolean;
  dirty: boolean;
  language: string;
  onRestored: (flow: IvrFlowFieldsFragment) => void;
}) {
  const { t } = useTranslation();
  const restore = useMutation(restoreIvrFlowVersionMutation);
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <section className="card" aria-labelledby="flow-versions-title">
      <h2 id="flow-versions-title">{t("flow.versions.title")}</h2>
      {restore.error && <ErrorAlert error={restore.error} />}
      <ResourceTable
        rows={flow.versions}
        empty={t("flow.versions.none")}
        testId="flow-versions"
        rowProps={(v) => ({ "data-version": v.version })}
        columns={[
          {
            header: t("flow.versions.version"),
            cell: (v) => (
              <>
                {t("flow.versions.label", { version: v.version })}
                {flow.publishedVersion === v.version && <span className="badge badge-ok">{t("flow.versions.live")}</span>}
              </>
            ),
          },
          { header: t("flow.versions.publishedAt"), cell: (v) => formatDateTime(v.publishedAt, language) },
          ...(readOnly
            ? []
            : [
                {
                  header: null,
                  className: "actions",
                  cell: (v: Version) =>
                    confirming === v.version ? (
                      <span className="confirm-inline">
                        <button
                          type="button"
                          className="button button-danger button-small"
                          disabled={restore.loading}
                          onClick={() => {
                            void restore.mutate({ id: flow.id, version: v.version }).then((data) => {
                              setConfirming(null);
                              if (data) onRestored(data.restoreIvrFlowVersion);
                            });
                          }}
                        >
                          {dirty ? t("flow.versions.confirmDiscard") : t("flow.versions.confirm")}
                        </button>
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          onClick={() => {
                            setConfirming(null);
                          }}
                        >
                          {t("config.cancel")}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => {
                          restore.reset();
                          setConfirming(v.version);
                        }}
                      >
                        {t("flow.versions.restore")}
                      </button>
                    ),
                },
              ]),
        ]}
      />
    </section>
  );
}
