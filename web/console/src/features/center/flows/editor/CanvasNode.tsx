// One IVR node on the canvas: its type, id and summary, its problems (red border, tooltip and
// list), one target handle on the left and one labelled source handle per exit on the right.
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from "@xyflow/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useEditorState } from "./context";
import { exitsOf, type FlowNodeData } from "./graph";
import { useExitLabel, useNodeSummary } from "./labels";

export type IvrCanvasNode = Node<FlowNodeData>;

export function CanvasNode({ id, data, selected }: NodeProps<IvrCanvasNode>) {
  const { t } = useTranslation();
  const { start, issuesByNode, readOnly } = useEditorState();
  const exitLabel = useExitLabel();
  const summary = useNodeSummary()(data.flow);
  const issues = issuesByNode.get(id) ?? [];
  const exits = exitsOf(data.flow);
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = exits.map((e) => e.handle).join("|");

  // Menu options and condition branches come and go: React Flow must re-measure the handles.
  useEffect(() => {
    updateNodeInternals(id);
  }, [id, handleKey, updateNodeInternals]);

  const classes = ["flow-node", `flow-node-${data.flow.type}`];
  if (selected) classes.push("flow-node-selected");
  if (issues.length > 0) classes.push("flow-node-invalid");
  if (start === id) classes.push("flow-node-start");

  return (
    <div
      className={classes.join(" ")}
      data-testid={`flow-node-${id}`}
      data-type={data.flow.type}
      data-issues={issues.length}
      data-start={start === id}
      title={issues.length > 0 ? issues.map((i) => i.message).join("\n") : undefined}
    >
      <Handle
        type="target"
        position={Position.Left}
        className="flow-handle flow-handle-target"
        isConnectable={!readOnly}
        data-testid={`flow-target-${id}`}
        aria-label={t("flow.canvas.targetHandle", { id })}
      />
      <div className="flow-node-header">
        <span className="flow-node-type">{t(`flow.types.${data.flow.type}`)}</span>
        {start === id && <span className="badge badge-ok">{t("flow.canvas.start")}</span>}
      </div>
      <div className="flow-node-id">{id}</div>
      {summary && <div className="flow-node-summary">{summary}</div>}
      {issues.length > 0 && (
        <ul className="flow-node-issues" data-testid={`flow-node-issues-${id}`}>
          {issues.map((issue, i) => (
            <li key={i} data-code={issue.code}>
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {exits.length > 0 && (
        <ul className="flow-node-exits">
          {exits.map((exit) => (
            <li key={exit.handle} className={exit.target ? "flow-node-exit connected" : "flow-node-exit"}>
              <span>{exitLabel(exit)}</span>
              <Handle
                type="source"
                id={exit.handle}
                position={Position.Right}
                className="flow-handle flow-handle-source"
                isConnectable={!readOnly}
                data-testid={`flow-exit-${id}-${exit.handle}`}
                aria-label={t("flow.canvas.sourceHandle", { id, exit: exitLabel(exit) })}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
