//! Entering a node: what the interpreter does on arriving at each kind of node (play,
//! ask, branch, look up, transfer, hang up), and which branch of a condition is taken.

use super::super::graph::{Condition, LookupSource, NodeKind, SetTarget};
use super::*;

impl Run {
    pub(super) fn enter(&mut self, kind: &NodeKind) -> Step {
        match kind {
            NodeKind::Play { prompt, .. } => Step::Do(Action::Play {
                prompt: self.prompt(prompt),
                collect: None,
            }),
            NodeKind::Menu {
                prompt,
                timeout_secs,
                ..
            } => {
                self.automatic = 0;
                self.menu_prompt(prompt, *timeout_secs)
            }
            NodeKind::Gather {
                prompt,
                min_digits,
                max_digits,
                terminator,
                timeout_secs,
                ..
            } => {
                self.automatic = 0;
                Step::Do(Action::Play {
                    prompt: self.prompt(prompt),
                    collect: Some(Collect {
                        min_digits: *min_digits,
                        max_digits: *max_digits,
                        terminator: terminator.as_deref().and_then(|t| t.chars().next()),
                        timeout_secs: *timeout_secs,
                    }),
                })
            }
            NodeKind::Lookup { source, .. } => Step::Do(Action::Lookup {
                source: match source {
                    LookupSource::KnowledgeBase { query, entry_type } => {
                        LookupSource::KnowledgeBase {
                            query: fill(query, &self.vars),
                            entry_type: entry_type.clone(),
                        }
                    }
                    other => other.clone(),
                },
            }),
            NodeKind::Condition { .. } => self.next_branch(),
            NodeKind::Set { assignments, next } => {
                for a in assignments {
                    let value = fill(&a.value, &self.vars);
                    match &a.target {
                        SetTarget::Variable { name } => {
                            self.vars.insert(name.clone(), value);
                        }
                        SetTarget::Priority => self.priority = value.trim().parse().ok(),
                        SetTarget::Language => self.language = value,
                    }
                }
                self.goto(next.clone())
            }
            NodeKind::Transfer { target, .. } => Step::Do(Action::Transfer {
                target: target.clone(),
            }),
            NodeKind::Voicemail { prompt, .. } => {
                self.automatic = 0;
                Step::Do(Action::Voicemail {
                    prompt: self.prompt(prompt),
                })
            }
            NodeKind::Callback {
                prompt, queue_id, ..
            } => Step::Do(Action::Callback {
                prompt: self.prompt(prompt),
                queue_id: queue_id.clone(),
            }),
            NodeKind::Hangup { prompt } => {
                self.done = true;
                Step::Do(Action::Hangup {
                    prompt: prompt.as_ref().map(|p| self.prompt(p)),
                })
            }
        }
    }

    /// Evaluates condition branches from `self.branch` on, asking the driver where needed.
    pub(super) fn next_branch(&mut self) -> Step {
        let Some(NodeKind::Condition {
            branches,
            otherwise,
        }) = self.current().map(|n| n.kind.clone())
        else {
            return self.hangup();
        };
        while let Some(b) = branches.get(self.branch) {
            match &b.when {
                Condition::Variable {
                    variable,
                    op,
                    value,
                } => {
                    if compare(self.vars.get(variable), op, value.as_deref()) {
                        return self.goto(b.next.clone());
                    }
                    self.branch += 1;
                }
                other => {
                    return Step::Do(Action::Check {
                        condition: other.clone(),
                    });
                }
            }
        }
        self.goto(otherwise)
    }
}
