//! Writes that merge progress from elsewhere in one batch: a renamed step's former ids
//! (aliases) and an imported export file.

use super::*;

impl Store {
    /// Moves progress stored under a step's former ids to its current id: for each
    /// `(alias, id)`, the newer status and the newer note win, the status change is logged
    /// (as an alias batch, which undo skips) and the alias row goes away. Existing history
    /// is untouched. Returns how many alias rows were carried. Cheap, and does not write,
    /// when there is nothing to carry.
    pub fn carry_aliases(
        &mut self,
        roadmap: &str,
        aliases: &[(&str, &str)],
        at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let mut any = false;
        for &(alias, _) in aliases {
            if self.state(roadmap, alias)?.is_some() {
                any = true;
                break;
            }
        }
        if !any {
            return Ok(0);
        }
        let shown = self.shown();
        let tx = self.write()?;
        let run = || -> rusqlite::Result<usize> {
            let at = to_ms(at);
            let mut batch = None;
            let mut moved = 0;
            for &(alias, id) in aliases {
                if alias == id {
                    continue;
                }
                let Some(old) = get_state(&tx, roadmap, alias)? else {
                    continue;
                };
                let cur = get_state(&tx, roadmap, id)?;
                let cur_status = cur.as_ref().map_or(Status::Todo, |c| c.status);
                let take_status = old.changed_at.is_some()
                    && cur.as_ref().is_none_or(|c| c.changed_at < old.changed_at);
                if take_status {
                    tx.prepare_cached(
                        "INSERT INTO step_state (roadmap, step, status, changed_at)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (roadmap, step) DO UPDATE
                         SET status = excluded.status, changed_at = excluded.changed_at",
                    )?
                    .execute(params![
                        roadmap,
                        id,
                        old.status.as_str(),
                        old.changed_at.map(to_ms)
                    ])?;
                    if old.status != cur_status {
                        let b = match batch {
                            Some(b) => b,
                            None => *batch.insert(new_batch(&tx, BatchKind::Alias, at, None)?),
                        };
                        log_change(&tx, b, roadmap, id, cur_status, old.status, at, None)?;
                    }
                }
                let take_note =
                    old.note_at.is_some() && cur.as_ref().is_none_or(|c| c.note_at < old.note_at);
                if take_note {
                    put_note(
                        &tx,
                        roadmap,
                        id,
                        old.note.as_deref(),
                        old.note_at.map_or(at, to_ms),
                    )?;
                }
                tx.execute(
                    "DELETE FROM step_state WHERE roadmap = ?1 AND step = ?2",
                    [roadmap, alias],
                )?;
                moved += 1;
            }
            Ok(moved)
        };
        let moved = run().map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))?;
        Ok(moved)
    }

    /// Merges exported progress in one transaction: per step, the record's status wins if
    /// its change is newer than the stored one (and is logged in the history at the
    /// record's time, as one import batch that undo can revert); likewise for notes.
    pub fn import(
        &mut self,
        records: &[ImportRecord],
        at: DateTime<Utc>,
    ) -> Result<ImportSummary, StoreError> {
        let shown = self.shown();
        let tx = self.write()?;
        let run = || -> rusqlite::Result<ImportSummary> {
            let mut sum = ImportSummary::default();
            let mut batch = None;
            for r in records {
                let cur = get_state(&tx, &r.roadmap, &r.step)?;
                let cur_status = cur.as_ref().map_or(Status::Todo, |c| c.status);
                let mut took = false;
                let newer = |changed| {
                    cur.as_ref()
                        .is_none_or(|c| c.changed_at.is_none_or(|t| t < changed))
                };
                if let Some(changed) = r.changed_at
                    && r.status == cur_status
                    && newer(changed)
                {
                    // Same status, later time (a step reset to todo, say): keep when it
                    // happened. Not a status change, so not in the history.
                    put_status(&tx, &r.roadmap, &r.step, r.status, to_ms(changed))?;
                    sum.statuses += 1;
                    took = true;
                } else if let Some(changed) = r.changed_at
                    && newer(changed)
                {
                    let b = match batch {
                        Some(b) => b,
                        None => *batch.insert(new_batch(&tx, BatchKind::Import, to_ms(at), None)?),
                    };
                    put_status(&tx, &r.roadmap, &r.step, r.status, to_ms(changed))?;
                    log_change(
                        &tx,
                        b,
                        &r.roadmap,
                        &r.step,
                        cur_status,
                        r.status,
                        to_ms(changed),
                        None,
                    )?;
                    sum.statuses += 1;
                    took = true;
                }
                if let Some(note_at) = r.note_at {
                    let cur_note = cur.as_ref().and_then(|c| c.note.as_deref());
                    let cur_note_at = cur.as_ref().and_then(|c| c.note_at);
                    if cur_note != r.note.as_deref() && cur_note_at.is_none_or(|t| t < note_at) {
                        put_note(&tx, &r.roadmap, &r.step, r.note.as_deref(), to_ms(note_at))?;
                        sum.notes += 1;
                        took = true;
                    }
                }
                if !took {
                    sum.kept += 1;
                }
            }
            Ok(sum)
        };
        let sum = run().map_err(|e| open::classify(&shown, e))?;
        tx.commit().map_err(|e| open::classify(&shown, e))?;
        Ok(sum)
    }
}
