//! Flow validation: pure checks that point at the node at fault. A flow is publishable when
//! this returns no issues.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;

use super::graph::{
    Condition, FlowGraph, LookupSource, NodeKind, Prompt, SetTarget, TransferTarget,
};
use crate::values::E164;

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

fn check_prompt(node: &str, p: &Prompt, refs: &References, out: &mut Issues) {
    match (&p.prompt_id, &p.tts) {
        (Some(id), _) if !refs.prompts.contains(id) => out.at(
            node,
            IssueCode::UnknownReference,
            format!("prompt '{id}' does not exist"),
        ),
        (Some(_), _) => {}
        (None, Some(t)) if t.text.trim().is_empty() => {
            out.at(node, IssueCode::MissingPrompt, "the text to speak is empty")
        }
        (None, Some(t)) if !matches!(t.lang.as_str(), "zh-CN" | "en") => out.at(
            node,
            IssueCode::InvalidConfig,
            format!("speech language '{}' must be zh-CN or en", t.lang),
        ),
        (None, Some(t)) if t.text.chars().count() > 2000 => out.at(
            node,
            IssueCode::InvalidConfig,
            "the text to speak is longer than 2000 characters",
        ),
        (None, Some(_)) => {}
        (None, None) => out.at(
            node,
            IssueCode::MissingPrompt,
            "choose a prompt or text to speak",
        ),
    }
}

fn require_exit(node: &str, label: &str, target: &Option<String>, out: &mut Issues) {
    if target.is_none() {
        out.at(
            node,
            IssueCode::MissingExit,
            format!("connect the '{label}' exit"),
        );
    }
}

fn check_ref(node: &str, what: &str, id: &str, known: &HashSet<String>, out: &mut Issues) {
    if !known.contains(id) {
        out.at(
            node,
            IssueCode::UnknownReference,
            format!("{what} '{id}' does not exist"),
        );
    }
}

fn check_node(id: &str, kind: &NodeKind, refs: &References, out: &mut Issues) {
    for p in kind.prompts() {
        check_prompt(id, p, refs, out);
    }
    let bad = |out: &mut Issues, msg: String| out.at(id, IssueCode::InvalidConfig, msg);
    match kind {
        NodeKind::Play { next, .. } => require_exit(id, "next", next, out),
        NodeKind::Menu {
            options,
            timeout_secs,
            retries,
            ..
        } => {
            if options.is_empty() {
                bad(out, "a menu needs at least one option".into());
            }
            let mut digits = HashSet::new();
            for o in options {
                let ok = o.digit.len() == 1
                    && o.digit
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '*' || c == '#');
                if !ok {
                    bad(out, format!("'{}' is not a key: use 0-9, * or #", o.digit));
                } else if !digits.insert(o.digit.as_str()) {
                    bad(out, format!("key {} is used twice", o.digit));
                }
                require_exit(id, &format!("digit {}", o.digit), &o.next, out);
            }
            if !(1..=60).contains(timeout_secs) {
                bad(out, "the timeout must be 1 to 60 seconds".into());
            }
            if *retries > 10 {
                bad(out, "at most 10 retries".into());
            }
        }
        NodeKind::Gather {
            variable,
            min_digits,
            max_digits,
            terminator,
            timeout_secs,
            next,
            ..
        } => {
            if !valid_variable(variable) {
                bad(
                    out,
                    format!("'{variable}' is not a variable name (letters, digits, _)"),
                );
            }
            if *min_digits < 1 || min_digits > max_digits || *max_digits > 32 {
                bad(out, "digits must satisfy 1 ≤ min ≤ max ≤ 32".into());
            }
            if terminator.as_deref().is_some_and(|t| t != "#" && t != "*") {
                bad(out, "the terminator must be # or *".into());
            }
            if !(1..=60).contains(timeout_secs) {
                bad(out, "the timeout must be 1 to 60 seconds".into());
            }
            require_exit(id, "next", next, out);
        }
        NodeKind::Lookup {
            source,
            result_variable,
            next,
            ..
        } => {
            if !valid_variable(result_variable) {
                bad(out, format!("'{result_variable}' is not a variable name"));
            }
            match source {
                LookupSource::KnowledgeBase { query, .. } if query.trim().is_empty() => {
                    bad(out, "the knowledge-base query is empty".into())
                }
                LookupSource::CardBalance {
                    card_variable,
                    pin_variable,
                } if !valid_variable(card_variable) || !valid_variable(pin_variable) => bad(
                    out,
                    "name the variables holding the card number and PIN".into(),
                ),
                LookupSource::Http { url, timeout_ms } => {
                    if !(url.starts_with("https://") || url.starts_with("http://")) {
                        bad(out, format!("'{url}' is not an http(s) URL"));
                    }
                    if !(100..=10_000).contains(timeout_ms) {
                        bad(out, "the HTTP timeout must be 100 to 10000 ms".into());
                    }
                }
                _ => {}
            }
            require_exit(id, "next", next, out);
        }
        NodeKind::Condition {
            branches,
            otherwise,
        } => {
            if branches.is_empty() {
                bad(out, "a condition needs at least one branch".into());
            }
            for (i, b) in branches.iter().enumerate() {
                require_exit(id, &format!("branch {}", i + 1), &b.next, out);
                match &b.when {
                    Condition::BusinessHours { schedule_id } => check_ref(
                        id,
                        "business-hours schedule",
                        schedule_id,
                        &refs.schedules,
                        out,
                    ),
                    Condition::Variable { variable, .. } if !valid_variable(variable) => {
                        bad(out, format!("'{variable}' is not a variable name"))
                    }
                    Condition::Vip { min_level } if *min_level > 9 => {
                        bad(out, "VIP levels go from 0 to 9".into())
                    }
                    _ => {}
                }
            }
            require_exit(id, "otherwise", otherwise, out);
        }
        NodeKind::Set { assignments, next } => {
            if assignments.is_empty() {
                bad(out, "set at least one value".into());
            }
            for a in assignments {
                match &a.target {
                    SetTarget::Variable { name } if !valid_variable(name) => {
                        bad(out, format!("'{name}' is not a variable name"))
                    }
                    SetTarget::Priority if a.value.parse::<u8>().map_or(true, |p| p > 100) => {
                        bad(out, "priority must be a whole number from 0 to 100".into())
                    }
                    SetTarget::Language if !matches!(a.value.as_str(), "zh-CN" | "en") => {
                        bad(out, "language must be zh-CN or en".into())
                    }
                    _ => {}
                }
            }
            require_exit(id, "next", next, out);
        }
        NodeKind::Transfer { target, .. } => match target {
            TransferTarget::Queue { queue_id } => {
                check_ref(id, "queue", queue_id, &refs.queues, out)
            }
            TransferTarget::Agent { user_id } => check_ref(id, "agent", user_id, &refs.users, out),
            TransferTarget::Number { number } => {
                if let Err(e) = E164::parse(number) {
                    bad(out, e.to_string());
                }
            }
        },
        NodeKind::Callback { queue_id, .. } => check_ref(id, "queue", queue_id, &refs.queues, out),
        NodeKind::Voicemail { .. } | NodeKind::Hangup { .. } => {}
    }
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

#[cfg(test)]
mod tests;
