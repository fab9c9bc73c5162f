//! Reading stored step states: one step, a roadmap's steps in one read transaction (one
//! scan or a lookup per step, whichever costs less), several roadmaps' steps at once
//! (one scan of the table when it holds about that many rows), every row of a roadmap
//! or of the database.

use super::{
    STATE_COLS, StepState, Store, StoreError, StoredStep, get_state, state_from_row, str_at,
};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

impl Store {
    /// The stored state of one step.
    pub fn state(&self, roadmap: &str, step: &str) -> Result<Option<StepState>, StoreError> {
        get_state(&self.conn, roadmap, step).map_err(|e| self.err(e))
    }

    /// The stored state of each of `steps` (in that order): one indexed lookup each, so
    /// the cost does not grow with progress kept for other steps.
    pub fn states_of(
        &self,
        roadmap: &str,
        steps: &[&str],
    ) -> Result<Vec<Option<StepState>>, StoreError> {
        // One read transaction around the lookups: outside one, SQLite takes and drops
        // its shared lock (two fcntl calls and an fstat) for every step.
        self.reading(|s| s.lookup_states(roadmap, steps).map_err(|e| s.err(e)))
    }

    /// [`Store::states_of`] for several roadmaps (`(roadmap, steps)` each), in one read
    /// transaction: a whole catalog costs one scan of the table when it holds no more
    /// than about twice the rows asked for, else each roadmap is read on its own.
    pub fn states_of_each(
        &self,
        wanted: &[(&str, Vec<&str>)],
    ) -> Result<Vec<Vec<Option<StepState>>>, StoreError> {
        self.reading(|s| s.lookup_each(wanted).map_err(|e| s.err(e)))
    }

    fn lookup_each(
        &self,
        wanted: &[(&str, Vec<&str>)],
    ) -> rusqlite::Result<Vec<Vec<Option<StepState>>>> {
        let asked: usize = wanted.iter().map(|(_, steps)| steps.len()).sum();
        let rows: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM step_state")?
            .query_row([], |r| r.get(0))?;
        if rows > asked as i64 * 2 + 64 {
            return wanted
                .iter()
                .map(|(roadmap, steps)| self.lookup_states(roadmap, steps))
                .collect();
        }
        let wanted: Vec<(&str, &[&str])> = wanted.iter().map(|(r, s)| (*r, &s[..])).collect();
        self.scan_matching(&wanted, "", [])
    }

    /// One scan of the roadmap's rows when they are about as many as the steps asked
    /// for (thousands of point lookups cost far more), else a lookup per step, so rows
    /// of ids a roadmap no longer has (a huge import, say) cost nothing.
    fn lookup_states(
        &self,
        roadmap: &str,
        steps: &[&str],
    ) -> rusqlite::Result<Vec<Option<StepState>>> {
        if steps.len() >= 64 {
            let rows: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM step_state WHERE roadmap = ?1")?
                .query_row([roadmap], |r| r.get(0))?;
            if rows <= steps.len() as i64 * 2 {
                let mut one =
                    self.scan_matching(&[(roadmap, steps)], "WHERE roadmap = ?1", [roadmap])?;
                return Ok(one.pop().expect("one roadmap asked, one answer"));
            }
        }
        steps
            .iter()
            .map(|step| get_state(&self.conn, roadmap, step))
            .collect()
    }

    /// The states of `wanted` (`(roadmap, steps)` each) by one scan of the rows `filter`
    /// selects, matched against the ids asked for without allocating a key per row.
    fn scan_matching<P: rusqlite::Params>(
        &self,
        wanted: &[(&str, &[&str])],
        filter: &str,
        params: P,
    ) -> rusqlite::Result<Vec<Vec<Option<StepState>>>> {
        let asked: usize = wanted.iter().map(|(_, steps)| steps.len()).sum();
        let mut index: hashbrown::HashMap<(&str, &str), (usize, usize)> =
            hashbrown::HashMap::with_capacity(asked);
        let mut states: Vec<Vec<Option<StepState>>> = Vec::with_capacity(wanted.len());
        // A step asked for twice: filled at its first place, copied to the others after.
        let mut repeats: Vec<((usize, usize), (usize, usize))> = Vec::new();
        for (r, (roadmap, steps)) in wanted.iter().enumerate() {
            for (i, step) in steps.iter().enumerate() {
                let first = *index.entry((*roadmap, *step)).or_insert((r, i));
                if first != (r, i) {
                    repeats.push((first, (r, i)));
                }
            }
            states.push(vec![None; steps.len()]);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT roadmap, step, {STATE_COLS} FROM step_state {filter}"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            if let Some(&(r, i)) = index.get(&(str_at(row, 0)?, str_at(row, 1)?)) {
                states[r][i] = Some(state_from_row(row, 2)?);
            }
        }
        for ((fr, fi), (r, i)) in repeats {
            states[r][i] = states[fr][fi].clone();
        }
        Ok(states)
    }

    /// Every stored step of a roadmap, by step id (including ids the roadmap no longer has).
    pub fn statuses(&self, roadmap: &str) -> Result<HashMap<String, StepState>, StoreError> {
        self.statuses_in(roadmap).map_err(|e| self.err(e))
    }

    fn statuses_in(&self, roadmap: &str) -> rusqlite::Result<HashMap<String, StepState>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT step, {STATE_COLS} FROM step_state WHERE roadmap = ?1"
            ))?
            .query_map([roadmap], |r| Ok((r.get(0)?, state_from_row(r, 1)?)))?
            .collect()
    }

    /// The steps of `roadmap` the history shows done at some point (by step id).
    pub fn ever_done(&self, roadmap: &str) -> Result<HashSet<String>, StoreError> {
        self.done_since(roadmap, None)
    }

    /// The steps of `roadmap` the history shows made done at `since` or later (all
    /// time for `None`), by step id.
    pub fn done_since(
        &self,
        roadmap: &str,
        since: Option<DateTime<Utc>>,
    ) -> Result<HashSet<String>, StoreError> {
        Ok(self
            .last_done_since(roadmap, since)?
            .into_iter()
            .map(|(step, _)| step)
            .collect())
    }

    /// [`Store::done_since`] with the last time each step was made done, in no
    /// particular order: one range of the `(roadmap, at)` index, the repeats folded here
    /// rather than in a temporary b-tree of SQLite's.
    pub fn last_done_since(
        &self,
        roadmap: &str,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<(String, DateTime<Utc>)>, StoreError> {
        let run = || -> rusqlite::Result<HashMap<String, i64>> {
            let mut last: HashMap<String, i64> = HashMap::new();
            let mut stmt = self.conn.prepare_cached(
                "SELECT step, at FROM history
                 WHERE roadmap = ?1 AND at >= ?2 AND new_status = 'done'",
            )?;
            let mut rows = stmt.query(rusqlite::params![
                roadmap,
                since.map_or(i64::MIN, super::to_ms)
            ])?;
            while let Some(row) = rows.next()? {
                let at: i64 = row.get(1)?;
                let step = row.get_ref(0)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?;
                match last.get_mut(step) {
                    Some(t) => *t = (*t).max(at),
                    None => {
                        last.insert(step.to_owned(), at);
                    }
                }
            }
            Ok(last)
        };
        let last = run().map_err(|e| self.err(e))?;
        Ok(last
            .into_iter()
            .map(|(step, ms)| (step, super::from_ms(ms)))
            .collect())
    }

    /// Every stored step of every roadmap, ordered by roadmap then step: compare with the
    /// loaded roadmaps to find orphans.
    pub fn all_states(&self) -> Result<Vec<StoredStep>, StoreError> {
        let run = || -> rusqlite::Result<Vec<StoredStep>> {
            self.conn
                .prepare(&format!(
                    "SELECT roadmap, step, {STATE_COLS} FROM step_state ORDER BY roadmap, step"
                ))?
                .query_map([], |r| {
                    Ok(StoredStep {
                        roadmap: r.get(0)?,
                        step: r.get(1)?,
                        state: state_from_row(r, 2)?,
                    })
                })?
                .collect()
        };
        run().map_err(|e| self.err(e))
    }
}
