//! Composing two plans: `first` edits `input` into `mid`, `second` edits
//! `mid`; the result edits `input` directly into the final text.

use cablekit_record::Edit;

/// Maps positions of the text produced by a plan back to the plan's input.
pub(crate) struct Mapper {
    /// (mid_start, mid_end, input_start, input_end) of each edit.
    spans: Vec<(usize, usize, usize, usize)>,
}

impl Mapper {
    pub(crate) fn new(edits: &[Edit]) -> Self {
        let mut delta: isize = 0;
        let spans = edits
            .iter()
            .map(|e| {
                let ms = (e.start as isize + delta) as usize;
                let me = ms + e.after.len();
                delta += e.after.len() as isize - (e.end - e.start) as isize;
                (ms, me, e.start, e.end)
            })
            .collect();
        Self { spans }
    }

    /// Whether span `k` lies entirely before `p`: `mid_end < p`, or
    /// `mid_end == p` and the span is not empty (or `incl_zero`).
    fn before(&self, k: usize, p: usize, incl_zero: bool) -> bool {
        let (ms, me, _, _) = self.spans[k];
        me < p || (me == p && (ms < me || incl_zero))
    }

    /// Map `p`: find the last span entirely before it ([`Mapper::before`]).
    fn map(&self, p: usize, incl_zero: bool) -> usize {
        let idx = self
            .spans
            .partition_point(|&(ms, me, _, _)| me < p || (me == p && (ms < me || incl_zero)));
        self.after_span(idx, p)
    }

    /// `p` mapped from after span `idx - 1`'s replacement (`p` itself when
    /// `idx` is 0).
    fn after_span(&self, idx: usize, p: usize) -> usize {
        if idx == 0 {
            return p;
        }
        let (_, me, _, ie) = self.spans[idx - 1];
        ie + (p - me)
    }

    /// [`Mapper::map`] of positions that mostly come in increasing order
    /// (the edits of a sorted plan): the spans before `p` are a prefix
    /// that only grows with `p`, so the search goes on from where the
    /// previous one of `seq` ended. A smaller `p` is searched for afresh.
    #[inline]
    fn map_seq(&self, p: usize, incl_zero: bool, seq: &mut Seq) -> usize {
        if p < seq.p {
            return self.map(p, incl_zero);
        }
        let mut idx = seq.idx;
        while idx < self.spans.len() && self.before(idx, p, incl_zero) {
            idx += 1;
        }
        seq.p = p;
        seq.idx = idx;
        let mapped = self.after_span(idx, p);
        debug_assert_eq!(mapped, self.map(p, incl_zero));
        mapped
    }

    /// No replacement of a plan edit lies within `start..=end` of the text
    /// it produced (the spans are in order and do not overlap). For ranges
    /// asked in the order of their starts: `*k` is where the last search
    /// ended, the first span not ending before the last start.
    fn apart(&self, k: &mut usize, start: usize, end: usize) -> bool {
        while self.spans.get(*k).is_some_and(|&(_, me, _, _)| me < start) {
            *k += 1;
        }
        self.spans.get(*k).is_none_or(|&(ms, _, _, _)| ms > end)
    }

    /// Map a start position: a deletion exactly at `p` is skipped over.
    pub(crate) fn map_start(&self, p: usize) -> usize {
        self.map(p, true)
    }

    /// Map an end position: a deletion exactly at `p` is not included.
    pub(crate) fn map_end(&self, p: usize) -> usize {
        self.map(p, false)
    }
}

/// Where the previous search of [`Mapper::map_seq`] ended.
#[derive(Default)]
struct Seq {
    p: usize,
    idx: usize,
}

/// Which rule a merged edit is credited to: the most specific repair.
fn priority(rule: &str) -> u8 {
    match rule {
        "section-marker" => 9,
        "paragraph-mark" => 8,
        "year-prefix" => 7,
        "comma-apostrophe" => 6,
        "smart-punctuation" => 5,
        "line-rejoin" => 4,
        "markup-residue" => 3,
        "layout" => 1,
        _ => 2,
    }
}

#[derive(Clone, Copy)]
enum Src {
    First(usize),
    Second(usize),
}

/// Compose `first` (edits of `input` giving `mid`) with `second` (edits of
/// `mid`) into edits of `input`. An edit of `second` that overlaps the
/// replacement of an edit of `first` is merged with it into one edit that
/// carries the later rule.
pub fn compose(input: &str, first: Vec<Edit>, mid: &str, mut second: Vec<Edit>) -> Vec<Edit> {
    if second.is_empty() {
        return first;
    }
    let mapper = Mapper::new(&first);
    if first.is_empty() {
        return second;
    }
    // an edit of `second` that touches no replacement of `first` (most of
    // them: the stages repair different places) is a group of its own when
    // `second` is in order without overlaps: it is only mapped, in place,
    // and the groups are formed of the others
    if !second.windows(2).all(|w| w[0].end <= w[1].start) {
        return compose_groups(input, &mapper, first, mid, second);
    }
    let mut near = Vec::new();
    let mut k = 0;
    second.retain_mut(|e| {
        mapper.apart(&mut k, e.start, e.end) || {
            near.push(std::mem::take(e));
            false
        }
    });
    let (mut starts, mut ends) = (Seq::default(), Seq::default());
    for e in &mut second {
        let is = mapper.map_seq(e.start, true, &mut starts);
        let ie = if e.start == e.end {
            is
        } else {
            mapper.map_seq(e.end, false, &mut ends).max(is)
        };
        // no edit of `first` lies inside it: the input holds what `mid` did
        debug_assert_eq!(input[is..ie], e.before);
        e.start = is;
        e.end = ie;
    }
    let rest = if near.is_empty() {
        first
    } else {
        compose_groups(input, &mapper, first, mid, near)
    };
    merge(second, rest)
}

/// `a` then `b` sorted by `(start, end)` (stably: `a`'s edits first among
/// equal keys), without no-ops. When both are sorted (as the plans are),
/// each edit of the shorter is put in its place among the longer's, which
/// are moved over in runs: the stages' plans are long and the plan they
/// are composed with mostly short, and a sort of both moved every edit
/// one at a time through a buffer as large.
fn merge(mut a: Vec<Edit>, b: Vec<Edit>) -> Vec<Edit> {
    let key = |e: &Edit| (e.start, e.end);
    let mut out = if !(a.is_sorted_by_key(key) && b.is_sorted_by_key(key)) {
        a.extend(b);
        a.sort_by_key(key);
        a
    } else {
        let a_shorter = a.len() <= b.len();
        let (short, long) = if a_shorter { (a, b) } else { (b, a) };
        let mut out = Vec::with_capacity(short.len() + long.len());
        let mut rest = long.into_iter();
        for e in short {
            // the longer plan's edits that go before `e`: lower ones, and
            // equal ones too when they are `a`'s (stable: `a` first)
            let k = rest.as_slice().partition_point(|r| {
                if a_shorter {
                    key(r) < key(&e)
                } else {
                    key(r) <= key(&e)
                }
            });
            out.extend(rest.by_ref().take(k));
            out.push(e);
        }
        out.extend(rest);
        out
    };
    out.retain(|e| !crate::same(e.before.as_bytes(), e.after.as_bytes()));
    out
}

/// [`compose`] of non-empty plans, group by group: the edits of both plans
/// ordered by where they lie in `mid`, and those that overlap merged.
fn compose_groups(
    input: &str,
    mapper: &Mapper,
    first: Vec<Edit>,
    mid: &str,
    mut second: Vec<Edit>,
) -> Vec<Edit> {
    // intervals on mid
    let mut iv: Vec<(usize, usize, Src)> = Vec::with_capacity(first.len() + second.len());
    for (i, &(ms, me, _, _)) in mapper.spans.iter().enumerate() {
        iv.push((ms, me, Src::First(i)));
    }
    for (i, e) in second.iter().enumerate() {
        iv.push((e.start, e.end, Src::Second(i)));
    }
    iv.sort_by_key(|&(s, e, src)| (s, e, matches!(src, Src::Second(_))));

    // the starts and the ends of `second` are mapped in increasing order
    let (mut starts, mut ends) = (Seq::default(), Seq::default());
    let mut first: Vec<Option<Edit>> = first.into_iter().map(Some).collect();
    let mut out: Vec<Edit> = Vec::with_capacity(iv.len());
    let mut i = 0;
    // one buffer for every group (most groups hold one edit)
    let mut group: Vec<Src> = Vec::new();
    while i < iv.len() {
        let (gs, mut ge, src0) = iv[i];
        group.clear();
        group.push(src0);
        // start of the member that reaches ge
        let mut ge_start = gs;
        let mut j = i + 1;
        while j < iv.len() {
            let (s, e, src) = iv[j];
            let overlaps = if s == e {
                ge_start < s && s < ge
            } else {
                s < ge
            };
            if !overlaps {
                break;
            }
            group.push(src);
            if e > ge {
                ge = e;
                ge_start = s;
            }
            j += 1;
        }
        i = j;
        let has_first = group.iter().any(|s| matches!(s, Src::First(_)));
        let has_second = group.iter().any(|s| matches!(s, Src::Second(_)));
        if !has_second {
            for &s in &group {
                if let Src::First(k) = s
                    && let Some(e) = first[k].take()
                {
                    out.push(e);
                }
            }
            continue;
        }
        if !has_first {
            for &s in &group {
                if let Src::Second(k) = s {
                    let e = &mut second[k];
                    let is = mapper.map_seq(e.start, true, &mut starts);
                    let ie = if e.start == e.end {
                        is
                    } else {
                        mapper.map_seq(e.end, false, &mut ends).max(is)
                    };
                    // each edit of `second` is in one group only: move its
                    // strings. No edit of `first` lies inside it (a deletion
                    // at either end is mapped outside), so the input holds
                    // the same text there as `mid` did.
                    debug_assert_eq!(input[is..ie], e.before);
                    out.push(Edit {
                        rule: std::mem::take(&mut e.rule),
                        start: is,
                        end: ie,
                        before: std::mem::take(&mut e.before),
                        after: std::mem::take(&mut e.after),
                    });
                }
            }
            continue;
        }
        // merged group
        let mut in_start = usize::MAX;
        let mut in_end = 0;
        let mut rule = None;
        for s in &group {
            match *s {
                Src::First(k) => {
                    if let Some(f) = &first[k] {
                        in_start = in_start.min(f.start);
                        in_end = in_end.max(f.end);
                        if rule
                            .as_deref()
                            .is_none_or(|r| priority(r) < priority(&f.rule))
                        {
                            rule = Some(f.rule.clone());
                        }
                    }
                }
                Src::Second(k) => {
                    let e = &second[k];
                    in_start = in_start.min(mapper.map_seq(e.start, true, &mut starts));
                    in_end = in_end.max(mapper.map_seq(e.end, false, &mut ends));
                    if rule
                        .as_deref()
                        .is_none_or(|r| priority(r) < priority(&e.rule))
                    {
                        rule = Some(e.rule.clone());
                    }
                }
            }
        }
        // the group's mid range, rebuilt with the second plan applied
        // (the group's mid range is about as long as what replaces it)
        let mut after = String::with_capacity(ge - gs);
        let mut pos = gs;
        let mut seconds: Vec<&Edit> = group
            .iter()
            .filter_map(|s| match *s {
                Src::Second(k) => Some(&second[k]),
                Src::First(_) => None,
            })
            .collect();
        seconds.sort_by_key(|e| (e.start, e.end));
        for e in seconds {
            after.push_str(&mid[pos..e.start]);
            after.push_str(&e.after);
            pos = e.end;
        }
        after.push_str(&mid[pos..ge]);
        out.push(Edit {
            rule: rule.unwrap_or_default(),
            start: in_start,
            end: in_end,
            before: Edit::text(&input[in_start..in_end]),
            after: after.into(),
        });
    }
    out.sort_by_key(|e| (e.start, e.end));
    out.retain(|e| e.before != e.after);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cablekit_record::apply_edits;

    fn ed(rule: &'static str, text: &str, s: usize, e: usize, after: &str) -> Edit {
        crate::edit(rule, text, s, e, after)
    }

    fn check(input: &str, first: Vec<Edit>, second_of: impl Fn(&str) -> Vec<Edit>) {
        let mid = apply_edits(input, &first);
        let second = second_of(&mid);
        let fin = apply_edits(&mid, &second);
        let c = compose(input, first, &mid, second);
        assert_eq!(apply_edits(input, &c), fin, "{c:?}");
        for e in &c {
            assert_eq!(&input[e.start..e.end], e.before);
        }
    }

    /// [`compose`] of `first` and `second`, checked against the plain
    /// reading: every edit of both plans put into groups.
    fn check_groups(input: &str, first: Vec<Edit>, mid: &str, second: Vec<Edit>) -> Vec<Edit> {
        let got = compose(input, first.clone(), mid, second.clone());
        if !first.is_empty() && !second.is_empty() {
            let mapper = Mapper::new(&first);
            assert_eq!(got, compose_groups(input, &mapper, first, mid, second));
        }
        got
    }

    /// The edits of `second` mapped apart give what forming every group
    /// does, over the plans of the real cables as `stages` composes them.
    #[test]
    fn apart_edits_agree_on_real_cables() {
        let Some(shared) = cablekit_testkit::shared("the composition of real plans") else {
            return;
        };
        let o = crate::Options::default();
        for f in cablekit_testkit::files_under(&shared.join("corpus")) {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let input = String::from_utf8_lossy(&bytes);
            let e1 = crate::markup::plan(&input, &o);
            let mid = apply_edits(&input, &e1);
            let e1b = crate::structure::restore(&mid, &o);
            let e1 = check_groups(&input, e1, &mid, e1b.clone());
            let mid = apply_edits(&mid, &e1b);
            let (e2, _) = crate::structure::plan(&mid, &o);
            let e12 = check_groups(&input, e1, &mid, e2.clone());
            let mid = apply_edits(&mid, &e2);
            let e3 = crate::words::plan(&mid, &o);
            check_groups(&input, e12, &mid, e3);
        }
    }

    /// [`merge`] is the stable sort of both plans without no-ops, with
    /// ties between and within them, either one the shorter, and unsorted.
    #[test]
    fn merge_is_a_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for round in 0..2000 {
            let (la, lb) = (next(6), next(6));
            let mut plan = |len: usize, tag: &str| -> Vec<Edit> {
                let mut v: Vec<Edit> = (0..len)
                    .map(|i| {
                        let start = next(12);
                        Edit {
                            rule: "x".into(),
                            start,
                            end: start + next(3),
                            before: if next(5) == 0 { "b".into() } else { "a".into() },
                            after: format!("{tag}{i}").into(),
                        }
                    })
                    .collect();
                if round % 7 != 0 {
                    v.sort_by_key(|e| (e.start, e.end));
                }
                v
            };
            let a = plan(la, "a");
            let mut b = plan(lb, "b");
            // a no-op
            if let Some(e) = b.first_mut()
                && round % 3 == 0
            {
                e.after = e.before.clone();
            }
            let mut want = a.clone();
            want.extend(b.clone());
            want.sort_by_key(|e| (e.start, e.end));
            want.retain(|e| e.before != e.after);
            assert_eq!(merge(a, b), want);
        }
    }

    #[test]
    fn composes_disjoint_and_merged() {
        let input = "a&amp;b\r\nc- $\\P6$ . x";
        let first = vec![
            ed("m", input, 1, 6, "&"),
            ed("m", input, 7, 9, "\n"),
            ed("m", input, 12, 17, "¶6"),
        ];
        check(input, first.clone(), |mid| {
            let p = mid.find("- ¶6 .").unwrap();
            vec![
                ed("j", mid, 3, 4, " "),
                ed("p", mid, p, p + "- ¶6 .".len(), "¶6."),
            ]
        });
        // deletion touching, insertion at boundaries
        let input = "ab\\\ncd";
        let first = vec![ed("m", input, 2, 3, "")];
        check(input, first.clone(), |mid| vec![ed("x", mid, 2, 3, " ")]);
        check(input, first.clone(), |mid| vec![ed("x", mid, 2, 2, "Z")]);
        check(input, first, |mid| vec![ed("x", mid, 0, 2, "AB")]);
    }
}
