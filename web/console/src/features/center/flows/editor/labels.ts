// Translated names of node types and exits, shared by the canvas and the side panel.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useEditorState } from "./context";
import type { Exit, FlowNode } from "./graph";
import { promptOf } from "./graph";

export function useExitLabel(): (exit: Exit) => string {
  const { t } = useTranslation();
  return useCallback(
    (exit: Exit) => {
      switch (exit.kind) {
        case "option":
          return t("flow.exits.option", { digit: exit.detail ?? "" });
        case "branch":
          return t("flow.exits.branch", { n: exit.detail ?? "" });
        default:
          return t(`flow.exits.${exit.kind}`);
      }
    },
    [t],
  );
}

/** A one-line summary shown on the canvas: what the caller hears, or what the node does. */
export function useNodeSummary(): (node: FlowNode) => string {
  const { t } = useTranslation();
  const { promptNames } = useEditorState();
  return useCallback(
    (node: FlowNode) => {
      const prompt = promptOf(node);
      if (prompt?.promptId) return t("flow.summary.promptId", { id: promptNames.get(prompt.promptId) ?? prompt.promptId });
      if (prompt?.tts?.text) return prompt.tts.text;
      switch (node.type) {
        case "gather":
          return t("flow.summary.gather", { variable: node.variable });
        case "lookup":
          return t(`flow.lookupKinds.${node.source.kind}`);
        case "condition":
          return t("flow.summary.condition", { n: node.branches.length });
        case "set":
          return t("flow.summary.set", { n: node.assignments.length });
        case "transfer":
          return t(`flow.transferKinds.${node.target.kind}`);
        default:
          return "";
      }
    },
    [t, promptNames],
  );
}
