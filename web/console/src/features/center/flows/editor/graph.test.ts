import { describe, expect, it } from "vitest";
import {
  connect,
  disconnect,
  edgeId,
  exitsOf,
  fromCanvas,
  newNode,
  nextNodeId,
  NODE_TYPES,
  parseEdgeId,
  parseGraph,
  removeNodes,
  renameNode,
  setExit,
  toCanvasEdges,
  toCanvasNodes,
  type ConditionNode,
  type FlowGraph,
  type FlowNode,
  type MenuNode,
} from "./graph";

/** The server's starter draft (tenants/src/ivr/repo.rs), as saved (nulls included). */
const STARTER = {
  start: "greeting",
  nodes: [
    {
      id: "greeting",
      type: "play",
      position: { x: 0, y: 0 },
      prompt: { promptId: null, tts: { text: "您好，欢迎致电。Welcome.", lang: "zh-CN" } },
      next: "bye",
    },
    { id: "bye", type: "hangup", position: { x: 0, y: 160 }, prompt: null },
  ],
};

const menu: MenuNode = {
  id: "menu-1",
  type: "menu",
  position: { x: 10, y: 20 },
  prompt: { tts: { text: "Press 1", lang: "en" } },
  options: [
    { digit: "1", next: "sales" },
    { digit: "2", next: null },
  ],
  timeoutSecs: 5,
  retries: 2,
  onTimeout: "bye",
  onInvalid: null,
  onFailure: null,
};

const condition: ConditionNode = {
  id: "cond",
  type: "condition",
  position: { x: 0, y: 0 },
  branches: [
    { when: { kind: "businessHours", scheduleId: "s1" }, next: "open" },
    { when: { kind: "vip", minLevel: 3 }, next: null },
  ],
  otherwise: "closed",
};

describe("parseGraph", () => {
  it("reads the server's draft", () => {
    const graph = parseGraph(STARTER);
    expect(graph.start).toBe("greeting");
    expect(graph.nodes.map((n) => [n.id, n.type])).toEqual([
      ["greeting", "play"],
      ["bye", "hangup"],
    ]);
    expect(graph.nodes[1]?.position).toEqual({ x: 0, y: 160 });
  });

  it("drops nodes without an id or a known type and defaults positions", () => {
    const graph = parseGraph({
      start: 7,
      nodes: [{ type: "play" }, { id: "x", type: "teleport" }, { id: "h", type: "hangup" }, "junk"],
    });
    expect(graph).toEqual({ start: null, nodes: [{ id: "h", type: "hangup", position: { x: 0, y: 0 } }] });
    expect(parseGraph(null)).toEqual({ start: null, nodes: [] });
  });
});

describe("exitsOf", () => {
  it("gives a menu one exit per option, then timeout, invalid and failure", () => {
    expect(exitsOf(menu)).toEqual([
      { handle: "option:0", kind: "option", detail: "1", target: "sales" },
      { handle: "option:1", kind: "option", detail: "2", target: null },
      { handle: "onTimeout", kind: "onTimeout", target: "bye" },
      { handle: "onInvalid", kind: "onInvalid", target: null },
      { handle: "onFailure", kind: "onFailure", target: null },
    ]);
  });

  it("numbers condition branches from 1 and ends with otherwise", () => {
    expect(exitsOf(condition).map((e) => [e.handle, e.detail, e.target])).toEqual([
      ["branch:0", "1", "open"],
      ["branch:1", "2", null],
      ["otherwise", undefined, "closed"],
    ]);
  });

  it("knows every node type's exits", () => {
    const handles = Object.fromEntries(
      NODE_TYPES.map((t) => [t, exitsOf(newNode(t, t, { x: 0, y: 0 })).map((e) => e.handle)]),
    );
    expect(handles).toEqual({
      play: ["next"],
      menu: ["onTimeout", "onInvalid", "onFailure"],
      gather: ["next", "onInvalid"],
      lookup: ["next", "onNotFound", "onError"],
      condition: ["otherwise"],
      set: ["next"],
      transfer: ["onFailure"],
      voicemail: ["next"],
      callback: ["next"],
      hangup: [],
    });
  });

  it("treats a missing exit field as not connected", () => {
    const play = { id: "p", type: "play", position: { x: 0, y: 0 }, prompt: {} } as FlowNode;
    expect(exitsOf(play)).toEqual([{ handle: "next", kind: "next", target: null }]);
  });
});

describe("setExit", () => {
  it("writes a menu option's next and leaves the others", () => {
    const next = setExit(menu, "option:1", "support") as MenuNode;
    expect(next.options).toEqual([
      { digit: "1", next: "sales" },
      { digit: "2", next: "support" },
    ]);
    expect(menu.options[1]?.next).toBeNull();
  });

  it("writes and clears named exits", () => {
    expect((setExit(menu, "onFailure", "bye") as MenuNode).onFailure).toBe("bye");
    expect((setExit(menu, "onTimeout", null) as MenuNode).onTimeout).toBeNull();
    expect((setExit(condition, "branch:1", "vip") as ConditionNode).branches[1]?.next).toBe("vip");
    expect((setExit(condition, "otherwise", null) as ConditionNode).otherwise).toBeNull();
  });

  it("ignores handles the node does not have", () => {
    expect(setExit(menu, "next", "x")).toBe(menu);
    expect(setExit(menu, "option:5", "x")).toBe(menu);
    expect(setExit(newNode("hangup", "h", { x: 0, y: 0 }), "next", "x")).not.toHaveProperty("next");
  });
});

describe("canvas conversion", () => {
  const graph = parseGraph(STARTER);

  it("makes one edge per connected exit whose target exists", () => {
    const nodes: FlowNode[] = [...graph.nodes, { ...menu, options: [...menu.options, { digit: "3", next: "gone" }] }];
    expect(toCanvasEdges(nodes)).toEqual([
      { id: "greeting:next", source: "greeting", sourceHandle: "next", target: "bye" },
      { id: "menu-1:onTimeout", source: "menu-1", sourceHandle: "onTimeout", target: "bye" },
    ]);
  });

  it("round-trips the draft through canvas nodes, taking the canvas positions", () => {
    const canvas = toCanvasNodes(graph).map((n) => (n.id === "bye" ? { ...n, position: { x: 40.4, y: 200.6 } } : n));
    const back = fromCanvas(graph.start, canvas);
    expect(back.start).toBe("greeting");
    expect(back.nodes[0]).toEqual(STARTER.nodes[0]);
    expect(back.nodes[1]).toEqual({ ...STARTER.nodes[1], position: { x: 40, y: 201 } });
    expect(JSON.parse(JSON.stringify(back))).toEqual(back);
  });

  it("adds no keys the server would refuse", () => {
    const back = fromCanvas("greeting", toCanvasNodes(graph));
    for (const node of back.nodes) {
      expect(Object.keys(node).sort()).toEqual(Object.keys(STARTER.nodes.find((n) => n.id === node.id) ?? {}).sort());
    }
  });

  it("connects a drawn edge into the exit field, replacing the old target", () => {
    const canvas = toCanvasNodes({ start: "greeting", nodes: [...graph.nodes, menu] });
    const connected = connect(canvas, "greeting", "next", "menu-1");
    const saved = fromCanvas("greeting", connected);
    expect(saved.nodes[0]).toMatchObject({ id: "greeting", next: "menu-1" });
    expect(toCanvasEdges(saved.nodes).map((e) => e.id)).toContain("greeting:next");
    expect(connect(canvas, "greeting", null, "menu-1")).toEqual(canvas);
  });

  it("clears the exit of a deleted edge", () => {
    const canvas = toCanvasNodes({ start: "greeting", nodes: [...graph.nodes, menu] });
    const cleared = disconnect(canvas, [edgeId("menu-1", "option:0"), edgeId("greeting", "next")]);
    const saved = fromCanvas("greeting", cleared);
    expect(saved.nodes[0]).toMatchObject({ next: null });
    expect((saved.nodes[2] as MenuNode).options[0]).toEqual({ digit: "1", next: null });
    expect((saved.nodes[2] as MenuNode).onTimeout).toBe("bye");
  });

  it("parses edge ids of nodes whose ids contain colons", () => {
    expect(parseEdgeId("a:b:option:2", ["a", "a:b"])).toEqual({ source: "a:b", handle: "option:2" });
    expect(parseEdgeId("zzz:next", ["a"])).toBeNull();
  });
});

describe("graph edits", () => {
  const graph: FlowGraph = {
    start: "menu-1",
    nodes: [menu, newNode("hangup", "bye", { x: 0, y: 0 }), { ...newNode("play", "sales", { x: 0, y: 0 }), next: "bye" } as FlowNode],
  };

  it("removing nodes clears exits into them and the start", () => {
    const after = removeNodes(graph, new Set(["bye", "menu-1"]));
    expect(after.start).toBeNull();
    expect(after.nodes.map((n) => n.id)).toEqual(["sales"]);
    expect(after.nodes[0]).toMatchObject({ next: null });
    const keepStart = removeNodes(graph, new Set(["bye"]));
    expect(keepStart.start).toBe("menu-1");
    expect((keepStart.nodes[0] as MenuNode).onTimeout).toBeNull();
    expect((keepStart.nodes[0] as MenuNode).options[0]?.next).toBe("sales");
  });

  it("renaming a node follows every exit into it and the start", () => {
    const after = renameNode(graph, "bye", "goodbye");
    expect(after.nodes.map((n) => n.id)).toEqual(["menu-1", "goodbye", "sales"]);
    expect((after.nodes[0] as MenuNode).onTimeout).toBe("goodbye");
    expect(after.nodes[2]).toMatchObject({ next: "goodbye" });
    expect(renameNode(graph, "menu-1", "main").start).toBe("main");
  });

  it("picks the first free id per type", () => {
    expect(nextNodeId("menu", [])).toBe("menu-1");
    expect(nextNodeId("menu", ["menu-1", "menu-2", "play-3"])).toBe("menu-3");
    expect(nextNodeId("play", ["play-2"])).toBe("play-1");
  });

  it("creates new nodes with nothing connected and the chosen speech language", () => {
    for (const type of NODE_TYPES) {
      const node = newNode(type, `${type}-1`, { x: 1, y: 2 }, "en");
      expect(node.type).toBe(type);
      expect(exitsOf(node).every((e) => e.target === null)).toBe(true);
    }
    expect(newNode("menu", "m", { x: 0, y: 0 }, "en")).toMatchObject({ prompt: { tts: { text: "", lang: "en" } } });
  });
});
