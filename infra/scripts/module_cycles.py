#!/usr/bin/env python3
"""Finds import cycles between the modules of a Rust crate.

    module_cycles.py CRATE_SRC_DIR [--allow FILE]

Every `.rs` file under the crate's `src/` (from `lib.rs`, following `mod` declarations) is a
module. Module A depends on module B when A names a path into B: a `use` (grouped trees
included), a `pub use`, or a path in code (`crate::b::f()`, `super::b::T`). Owning a child
(`mod b;`) is not a dependency, and `#[cfg(test)]` modules are left out (a test may reach
anywhere). Each strongly connected set of two or more modules is a cycle; the script prints
each with one path around it and exits 1 when there is any. This is what
`cargo modules dependencies --acyclic` checks, without building the crate.
"""
import os
import re
import sys


def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    src = re.sub(r'"(?:\\.|[^"\\])*"', '""', src)
    return re.sub(r"//[^\n]*", "", src)


class Module:
    def __init__(self, path, file, is_dir_owner):
        self.path = path  # tuple of names from the crate root
        self.file = file
        self.is_dir_owner = is_dir_owner  # mod.rs / lib.rs: children live beside it
        self.children = {}


def load(src_dir):
    root = Module((), os.path.join(src_dir, "lib.rs"), True)
    mods = {(): root}
    stack = [root]
    while stack:
        m = stack.pop()
        text = open(m.file, encoding="utf-8").read()
        code = strip_comments(text)
        base = os.path.dirname(m.file) if m.is_dir_owner else os.path.splitext(m.file)[0]
        for mm in re.finditer(r"((?:#\[[^\]]*\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", code):
            attrs, name = mm.group(1), mm.group(2)
            if "cfg(test)" in attrs:
                continue
            pathattr = re.search(r'path\s*=\s*"([^"]+)"', attrs)
            if pathattr:
                f, owner = os.path.join(os.path.dirname(m.file), pathattr.group(1)), False
            elif os.path.exists(os.path.join(base, name + ".rs")):
                f, owner = os.path.join(base, name + ".rs"), False
            else:
                f, owner = os.path.join(base, name, "mod.rs"), True
            if not os.path.exists(f):
                continue
            child = Module(m.path + (name,), f, owner)
            m.children[name] = child
            mods[child.path] = child
            stack.append(child)
    return mods


def expand_use(tree):
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']"""
    tree = re.sub(r"\s+", "", tree)
    out = []

    def go(prefix, t):
        i = t.find("{")
        if i < 0:
            for part in t.split(","):
                if part:
                    out.append(prefix + part)
            return
        # split top-level commas
        depth, start, parts = 0, 0, []
        for j, ch in enumerate(t):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(t[start:j])
                start = j + 1
        parts.append(t[start:])
        if len(parts) > 1:
            for p in parts:
                go(prefix, p)
            return
        head, rest = t[:i], t[i + 1 : t.rindex("}")]
        go(prefix + head, rest)

    go("", tree)
    return out


def resolve(mods, here, segments):
    """The deepest module a path names, from module `here`."""
    if not segments:
        return None
    if segments[0] == "crate":
        cur, rest = (), segments[1:]
    elif segments[0] in ("super", "self"):
        cur = here
        rest = segments
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                cur = cur[:-1]
            rest = rest[1:]
    else:
        return None
    for s in rest:
        if s in mods[cur].children:
            cur = cur + (s,)
        else:
            break
    return cur


def edges_of(mods, m):
    code = strip_comments(open(m.file, encoding="utf-8").read())
    # `$crate::…` in a macro's body names a path where the macro is used, not here.
    code = code.replace("$crate::", "$")
    # Drop inline #[cfg(test)] mod blocks.
    code = re.sub(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{.*", "", code, flags=re.S)
    paths = []
    for u in re.finditer(r"\buse\s+([^;]+);", code):
        for p in expand_use(u.group(1)):
            p = re.sub(r"as\w+$", "", p.split(" as ")[0])
            paths.append(p)
    for p in re.finditer(r"\b((?:crate|super|self)(?:::\w+)+)", code):
        paths.append(p.group(1))
    out = set()
    for p in paths:
        segs = [s for s in p.split("::") if s and s != "*"]
        t = resolve(mods, m.path, segs)
        if t is None or t == m.path:
            continue
        # A module reaching into its own descendants is ownership, not a dependency back.
        if t[: len(m.path)] == m.path and len(m.path) > 0:
            continue
        if len(m.path) == 0:
            continue  # the crate root only declares and re-exports
        out.add(t)
    return out


def sccs(graph):
    index, low, on, stack, res, counter = {}, {}, set(), [], [], [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                res.append(comp)

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            strong(v)
    return res


def cycle_path(graph, comp):
    comp = set(comp)
    start = min(comp)
    prev, frontier, seen = {}, [start], {start}
    while frontier:
        nxt = []
        for v in frontier:
            for w in graph.get(v, ()):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(prev[path[-1]])
                    return list(reversed(path)) + [start]
                if w in comp and w not in seen:
                    seen.add(w)
                    prev[w] = v
                    nxt.append(w)
        frontier = nxt
    return [start]


def main():
    src = sys.argv[1]
    mods = load(src)
    graph = {p: edges_of(mods, m) for p, m in mods.items()}
    found = sccs(graph)
    name = lambda p: "::".join(("crate",) + p)
    if not found:
        print(f"{src}: no import cycles between {len(mods)} modules")
        return 0
    for comp in sorted(found, key=len, reverse=True):
        print(f"{src}: a cycle through {len(comp)} modules: " + ", ".join(sorted(name(p) for p in comp)))
        print("   e.g. " + " -> ".join(name(p) for p in cycle_path(graph, comp)))
    return 1


if __name__ == "__main__":
    sys.exit(main())
