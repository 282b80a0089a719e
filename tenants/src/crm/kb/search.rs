//! Search that works for Chinese and English alike on any database: a query becomes terms
//! (Latin words; CJK runs as overlapping character pairs, single characters for 1-char runs),
//! an entry matches when its text holds every term, and ranks by title hits then term count.

/// Splits a query into search terms, lower-cased and de-duplicated.
pub fn terms(query: &str) -> Vec<String> {
    let q = query.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    };
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, push: &mut dyn FnMut(String)| {
        match cjk.len() {
            0 => {}
            1 => push(cjk[0].to_string()),
            _ => cjk.windows(2).for_each(|w| push(w.iter().collect())),
        }
        cjk.clear();
    };
    for c in q.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                push(std::mem::take(&mut word));
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut push);
            word.push(c);
        } else {
            flush_cjk(&mut cjk, &mut push);
            if !word.is_empty() {
                push(std::mem::take(&mut word));
            }
        }
    }
    flush_cjk(&mut cjk, &mut push);
    if !word.is_empty() {
        push(word);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// The score of an entry for `terms`, or `None` when a term is missing. `title` and `text`
/// are lower-cased.
pub fn score(terms: &[String], title: &str, text: &str) -> Option<u32> {
    if terms.is_empty() {
        return None;
    }
    let mut s = 0;
    for t in terms {
        if !text.contains(t.as_str()) {
            return None;
        }
        s += 1
            + 4 * u32::from(title.contains(t.as_str()))
            + text.matches(t.as_str()).count().min(5) as u32;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_pairs_and_words_stay_whole() {
        assert_eq!(
            terms("北京南站 timetable"),
            vec!["北京", "京南", "南站", "timetable"]
        );
        assert_eq!(terms("K1 票价"), vec!["k1", "票价"]);
        assert_eq!(terms("站"), vec!["站"]);
        assert_eq!(terms("  ,, "), Vec::<String>::new());
    }

    #[test]
    fn all_terms_must_match_and_titles_rank_higher() {
        let t = terms("退票 手续费");
        let faq_title = "退票手续费是多少？";
        assert!(
            score(
                &t,
                faq_title,
                &format!("{faq_title}\n开车前24小时以上退票收取5%")
            )
            .is_some()
        );
        assert!(score(&t, "改签", "改签规定\n手续费").is_none());
        let in_title = score(&terms("refund"), "refund rules", "refund rules\nfees").unwrap();
        let in_body = score(&terms("refund"), "fees", "fees\nrefund within 24h").unwrap();
        assert!(in_title > in_body);
    }
}
