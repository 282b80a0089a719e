// The IVR flow graph as the server stores it (tenants/src/ivr/graph.rs: camelCase fields, a
// `type` tag per node, `kind` tags inside), its exits, and the conversion to and from React
// Flow's nodes and edges. Pure: no React, no DOM. The server validates; nothing here judges.

export const NODE_TYPES = [
  "play",
  "menu",
  "gather",
  "lookup",
  "condition",
  "set",
  "transfer",
  "voicemail",
  "callback",
  "hangup",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const TTS_LANGS = ["zh-CN", "en"] as const;
export type TtsLang = (typeof TTS_LANGS)[number];

export interface Position {
  x: number;
  y: number;
}

/** A stored prompt, or text spoken by TTS. */
export interface Prompt {
  promptId?: string | null;
  tts?: { text: string; lang: string } | null;
}

/** An exit: the id of the node it leads to, or nothing (not connected). */
export type Next = string | null;

export interface MenuOption {
  digit: string;
  next?: Next;
}

export const LOOKUP_KINDS = ["knowledgeBase", "cardBalance", "contactByCallerId", "http"] as const;
export type LookupSource =
  | { kind: "knowledgeBase"; query: string; entryType?: string | null }
  | { kind: "cardBalance"; cardVariable: string; pinVariable: string }
  | { kind: "contactByCallerId" }
  | { kind: "http"; url: string; timeoutMs: number };

export const COMPARE_OPS = ["eq", "ne", "lt", "gt", "contains", "exists"] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export const CONDITION_KINDS = ["businessHours", "variable", "vip"] as const;
export type Condition =
  | { kind: "variable"; variable: string; op: CompareOp; value?: string | null }
  | { kind: "businessHours"; scheduleId: string }
  | { kind: "vip"; minLevel: number };

export interface Branch {
  when: Condition;
  next?: Next;
}

export const SET_TARGET_KINDS = ["variable", "priority", "language"] as const;
export type SetTarget = { kind: "variable"; name: string } | { kind: "priority" } | { kind: "language" };

export interface Assignment {
  target: SetTarget;
  value: string;
}

export const TRANSFER_KINDS = ["queue", "agent", "number"] as const;
export type TransferTarget =
  | { kind: "queue"; queueId: string }
  | { kind: "agent"; userId: string }
  | { kind: "number"; number: string };

interface NodeBase {
  id: string;
  position: Position;
}

export type PlayNode = NodeBase & { type: "play"; prompt: Prompt; next?: Next };
export type MenuNode = NodeBase & {
  type: "menu";
  prompt: Prompt;
  options: MenuOption[];
  timeoutSecs: number;
  retries: number;
  onTimeout?: Next;
  onInvalid?: Next;
  onFailure?: Next;
};
export type GatherNode = NodeBase & {
  type: "gather";
  prompt: Prompt;
  variable: string;
  minDigits: number;
  maxDigits: number;
  terminator?: string | null;
  timeoutSecs: number;
  next?: Next;
  onInvalid?: Next;
};
export type LookupNode = NodeBase & {
  type: "lookup";
  source: LookupSource;
  resultVariable: string;
  next?: Next;
  onNotFound?: Next;
  onError?: Next;
};
export type ConditionNode = NodeBase & { type: "condition"; branches: Branch[]; otherwise?: Next };
export type SetNode = NodeBase & { type: "set"; assignments: Assignment[]; next?: Next };
export type TransferNode = NodeBase & { type: "transfer"; target: TransferTarget; onFailure?: Next };
export type VoicemailNode = NodeBase & { type: "voicemail"; prompt: Prompt; next?: Next };
export type CallbackNode = NodeBase & { type: "callback"; prompt: Prompt; queueId: string; next?: Next };
export type HangupNode = NodeBase & { type: "hangup"; prompt?: Prompt | null };

export type FlowNode =
  | PlayNode
  | MenuNode
  | GatherNode
  | LookupNode
  | ConditionNode
  | SetNode
  | TransferNode
  | VoicemailNode
  | CallbackNode
  | HangupNode;

export interface FlowGraph {
  start: string | null;
  nodes: FlowNode[];
}

// ---------- reading the server's JSON ----------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNodeType(value: unknown): value is NodeType {
  return typeof value === "string" && (NODE_TYPES as readonly string[]).includes(value);
}

/** The draft as the editor holds it. The server wrote it, so its shape is trusted; only the
 * envelope is checked (nodes without an id or a known type are dropped, positions default). */
export function parseGraph(json: unknown): FlowGraph {
  if (!isRecord(json)) return { start: null, nodes: [] };
  const rawNodes = Array.isArray(json.nodes) ? (json.nodes as unknown[]) : [];
  const nodes: FlowNode[] = [];
  for (const raw of rawNodes) {
    if (!isRecord(raw) || typeof raw.id !== "string" || !isNodeType(raw.type)) continue;
    const pos = isRecord(raw.position) ? raw.position : {};
    const position = {
      x: typeof pos.x === "number" ? pos.x : 0,
      y: typeof pos.y === "number" ? pos.y : 0,
    };
    nodes.push({ ...raw, id: raw.id, type: raw.type, position } as FlowNode);
  }
  return { start: typeof json.start === "string" ? json.start : null, nodes };
}

// ---------- exits ----------

/** What an exit is, for its label: `next`, a menu key, a condition branch, … */
export type ExitKind =
  | "next"
  | "option"
  | "onTimeout"
  | "onInvalid"
  | "onFailure"
  | "onNotFound"
  | "onError"
  | "branch"
  | "otherwise";

export interface Exit {
  /** The React Flow source-handle id: the field's name, or `option:<i>` / `branch:<i>`. */
  handle: string;
  kind: ExitKind;
  /** The menu key (options) or the 1-based branch number (branches). */
  detail?: string;
  target: Next;
}

const exit = (kind: ExitKind, target: Next | undefined): Exit => ({ handle: kind, kind, target: target ?? null });

/** Every exit a node has, connected or not, in display order. */
export function exitsOf(node: FlowNode): Exit[] {
  switch (node.type) {
    case "play":
    case "set":
    case "voicemail":
    case "callback":
      return [exit("next", node.next)];
    case "menu":
      return [
        ...node.options.map((o, i) => ({
          handle: `option:${i}`,
          kind: "option" as const,
          detail: o.digit,
          target: o.next ?? null,
        })),
        exit("onTimeout", node.onTimeout),
        exit("onInvalid", node.onInvalid),
        exit("onFailure", node.onFailure),
      ];
    case "gather":
      return [exit("next", node.next), exit("onInvalid", node.onInvalid)];
    case "lookup":
      return [exit("next", node.next), exit("onNotFound", node.onNotFound), exit("onError", node.onError)];
    case "condition":
      return [
        ...node.branches.map((b, i) => ({
          handle: `branch:${i}`,
          kind: "branch" as const,
          detail: String(i + 1),
          target: b.next ?? null,
        })),
        exit("otherwise", node.otherwise),
      ];
    case "transfer":
      return [exit("onFailure", node.onFailure)];
    case "hangup":
      return [];
  }
}

function indexed(handle: string, prefix: string): number | null {
  if (!handle.startsWith(`${prefix}:`)) return null;
  const i = Number(handle.slice(prefix.length + 1));
  return Number.isInteger(i) && i >= 0 ? i : null;
}

/** The node with one exit pointed at `target` (null disconnects it). Unknown handles leave the
 * node unchanged (the same object). */
export function setExit(node: FlowNode, handle: string, target: Next): FlowNode {
  if (!exitsOf(node).some((e) => e.handle === handle)) return node;
  if (node.type === "menu") {
    const i = indexed(handle, "option");
    if (i !== null) return { ...node, options: node.options.map((o, j) => (j === i ? { ...o, next: target } : o)) };
  }
  if (node.type === "condition") {
    const i = indexed(handle, "branch");
    if (i !== null) return { ...node, branches: node.branches.map((b, j) => (j === i ? { ...b, next: target } : b)) };
  }
  return { ...node, [handle]: target };
}

/** The graph without some nodes: exits into them are cleared, and the start too if removed. */
export function removeNodes(graph: FlowGraph, ids: ReadonlySet<string>): FlowGraph {
  const nodes = graph.nodes
    .filter((n) => !ids.has(n.id))
    .map((n) =>
      exitsOf(n).reduce<FlowNode>(
        (node, e) => (e.target !== null && ids.has(e.target) ? setExit(node, e.handle, null) : node),
        n,
      ),
    );
  return { start: graph.start !== null && ids.has(graph.start) ? null : graph.start, nodes };
}

/** The graph with a node renamed: every exit into it and the start follow. */
export function renameNode(graph: FlowGraph, from: string, to: string): FlowGraph {
  const nodes = graph.nodes.map((n) => {
    const renamed = n.id === from ? { ...n, id: to } : n;
    return exitsOf(renamed).reduce<FlowNode>(
      (node, e) => (e.target === from ? setExit(node, e.handle, to) : node),
      renamed,
    );
  });
  return { start: graph.start === from ? to : graph.start, nodes };
}

/** A fresh id for a new node of a type: `menu-1`, `menu-2`, … (the first one not taken). */
export function nextNodeId(type: NodeType, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) {
    const id = `${type}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** A new node of a type with the server's defaults and nothing connected. */
export function newNode(type: NodeType, id: string, position: Position, lang: TtsLang = "zh-CN"): FlowNode {
  const prompt = (): Prompt => ({ tts: { text: "", lang } });
  switch (type) {
    case "play":
      return { id, type, position, prompt: prompt(), next: null };
    case "menu":
      return {
        id,
        type,
        position,
        prompt: prompt(),
        options: [],
        timeoutSecs: 5,
        retries: 2,
        onTimeout: null,
        onInvalid: null,
        onFailure: null,
      };
    case "gather":
      return {
        id,
        type,
        position,
        prompt: prompt(),
        variable: "digits",
        minDigits: 1,
        maxDigits: 8,
        terminator: "#",
        timeoutSecs: 5,
        next: null,
        onInvalid: null,
      };
    case "lookup":
      return {
        id,
        type,
        position,
        source: { kind: "contactByCallerId" },
        resultVariable: "result",
        next: null,
        onNotFound: null,
        onError: null,
      };
    case "condition":
      return { id, type, position, branches: [], otherwise: null };
    case "set":
      return { id, type, position, assignments: [], next: null };
    case "transfer":
      return { id, type, position, target: { kind: "queue", queueId: "" }, onFailure: null };
    case "voicemail":
      return { id, type, position, prompt: prompt(), next: null };
    case "callback":
      return { id, type, position, prompt: prompt(), queueId: "", next: null };
    case "hangup":
      return { id, type, position, prompt: null };
  }
}

/** The prompt a node plays, if it has one. */
export function promptOf(node: FlowNode): Prompt | null {
  switch (node.type) {
    case "play":
    case "menu":
    case "gather":
    case "voicemail":
    case "callback":
      return node.prompt;
    case "hangup":
      return node.prompt ?? null;
    default:
      return null;
  }
}

// ---------- React Flow ----------

/** What a React Flow node carries: the flow node (its `position` is the React Flow one). */
export interface FlowNodeData extends Record<string, unknown> {
  flow: FlowNode;
}

/** The subset of React Flow's Node this module reads and writes. */
export interface CanvasNode {
  id: string;
  type?: string;
  position: Position;
  data: FlowNodeData;
  selected?: boolean;
}

export interface CanvasEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle?: string | null;
  selected?: boolean;
}

/** The node type name registered with React Flow (one component renders every kind). */
export const CANVAS_NODE_TYPE = "ivr";

export function toCanvasNodes(graph: FlowGraph): CanvasNode[] {
  return graph.nodes.map((n) => ({
    id: n.id,
    type: CANVAS_NODE_TYPE,
    position: { x: n.position.x, y: n.position.y },
    data: { flow: n },
  }));
}

/** The edge id of an exit: `<source>:<handle>` (one edge per exit). */
export function edgeId(source: string, handle: string): string {
  return `${source}:${handle}`;
}

/** Parses an edge id back into its source node and handle. */
export function parseEdgeId(id: string, nodeIds: Iterable<string>): { source: string; handle: string } | null {
  // Node ids may contain ':' themselves; pick the longest node id that prefixes the edge id.
  let best: string | null = null;
  for (const n of nodeIds) {
    if (id.startsWith(`${n}:`) && (best === null || n.length > best.length)) best = n;
  }
  return best === null ? null : { source: best, handle: id.slice(best.length + 1) };
}

/** One edge per connected exit whose target exists (the server reports dangling ones). */
export function toCanvasEdges(nodes: readonly FlowNode[]): CanvasEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  const edges: CanvasEdge[] = [];
  for (const n of nodes) {
    for (const e of exitsOf(n)) {
      if (e.target !== null && ids.has(e.target)) {
        edges.push({ id: edgeId(n.id, e.handle), source: n.id, sourceHandle: e.handle, target: e.target });
      }
    }
  }
  return edges;
}

/** The graph to save: each node's fields with React Flow's id and position. */
export function fromCanvas(start: string | null, nodes: readonly CanvasNode[]): FlowGraph {
  return {
    start,
    nodes: nodes.map((n) => ({
      ...n.data.flow,
      id: n.id,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
  };
}

/** Applies a drawn connection: the source's exit now leads to the target. */
export function connect<N extends CanvasNode>(
  nodes: readonly N[],
  source: string,
  handle: string | null | undefined,
  target: string,
): N[] {
  if (!handle) return [...nodes];
  return nodes.map((n) =>
    n.id === source ? { ...n, data: { ...n.data, flow: setExit(n.data.flow, handle, target) } } : n,
  );
}

/** Applies removed edges: their exits are cleared. */
export function disconnect<N extends CanvasNode>(nodes: readonly N[], edgeIds: readonly string[]): N[] {
  const ids = nodes.map((n) => n.id);
  const bySource = new Map<string, string[]>();
  for (const id of edgeIds) {
    const parsed = parseEdgeId(id, ids);
    if (parsed) bySource.set(parsed.source, [...(bySource.get(parsed.source) ?? []), parsed.handle]);
  }
  return nodes.map((n) => {
    const handles = bySource.get(n.id);
    if (!handles) return n;
    const flow = handles.reduce<FlowNode>((node, h) => setExit(node, h, null), n.data.flow);
    return { ...n, data: { ...n.data, flow } };
  });
}
