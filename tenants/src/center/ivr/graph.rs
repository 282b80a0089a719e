//! The flow graph: nodes with typed configuration and named exits. Stored as JSON; the same
//! JSON is what the console's editor reads and writes (camelCase, `type` tags).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowGraph {
    /// The id of the node a call starts at.
    pub start: Option<String>,
    pub nodes: Vec<Node>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub id: String,
    #[serde(default)]
    pub position: Position,
    #[serde(flatten)]
    pub kind: NodeKind,
}

/// What the caller hears: a stored prompt, or text spoken by TTS (`{variable}` placeholders).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Prompt {
    pub prompt_id: Option<String>,
    pub tts: Option<Tts>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tts {
    pub text: String,
    /// `zh-CN` or `en`.
    pub lang: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MenuOption {
    /// `0`–`9`, `*` or `#`.
    pub digit: String,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum LookupSource {
    /// Knowledge-base search; `query` may use `{variable}` placeholders.
    #[serde(rename_all = "camelCase")]
    KnowledgeBase {
        query: String,
        entry_type: Option<String>,
    },
    /// Member-card balance after card number and PIN were gathered into these variables.
    #[serde(rename_all = "camelCase")]
    CardBalance {
        card_variable: String,
        pin_variable: String,
    },
    /// The contact whose phone number is the caller ID.
    ContactByCallerId,
    /// The tenant's own HTTP endpoint (GET with the call's variables), with a timeout.
    #[serde(rename_all = "camelCase")]
    Http { url: String, timeout_ms: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Contains,
    Exists,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Condition {
    #[serde(rename_all = "camelCase")]
    Variable {
        variable: String,
        op: CompareOp,
        value: Option<String>,
    },
    /// Open according to a business-hours schedule.
    #[serde(rename_all = "camelCase")]
    BusinessHours { schedule_id: String },
    /// The caller is a contact with at least this VIP level.
    #[serde(rename_all = "camelCase")]
    Vip { min_level: u8 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Branch {
    pub when: Condition,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum SetTarget {
    Variable { name: String },
    Priority,
    Language,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Assignment {
    pub target: SetTarget,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum TransferTarget {
    #[serde(rename_all = "camelCase")]
    Queue {
        queue_id: String,
    },
    #[serde(rename_all = "camelCase")]
    Agent {
        user_id: String,
    },
    Number {
        number: String,
    },
}

fn default_timeout() -> u32 {
    5
}

fn default_retries() -> u32 {
    2
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum NodeKind {
    #[serde(rename_all = "camelCase")]
    Play {
        prompt: Prompt,
        next: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Menu {
        prompt: Prompt,
        options: Vec<MenuOption>,
        #[serde(default = "default_timeout")]
        timeout_secs: u32,
        #[serde(default = "default_retries")]
        retries: u32,
        on_timeout: Option<String>,
        on_invalid: Option<String>,
        /// Where to go when retries are used up.
        on_failure: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Gather {
        prompt: Prompt,
        variable: String,
        min_digits: u32,
        max_digits: u32,
        terminator: Option<String>,
        #[serde(default = "default_timeout")]
        timeout_secs: u32,
        next: Option<String>,
        on_invalid: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Lookup {
        source: LookupSource,
        result_variable: String,
        next: Option<String>,
        on_not_found: Option<String>,
        on_error: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Condition {
        branches: Vec<Branch>,
        otherwise: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Set {
        assignments: Vec<Assignment>,
        next: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Transfer {
        target: TransferTarget,
        on_failure: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Voicemail {
        prompt: Prompt,
        next: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Callback {
        prompt: Prompt,
        queue_id: String,
        next: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Hangup { prompt: Option<Prompt> },
}

impl NodeKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeKind::Play { .. } => "play",
            NodeKind::Menu { .. } => "menu",
            NodeKind::Gather { .. } => "gather",
            NodeKind::Lookup { .. } => "lookup",
            NodeKind::Condition { .. } => "condition",
            NodeKind::Set { .. } => "set",
            NodeKind::Transfer { .. } => "transfer",
            NodeKind::Voicemail { .. } => "voicemail",
            NodeKind::Callback { .. } => "callback",
            NodeKind::Hangup { .. } => "hangup",
        }
    }

    /// Whether the node waits for the caller (so a loop through it is not a busy loop).
    pub fn waits_for_caller(&self) -> bool {
        matches!(
            self,
            NodeKind::Menu { .. } | NodeKind::Gather { .. } | NodeKind::Voicemail { .. }
        )
    }

    /// The node's exits: (label, target) for each one that is set.
    pub fn exits(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        fn push<'a>(out: &mut Vec<(String, &'a str)>, label: &str, target: &'a Option<String>) {
            if let Some(t) = target {
                out.push((label.to_owned(), t.as_str()));
            }
        }
        match self {
            NodeKind::Play { next, .. }
            | NodeKind::Set { next, .. }
            | NodeKind::Voicemail { next, .. }
            | NodeKind::Callback { next, .. } => push(&mut out, "next", next),
            NodeKind::Menu {
                options,
                on_timeout,
                on_invalid,
                on_failure,
                ..
            } => {
                for o in options {
                    push(&mut out, &format!("digit {}", o.digit), &o.next);
                }
                push(&mut out, "timeout", on_timeout);
                push(&mut out, "invalid", on_invalid);
                push(&mut out, "failure", on_failure);
            }
            NodeKind::Gather {
                next, on_invalid, ..
            } => {
                push(&mut out, "next", next);
                push(&mut out, "invalid", on_invalid);
            }
            NodeKind::Lookup {
                next,
                on_not_found,
                on_error,
                ..
            } => {
                push(&mut out, "next", next);
                push(&mut out, "not found", on_not_found);
                push(&mut out, "error", on_error);
            }
            NodeKind::Condition {
                branches,
                otherwise,
            } => {
                for (i, b) in branches.iter().enumerate() {
                    push(&mut out, &format!("branch {}", i + 1), &b.next);
                }
                push(&mut out, "otherwise", otherwise);
            }
            NodeKind::Transfer { on_failure, .. } => push(&mut out, "failure", on_failure),
            NodeKind::Hangup { .. } => {}
        }
        out
    }

    /// The prompts the node plays.
    pub fn prompts(&self) -> Vec<&Prompt> {
        match self {
            NodeKind::Play { prompt, .. }
            | NodeKind::Menu { prompt, .. }
            | NodeKind::Gather { prompt, .. }
            | NodeKind::Voicemail { prompt, .. }
            | NodeKind::Callback { prompt, .. } => vec![prompt],
            NodeKind::Hangup { prompt } => prompt.iter().collect(),
            _ => Vec::new(),
        }
    }
}

impl FlowGraph {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}
