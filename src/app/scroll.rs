//! The first row a scrolled region shows. One type for every list (phases, steps, the
//! pickers, search results) and every scrolled text (detail, help, about), so the rule
//! "the selection stays visible, moving as little as possible" is written and tested once.

use std::ops::Range;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
}

impl Scroll {
    /// The first row shown.
    pub fn offset(self) -> usize {
        self.offset
    }

    /// Back to the top (a new list or a new text).
    pub fn reset(&mut self) {
        self.offset = 0;
    }

    /// For a list with a selection: keeps `selected` within `height` rows of the
    /// offset, moving as little as possible. Never leaves blank rows at the end while
    /// rows above are hidden, so a taller viewport or a shorter list shows more.
    pub fn follow(&mut self, selected: usize, len: usize, height: usize) {
        if height == 0 || len == 0 {
            self.offset = 0;
            return;
        }
        let mut off = self.offset.min(len.saturating_sub(height));
        if selected < off {
            off = selected;
        } else if selected >= off + height {
            off = selected + 1 - height;
        }
        self.offset = off;
    }

    /// For text without a selection: moves by `delta` rows, from the top to where the
    /// last line is the bottom row.
    pub fn scroll_by(&mut self, delta: isize, len: usize, height: usize) {
        let max = len.saturating_sub(height);
        self.offset = self.offset.saturating_add_signed(delta).min(max);
    }

    /// For text after its length or the viewport changed: the same, within bounds.
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.scroll_by(0, len, height);
    }

    /// The rows of a list to draw at `height`, computed as [`Scroll::follow`] would
    /// without storing it: what `ui` draws even when the state was last laid out for
    /// another size. Equal to the stored offset when the state is up to date.
    pub fn rows(self, selected: usize, len: usize, height: usize) -> Range<usize> {
        let mut s = self;
        s.follow(selected, len, height);
        s.offset..(s.offset + height).min(len)
    }

    /// The first line of a text to draw at `height`, like [`Scroll::rows`] for text.
    pub fn text_offset(self, len: usize, height: usize) -> usize {
        let mut s = self;
        s.clamp(len, height);
        s.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(offset: usize) -> Scroll {
        Scroll { offset }
    }

    #[test]
    fn follow_moves_as_little_as_possible() {
        // (offset before, selected, len, height) → offset after
        let table = [
            ((0, 5, 100, 10), 0),    // visible: stays
            ((0, 15, 100, 10), 6),   // below: selection becomes the last row
            ((6, 3, 100, 10), 3),    // above: selection becomes the first row
            ((95, 99, 100, 10), 90), // no blank rows under the end
            ((0, 0, 100, 0), 0),     // no room: top
            ((7, 0, 0, 10), 0),      // empty list: top
            ((20, 25, 30, 10), 20),  // already fine
            ((20, 25, 30, 20), 10),  // viewport grew: shows more above
            ((20, 12, 15, 10), 5),   // list shrank: no blank rows
            ((4, 9, 100, 3), 7),     // viewport shrank under the selection
            ((3, 2, 4, 10), 0),      // list shorter than the viewport
        ];
        for ((off, sel, len, h), want) in table {
            let mut s = at(off);
            s.follow(sel, len, h);
            assert_eq!(s.offset(), want, "follow({off}, {sel}, {len}, {h})");
            assert_eq!(at(off).rows(sel, len, h).start, want);
        }
    }

    #[test]
    fn text_scrolls_within_its_length() {
        // (offset before, delta, len, height) → offset after
        let table = [
            ((0, 1, 30, 10), 1),
            ((0, -1, 30, 10), 0),
            ((19, 3, 30, 10), 20),
            ((5, isize::MAX / 2, 30, 10), 20),
            ((5, isize::MIN / 2, 30, 10), 0),
            ((0, 1, 5, 10), 0),    // fits: never moves
            ((20, 0, 25, 10), 15), // text got shorter
        ];
        for ((off, d, len, h), want) in table {
            let mut s = at(off);
            s.scroll_by(d, len, h);
            assert_eq!(s.offset(), want, "scroll_by({off}, {d}, {len}, {h})");
        }
        assert_eq!(at(20).text_offset(25, 10), 15);
        let mut s = at(9);
        s.reset();
        assert_eq!(s, Scroll::default());
    }

    proptest! {
        #[test]
        fn the_selection_stays_visible(
            steps in prop::collection::vec((0usize..300, 1usize..300, 1usize..40), 1..40),
        ) {
            let mut s = Scroll::default();
            for (sel, len, h) in steps {
                let sel = sel % len;
                let before = s.offset();
                s.follow(sel, len, h);
                let off = s.offset();
                prop_assert!(off <= sel && sel < off + h, "{sel} outside {off}..{}", off + h);
                prop_assert!(off + h <= len || off == 0, "blank rows under the end");
                // Minimal movement: a selection already shown with no blank rows
                // under the end does not move the view.
                if before <= sel && sel < before + h && before + h <= len {
                    prop_assert_eq!(off, before);
                }
                prop_assert_eq!(s.rows(sel, len, h), off..(off + h).min(len));
            }
        }
    }
}
