//! `t` / `L`: pick tags or levels from a list; Enter writes them into the filter
//! (drawn by `ui/overlays/checklist.rs`).

use super::Next;
use crate::app::action::Action;
use crate::app::filter_text;
use crate::app::scroll::Scroll;
use crate::app::state::AppState;
use crate::app::update::{follow_matches, move_by, set_filter};
use crate::model::Level;

/// A list with check boxes: the tag and level pickers.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub key: ChecklistKind,
    pub items: Vec<CheckItem>,
    pub selected: usize,
    pub scroll: Scroll,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckItem {
    /// Shown in the list.
    pub label: String,
    /// Written into the filter.
    pub value: String,
    /// Steps carrying it.
    pub count: usize,
    pub checked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistKind {
    Tags,
    Levels,
}

impl ChecklistKind {
    /// The filter key the list edits.
    pub fn key(self) -> &'static str {
        match self {
            ChecklistKind::Tags => "tag",
            ChecklistKind::Levels => "level",
        }
    }
}

impl Checklist {
    /// The list for the current roadmap, checked as the filter says; `None` when the
    /// roadmap has nothing to pick.
    pub fn open(state: &AppState, kind: ChecklistKind) -> Option<Checklist> {
        let r = state.current()?;
        let chosen = filter_text::values(&state.filter_text, kind.key());
        let is_chosen = |v: &str| chosen.iter().any(|c| c.eq_ignore_ascii_case(v));
        let items: Vec<CheckItem> = match kind {
            ChecklistKind::Tags => r
                .tags()
                .into_iter()
                .map(|(tag, count)| CheckItem {
                    checked: is_chosen(&tag),
                    label: tag.clone(),
                    value: tag,
                    count,
                })
                .collect(),
            ChecklistKind::Levels => {
                let counts = r.level_counts();
                Level::ALL
                    .iter()
                    .map(|l| CheckItem {
                        label: l.as_str().into(),
                        value: l.as_str().into(),
                        count: counts[*l as usize],
                        checked: is_chosen(l.as_str()),
                    })
                    .collect()
            }
        };
        (!items.is_empty()).then_some(Checklist {
            key: kind,
            items,
            selected: 0,
            scroll: Scroll::default(),
        })
    }

    /// A click on item `i`: selects and toggles it.
    pub fn click(&mut self, i: usize) {
        if let Some(it) = self.items.get_mut(i) {
            it.checked = !it.checked;
            self.selected = i;
        }
    }
}

pub fn update(state: &mut AppState, c: &mut Checklist, action: Action) -> Next {
    match action {
        Action::Down => c.selected = move_by(c.selected, c.items.len(), 1),
        Action::Up => c.selected = move_by(c.selected, c.items.len(), -1),
        Action::Toggle => {
            if let Some(it) = c.items.get_mut(c.selected) {
                it.checked = !it.checked;
            }
        }
        Action::ClearInput => c.items.iter_mut().for_each(|it| it.checked = false),
        Action::Enter => {
            let values: Vec<String> = c
                .items
                .iter()
                .filter(|it| it.checked)
                .map(|it| it.value.clone())
                .collect();
            let text = filter_text::set_values(&state.filter_text, c.key.key(), &values);
            set_filter(state, text);
            state.recompute();
            follow_matches(state);
            return Next::Close;
        }
        Action::Back | Action::Quit => return Next::Close,
        _ => {}
    }
    Next::Stay
}
