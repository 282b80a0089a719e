// What every node on the canvas needs besides its own data: the start node, the issues of the
// last save or publish attempt, and whether the user may edit.
import { createContext, useContext } from "react";
import type { FlowIssueDetail } from "../../../../api/errors";

export interface EditorState {
  start: string | null;
  issuesByNode: ReadonlyMap<string, readonly FlowIssueDetail[]>;
  readOnly: boolean;
  /** Stored prompts' names by id, for the canvas summaries. */
  promptNames: ReadonlyMap<string, string>;
}

export const EditorContext = createContext<EditorState>({
  start: null,
  issuesByNode: new Map(),
  readOnly: true,
  promptNames: new Map(),
});

export function useEditorState(): EditorState {
  return useContext(EditorContext);
}

/** Issues grouped by node id; those without a node are under `null`. */
export function groupIssues(issues: readonly FlowIssueDetail[]): Map<string | null, FlowIssueDetail[]> {
  const map = new Map<string | null, FlowIssueDetail[]>();
  for (const issue of issues) map.set(issue.nodeId, [...(map.get(issue.nodeId) ?? []), issue]);
  return map;
}

export type IssueCodeKey =
  | "NO_START"
  | "DUPLICATE_ID"
  | "DANGLING_EDGE"
  | "UNREACHABLE"
  | "INPUT_FREE_LOOP"
  | "MISSING_PROMPT"
  | "MISSING_EXIT"
  | "INVALID_CONFIG"
  | "UNKNOWN_REFERENCE"
  | "OTHER";

const KNOWN_CODES: readonly string[] = [
  "NO_START",
  "DUPLICATE_ID",
  "DANGLING_EDGE",
  "UNREACHABLE",
  "INPUT_FREE_LOOP",
  "MISSING_PROMPT",
  "MISSING_EXIT",
  "INVALID_CONFIG",
  "UNKNOWN_REFERENCE",
];

/** The translation key of an issue code (codes the console does not know yet are "OTHER"). */
export function issueCodeKey(code: string): IssueCodeKey {
  return KNOWN_CODES.includes(code) ? (code as IssueCodeKey) : "OTHER";
}

