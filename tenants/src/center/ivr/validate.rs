//! Flow validation: pure checks that point at the node at fault. A flow is publishable when
//! this returns no issues.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;

use super::graph::FlowGraph;

/// At most this many nodes in one flow.
pub const MAX_NODES: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IssueCode {
    NoStart,
    DuplicateId,
    DanglingEdge,
    Unreachable,
    InputFreeLoop,
    MissingPrompt,
    MissingExit,
    InvalidConfig,
    UnknownReference,
}

/// One problem, at a node when it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowIssue {
    pub node_id: Option<String>,
    pub code: IssueCode,
    pub message: String,
}

impl IssueCode {
    /// The code as the API shows it (`NO_START`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::NoStart => "NO_START",
            IssueCode::DuplicateId => "DUPLICATE_ID",
            IssueCode::DanglingEdge => "DANGLING_EDGE",
            IssueCode::Unreachable => "UNREACHABLE",
            IssueCode::InputFreeLoop => "INPUT_FREE_LOOP",
            IssueCode::MissingPrompt => "MISSING_PROMPT",
            IssueCode::MissingExit => "MISSING_EXIT",
            IssueCode::InvalidConfig => "INVALID_CONFIG",
            IssueCode::UnknownReference => "UNKNOWN_REFERENCE",
        }
    }
}

impl From<FlowIssue> for crate::error::Issue {
    fn from(i: FlowIssue) -> Self {
        Self {
            at: i
                .node_id
                .map_or(crate::error::At::Whole, crate::error::At::Node),
            code: Some(i.code.as_str()),
            message: i.message,
        }
    }
}

/// What exists in the tenant, for reference checks (ids as strings).
#[derive(Clone, Debug, Default)]
pub struct References {
    pub queues: HashSet<String>,
    pub schedules: HashSet<String>,
    pub users: HashSet<String>,
    pub prompts: HashSet<String>,
}

struct Issues(Vec<FlowIssue>);

impl Issues {
    fn at(&mut self, node: &str, code: IssueCode, message: impl Into<String>) {
        self.0.push(FlowIssue {
            node_id: Some(node.to_owned()),
            code,
            message: message.into(),
        });
    }
    fn flow(&mut self, code: IssueCode, message: impl Into<String>) {
        self.0.push(FlowIssue {
            node_id: None,
            code,
            message: message.into(),
        });
    }
}

fn valid_variable(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 40
}

/// Checks a flow; an empty result means it can be published.
pub fn validate(g: &FlowGraph, refs: &References) -> Vec<FlowIssue> {
    let mut out = Issues(Vec::new());
    if g.nodes.is_empty() {
        out.flow(IssueCode::NoStart, "the flow has no nodes");
        return out.0;
    }
    if g.nodes.len() > MAX_NODES {
        out.flow(
            IssueCode::InvalidConfig,
            format!("a flow may have at most {MAX_NODES} nodes"),
        );
        return out.0;
    }
    let mut ids = HashSet::new();
    for n in &g.nodes {
        if n.id.trim().is_empty() || n.id.len() > 64 {
            out.flow(
                IssueCode::InvalidConfig,
                "every node needs an id of 1 to 64 characters",
            );
        } else if !ids.insert(n.id.as_str()) {
            out.at(
                &n.id,
                IssueCode::DuplicateId,
                format!("two nodes have the id '{}'", n.id),
            );
        }
    }
    let start = match &g.start {
        None => {
            out.flow(IssueCode::NoStart, "choose the node calls start at");
            None
        }
        Some(s) if !ids.contains(s.as_str()) => {
            out.flow(
                IssueCode::NoStart,
                format!("the start node '{s}' does not exist"),
            );
            None
        }
        Some(s) => Some(s.as_str()),
    };
    for n in &g.nodes {
        for (label, target) in n.kind.exits() {
            if !ids.contains(target) {
                out.at(
                    &n.id,
                    IssueCode::DanglingEdge,
                    format!("exit '{label}' leads to '{target}', which does not exist"),
                );
            }
        }
        check_node(&n.id, &n.kind, refs, &mut out);
    }
    if let Some(start) = start {
        let reached = reachable(g, start);
        for n in &g.nodes {
            if !reached.contains(n.id.as_str()) {
                out.at(
                    &n.id,
                    IssueCode::Unreachable,
                    "no path from the start reaches this node",
                );
            }
        }
    }
    for cycle in input_free_cycles(g) {
        let first = cycle[0].clone();
        out.at(
            &first,
            IssueCode::InputFreeLoop,
            format!(
                "{} loop forever without waiting for the caller; add a menu or gather step",
                cycle.join(" → ")
            ),
        );
    }
    out.0
}

fn reachable<'a>(g: &'a FlowGraph, start: &'a str) -> HashSet<&'a str> {
    let mut seen = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(id) = queue.pop_front() {
        let Some(node) = g.node(id) else { continue };
        for (_, t) in node.kind.exits() {
            if g.node(t).is_some() && seen.insert(t) {
                queue.push_back(t);
            }
        }
    }
    seen
}

/// Cycles made only of nodes that never wait for the caller (strongly connected components
/// of that subgraph with more than one node, or a node leading to itself).
fn input_free_cycles(g: &FlowGraph) -> Vec<Vec<String>> {
    let busy: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| !n.kind.waits_for_caller())
        .map(|n| n.id.as_str())
        .collect();
    let index: HashMap<&str, usize> = busy.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let adj: Vec<Vec<usize>> = busy
        .iter()
        .map(|id| {
            g.node(id)
                .map(|n| {
                    n.kind
                        .exits()
                        .iter()
                        .filter_map(|(_, t)| index.get(t).copied())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut out = Vec::new();
    for scc in tarjan(&adj) {
        let self_loop = scc.len() == 1 && adj[scc[0]].contains(&scc[0]);
        if scc.len() > 1 || self_loop {
            let mut names: Vec<String> = scc.iter().map(|&i| busy[i].to_owned()).collect();
            names.sort();
            let first = names[0].clone();
            names.push(first);
            out.push(names);
        }
    }
    out
}

/// Tarjan's strongly connected components, iteratively.
fn tarjan(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(scc);
            }
        }
    }
    out
}

mod nodes;
#[cfg(test)]
mod tests;

use nodes::check_node;
