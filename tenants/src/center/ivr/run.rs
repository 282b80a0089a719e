//! The IVR interpreter: walks a published flow for one call, pure and deterministic. The
//! call's driver feeds it what happened (a prompt ended, a key, a timeout, a lookup's
//! result) and gets back the next thing to do; it never waits, reads a clock or does IO.

use std::collections::BTreeMap;

use super::graph::{
    CompareOp, Condition, FlowGraph, LookupSource, Node, NodeKind, Prompt, TransferTarget, Tts,
};

/// Digits to collect after (or during) a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collect {
    pub min_digits: u32,
    pub max_digits: u32,
    pub terminator: Option<char>,
    pub timeout_secs: u32,
}

/// What the driver should do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Play the prompt (TTS text already filled in); with `collect`, keys may interrupt it
    /// and the driver times out `timeout_secs` after it ends (or after the last key).
    Play {
        prompt: Prompt,
        collect: Option<Collect>,
    },
    /// Look something up; answer with `Input::Found`, `NotFound` or `Failed`.
    Lookup {
        source: LookupSource,
    },
    /// Evaluate a condition the interpreter cannot (hours, VIP); answer with `Checked`.
    Check {
        condition: Condition,
    },
    /// Play the prompt, then record a message; answer with `Recorded`.
    Voicemail {
        prompt: Prompt,
    },
    /// Create a callback task for the caller in `queue_id`, then play the prompt.
    Callback {
        prompt: Prompt,
        queue_id: String,
    },
    /// Hand the call over; answer `TransferFailed` if that is impossible.
    Transfer {
        target: TransferTarget,
    },
    Hangup {
        prompt: Option<Prompt>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Start,
    PlayDone,
    Digit(char),
    Timeout,
    Found(BTreeMap<String, String>),
    NotFound,
    Failed,
    Checked(bool),
    Recorded,
    TransferFailed,
}

/// `Wait`: nothing new to do (keep playing / collecting).
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Do(Action),
    Wait,
}

/// Nodes entered without the caller's input before the run is cut off (a loop guard on top
/// of publish-time validation).
const MAX_AUTOMATIC_STEPS: u32 = 200;

pub struct Run {
    graph: std::sync::Arc<FlowGraph>,
    at: Option<String>,
    pub vars: BTreeMap<String, String>,
    /// Node ids in the order entered.
    pub path: Vec<String>,
    /// Keys pressed, with PIN-like variables masked.
    pub digits: String,
    pub priority: Option<u8>,
    pub language: String,
    collected: String,
    tries: u32,
    branch: usize,
    automatic: u32,
    done: bool,
}

/// Fills `{name}` placeholders from `vars` (unknown names become empty).
pub fn fill(template: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let name = rest[open + 1..open + close].trim();
                out.push_str(vars.get(name).map_or("", String::as_str));
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn secret(variable: &str) -> bool {
    let v = variable.to_ascii_lowercase();
    v.contains("pin") || v.contains("password") || v.contains("passcode")
}

impl Run {
    /// A run of `graph` for a caller; `vars` holds what is known at the start (caller ID…).
    pub fn new(
        graph: impl Into<std::sync::Arc<FlowGraph>>,
        language: &str,
        vars: BTreeMap<String, String>,
    ) -> Self {
        Self {
            graph: graph.into(),
            at: None,
            vars,
            path: Vec::new(),
            digits: String::new(),
            priority: None,
            language: language.to_owned(),
            collected: String::new(),
            tries: 0,
            branch: 0,
            automatic: 0,
            done: false,
        }
    }

    pub fn current(&self) -> Option<&Node> {
        self.at.as_deref().and_then(|id| self.graph.node(id))
    }

    fn prompt(&self, p: &Prompt) -> Prompt {
        Prompt {
            prompt_id: p.prompt_id.clone(),
            tts: p.tts.as_ref().map(|t| Tts {
                text: fill(&t.text, &self.vars),
                lang: t.lang.clone(),
            }),
        }
    }

    /// A menu's prompt, collecting one key.
    fn menu_prompt(&self, prompt: &Prompt, timeout_secs: u32) -> Step {
        Step::Do(Action::Play {
            prompt: self.prompt(prompt),
            collect: Some(Collect {
                min_digits: 1,
                max_digits: 1,
                terminator: None,
                timeout_secs,
            }),
        })
    }

    fn hangup(&mut self) -> Step {
        self.done = true;
        self.at = None;
        Step::Do(Action::Hangup { prompt: None })
    }

    /// Goes to `next` (or hangs up when there is none) and returns what that node does.
    fn goto(&mut self, next: Option<String>) -> Step {
        let Some(id) = next else {
            return self.hangup();
        };
        let Some(node) = self.graph.node(&id).cloned() else {
            return self.hangup();
        };
        self.automatic += 1;
        if self.automatic > MAX_AUTOMATIC_STEPS {
            return self.hangup();
        }
        self.path.push(id.clone());
        self.at = Some(id);
        self.collected.clear();
        self.tries = 0;
        self.branch = 0;
        self.enter(&node.kind)
    }

    /// Advances the run with what happened.
    pub fn step(&mut self, input: Input) -> Step {
        if self.done {
            return Step::Wait;
        }
        if input == Input::Start {
            return self.goto(self.graph.start.clone());
        }
        let Some(node) = self.current().cloned() else {
            return self.hangup();
        };
        match (node.kind, input) {
            (NodeKind::Play { next, .. }, Input::PlayDone) => self.goto(next),
            (
                NodeKind::Menu {
                    options,
                    retries,
                    on_timeout,
                    on_invalid,
                    on_failure,
                    prompt,
                    timeout_secs,
                },
                input,
            ) => {
                let retry = |run: &mut Self, exit: Option<String>| -> Step {
                    if exit.is_some() {
                        return run.goto(exit);
                    }
                    run.tries += 1;
                    if run.tries > retries {
                        return run.goto(on_failure.clone());
                    }
                    run.menu_prompt(&prompt, timeout_secs)
                };
                match input {
                    Input::Digit(d) => {
                        self.digits.push(d);
                        match options.iter().find(|o| o.digit.starts_with(d)) {
                            Some(o) => self.goto(o.next.clone()),
                            None => retry(self, on_invalid),
                        }
                    }
                    Input::Timeout => retry(self, on_timeout),
                    _ => Step::Wait,
                }
            }
            (
                NodeKind::Gather {
                    variable,
                    min_digits,
                    max_digits,
                    terminator,
                    next,
                    on_invalid,
                    ..
                },
                input,
            ) => {
                let term = terminator.as_deref().and_then(|t| t.chars().next());
                let finish = |run: &mut Self| -> Step {
                    let n = run.collected.chars().count() as u32;
                    if n < min_digits.max(1) {
                        return run.goto(on_invalid.clone());
                    }
                    run.vars.insert(variable.clone(), run.collected.clone());
                    run.goto(next.clone())
                };
                match input {
                    Input::Digit(d) if Some(d) == term => finish(self),
                    Input::Digit(d) => {
                        self.digits.push(if secret(&variable) { '*' } else { d });
                        self.collected.push(d);
                        if self.collected.chars().count() as u32 >= max_digits {
                            finish(self)
                        } else {
                            Step::Wait
                        }
                    }
                    Input::Timeout => finish(self),
                    _ => Step::Wait,
                }
            }
            (
                NodeKind::Lookup {
                    result_variable,
                    next,
                    on_not_found,
                    on_error,
                    ..
                },
                input,
            ) => match input {
                Input::Found(fields) => {
                    for (k, v) in fields {
                        let key = if k.is_empty() {
                            result_variable.clone()
                        } else {
                            format!("{result_variable}.{k}")
                        };
                        self.vars.insert(key, v);
                    }
                    self.goto(next)
                }
                Input::NotFound => self.goto(on_not_found.or(on_error)),
                Input::Failed => self.goto(on_error.or(on_not_found)),
                _ => Step::Wait,
            },
            (NodeKind::Condition { branches, .. }, Input::Checked(ok)) => {
                if ok && let Some(b) = branches.get(self.branch) {
                    return self.goto(b.next.clone());
                }
                self.branch += 1;
                self.next_branch()
            }
            (NodeKind::Transfer { on_failure, .. }, Input::TransferFailed) => self.goto(on_failure),
            (NodeKind::Voicemail { next, .. }, Input::Recorded) => self.goto(next),
            (NodeKind::Callback { next, .. }, Input::PlayDone) => self.goto(next),
            _ => Step::Wait,
        }
    }
}

fn compare(actual: Option<&String>, op: &CompareOp, value: Option<&str>) -> bool {
    let v = value.unwrap_or("");
    match (op, actual) {
        (CompareOp::Exists, a) => a.is_some_and(|a| !a.is_empty()),
        (_, None) => matches!(op, CompareOp::Ne),
        (CompareOp::Eq, Some(a)) => a == v,
        (CompareOp::Ne, Some(a)) => a != v,
        (CompareOp::Contains, Some(a)) => a.contains(v),
        (CompareOp::Lt | CompareOp::Gt, Some(a)) => {
            match (a.trim().parse::<f64>(), v.trim().parse::<f64>()) {
                (Ok(x), Ok(y)) => {
                    if matches!(op, CompareOp::Lt) {
                        x < y
                    } else {
                        x > y
                    }
                }
                _ => false,
            }
        }
    }
}

mod enter;
#[cfg(test)]
mod tests;
