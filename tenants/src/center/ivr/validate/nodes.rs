//! The checks of each kind of node: its settings, its exits, and the prompts, queues,
//! schedules and users it refers to.

use super::super::graph::{Condition, LookupSource, NodeKind, Prompt, SetTarget, TransferTarget};
use super::*;
use crate::values::E164;
use std::collections::HashSet;

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

pub(super) fn check_node(id: &str, kind: &NodeKind, refs: &References, out: &mut Issues) {
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
