//! `[[tables]]`: comparison tables a roadmap carries (columns and rows of text).

use super::build::{Seen, Walk, owned, req};
use super::problem::ProblemKind;
use super::schema::{DeValue, Obj, Text, type_str};
use crate::model::Table;

const TABLE_KEYS: &[&str] = &["id", "title", "phase", "columns", "rows"];

impl Walk<'_> {
    pub(super) fn table<'a>(
        &mut self,
        o: Obj<'a, '_>,
        ti: usize,
        table_ids: &mut Seen<'a>,
        phase_ids: &Seen,
        phase_names: &[&str],
    ) -> Table {
        self.cx.check_keys(o, TABLE_KEYS);
        let tid = self.cx.req_string(o, "id", Text::Line);
        if let Some((t, span)) = &tid
            && self.cx.id(t, span.clone(), "table id")
        {
            self.unique(table_ids, t, span.clone(), ti, "table id");
        }
        let title = self.cx.req_string(o, "title", Text::Title);
        let phase = self.phase_ref(o, phase_ids, phase_names, false);
        let columns = self.req_strings(o, "columns");
        if let Some(v) = o.get("columns")
            && o.array(v).is_some_and(<[_]>::is_empty)
        {
            self.cx.push(
                ProblemKind::BadTable,
                v.span(),
                "a table needs at least one column",
                None,
            );
        }
        let mut rows = Vec::new();
        match o.get("rows") {
            None => self.cx.missing(o, "rows"),
            Some(v) => match o.array(v) {
                Some(items) => {
                    for row in items.iter() {
                        let Some(cells) = o.array(row) else {
                            self.cx.push(
                                ProblemKind::WrongType,
                                row.span(),
                                format!(
                                    "each of `rows` must be an array of strings, found {}",
                                    type_str(row.get_ref())
                                ),
                                None,
                            );
                            continue;
                        };
                        let mut out = Vec::with_capacity(cells.len());
                        for cell in cells.iter() {
                            match cell.get_ref() {
                                DeValue::String(s) => {
                                    self.cx.text(s, cell.span(), Text::Line, "rows");
                                    out.push(s.to_string());
                                }
                                other => self.cx.push(
                                    ProblemKind::WrongType,
                                    cell.span(),
                                    format!(
                                        "table cells must be strings, found {}",
                                        type_str(other)
                                    ),
                                    None,
                                ),
                            }
                        }
                        if !columns.is_empty() && cells.len() != columns.len() {
                            self.cx.push(
                                ProblemKind::BadTable,
                                row.span(),
                                format!(
                                    "row has {}, but the table has {}",
                                    count(cells.len(), "cell"),
                                    count(columns.len(), "column")
                                ),
                                Some("every row needs exactly one cell per column".into()),
                            );
                        }
                        rows.push(out);
                    }
                }
                None => self.cx.push(
                    ProblemKind::WrongType,
                    v.span(),
                    format!(
                        "`rows` in [[tables]] must be an array of arrays of strings, found {}",
                        type_str(v.get_ref())
                    ),
                    None,
                ),
            },
        }
        Table {
            id: req(tid),
            title: req(title),
            phase,
            columns: owned(columns),
            rows,
        }
    }
}

/// `1 cell`, `2 cells`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
