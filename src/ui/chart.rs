//! The chart view: the roadmap as boxes on a path, drawn from the cached
//! [`ChartLayout`]. Only the bands the viewport overlaps are drawn, so a 100k-step
//! roadmap redraws as fast as a small one.
//!
//! ```text
//! ┌ child ──────┐        ┌──────────────┐          ┌ child ──────┐
//! │ ○ What is … ├──┐     │ ✔ Internet   ├─────┐  ┌┤ ◐ DNS …     │
//! └─────────────┘  ├─────┤              │     └──┤└─────────────┘
//! ```
//! Header and footer as in the main view; `Enter` adds the detail pane (the main view's
//! detail text) beside the chart, or under it when narrow.
//!
//! Over 500 lines on purpose: the chart is drawn cell by cell (boxes, brackets, lines
//! and the tees where lines meet borders), which ratatui's widgets do not do; the
//! canvas, its glyph tables and the box labels share one clipping to the viewport.

use super::{Theme, WIDE, detail, footer, header, text};
use crate::app::AppState;
use crate::app::chart::ChartState;
use crate::app::chart::layout::{ChartLayout, DOWN, LEFT, Node, Placed, RIGHT, UP};
use crate::app::screen::Viewport;
use crate::model::{Effective, StepRef};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

struct Areas {
    header: Rect,
    canvas: Rect,
    detail: Option<Rect>,
    footer: Rect,
}

fn areas(area: Rect, chart: &ChartState) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    if !chart.detail {
        return Areas {
            header,
            canvas: body,
            detail: None,
            footer,
        };
    }
    let (canvas, detail) = if area.width >= WIDE {
        let [c, d] = Layout::horizontal([
            Constraint::Min(30),
            Constraint::Length((area.width * 2 / 5).min(56)),
        ])
        .areas(body);
        (c, d)
    } else {
        let [c, d] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(body.height / 2)]).areas(body);
        (c, d)
    };
    Areas {
        header,
        canvas,
        detail: Some(detail),
        footer,
    }
}

/// The canvas on screen, for scrolling (see `ui::screen`).
pub fn viewport(area: Rect, chart: &ChartState) -> Viewport {
    let canvas = areas(area, chart).canvas;
    Viewport {
        area: canvas,
        rows: canvas.height as usize,
        lines: 0,
    }
}

pub fn render(frame: &mut Frame, area: Rect, chart: &ChartState, state: &AppState, theme: &Theme) {
    let a = areas(area, chart);
    header::render(frame, a.header, state, theme);
    footer::render(frame, a.footer, state, theme);
    if let Some(d) = a.detail {
        render_detail(frame, d, chart, state, theme);
    }
    let l = &chart.layout;
    if l.placed.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(" nothing to chart", theme.dim())),
            a.canvas,
        );
        return;
    }
    let (oy, ox) = chart.offsets(a.canvas.width, a.canvas.height);
    // A chart narrower than the screen is centred.
    let shift = (a.canvas.width as i64 - l.width as i64).max(0) / 2;
    let mut c = Canvas {
        buf: frame.buffer_mut(),
        area: a.canvas,
        ox: ox as i64 - shift,
        oy: oy as i64,
    };
    draw(&mut c, l, chart.selected, state, theme);
}

/// The selected box's detail at `width`: the list's detail text of that step or phase.
fn detail_content<'a>(
    chart: &ChartState,
    state: &'a AppState,
    width: usize,
    theme: &Theme,
) -> Option<(&'a str, Vec<Line<'a>>)> {
    let r = state.roadmaps.get(chart.roadmap)?;
    match chart.node()? {
        Node::Step(i) if (i as usize) < r.roadmap.steps.len() => Some((
            r.roadmap.steps[i as usize].title.as_str(),
            detail::lines(state, r, i as usize, width, theme),
        )),
        Node::Phase(p) if (p as usize) < r.roadmap.phases.len() => Some((
            r.roadmap.phases[p as usize].title.as_str(),
            detail::phase_lines(state, r, p as usize, width, theme),
        )),
        _ => None,
    }
}

/// The detail pane as a scrolled region (see `ui::screen`); empty while it is closed.
pub fn detail_viewport(
    area: Rect,
    chart: &ChartState,
    state: &AppState,
    theme: &Theme,
) -> Viewport {
    let Some(area) = areas(area, chart).detail else {
        return Viewport::default();
    };
    let inner = super::pane_inner(area);
    Viewport {
        area,
        rows: inner.height as usize,
        lines: detail_content(chart, state, detail::text_width(inner), theme)
            .map_or(0, |(_, l)| l.len()),
    }
}

fn render_detail(
    frame: &mut Frame,
    area: Rect,
    chart: &ChartState,
    state: &AppState,
    theme: &Theme,
) {
    let width = detail::text_width(super::pane_inner(area));
    if let Some((title, lines)) = detail_content(chart, state, width, theme) {
        let (scroll, focused) = (chart.detail_scroll, chart.detail_focus);
        detail::render_scrolled(frame, area, title, lines, scroll, focused, theme);
    }
}

/// The visible part of the chart's canvas, written cell by cell into the buffer.
struct Canvas<'a> {
    buf: &'a mut Buffer,
    area: Rect,
    /// Canvas column and row at the area's top-left cell (negative: centred).
    ox: i64,
    oy: i64,
}

impl Canvas<'_> {
    fn pos(&self, x: i64, y: i64) -> Option<(u16, u16)> {
        let (sx, sy) = (x - self.ox, y - self.oy);
        (sx >= 0 && sy >= 0 && sx < self.area.width as i64 && sy < self.area.height as i64)
            .then(|| (self.area.x + sx as u16, self.area.y + sy as u16))
    }

    fn put(&mut self, x: i64, y: i64, symbol: &str, style: Style) {
        if let Some(p) = self.pos(x, y)
            && let Some(cell) = self.buf.cell_mut(p)
        {
            cell.set_symbol(symbol).set_style(style);
        }
    }

    /// Text from `x`, at most `max` cells; returns the cells used.
    fn text(&mut self, x: i64, y: i64, s: &str, max: usize, style: Style) -> usize {
        let mut used = 0;
        let mut tmp = [0u8; 4];
        for ch in s.chars() {
            let w = ch.width().unwrap_or(0);
            if w == 0 {
                continue;
            }
            if used + w > max {
                break;
            }
            self.put(x + used as i64, y, ch.encode_utf8(&mut tmp), style);
            if w == 2 {
                // The cell under the wide character's right half stays empty.
                self.put(x + used as i64 + 1, y, "", style);
            }
            used += w;
        }
        used
    }

    fn hline(&mut self, x: i64, y: i64, len: u32, s: &str, style: Style) {
        for k in 0..len as i64 {
            self.put(x + k, y, s, style);
        }
    }

    fn frame(&mut self, r: crate::app::chart::layout::Rect, set: &Frame4, style: Style) {
        let (x, y, w, h) = (r.x as i64, r.y as i64, r.w as i64, r.h as i64);
        self.put(x, y, set.tl, style);
        self.put(x + w - 1, y, set.tr, style);
        self.put(x, y + h - 1, set.bl, style);
        self.put(x + w - 1, y + h - 1, set.br, style);
        self.hline(x + 1, y, (w - 2) as u32, set.h, style);
        self.hline(x + 1, y + h - 1, (w - 2) as u32, set.h, style);
        for k in 1..h - 1 {
            self.put(x, y + k, set.v, style);
            self.put(x + w - 1, y + k, set.v, style);
        }
    }
}

/// The corner and side glyphs of a frame.
struct Frame4 {
    tl: &'static str,
    tr: &'static str,
    bl: &'static str,
    br: &'static str,
    h: &'static str,
    v: &'static str,
}

fn box_set(theme: &Theme, selected: bool) -> Frame4 {
    // The selected box is drawn thick, so it shows without colour too.
    let b = if selected && theme.unicode {
        ratatui::symbols::border::THICK
    } else {
        theme.border(selected)
    };
    Frame4 {
        tl: b.top_left,
        tr: b.top_right,
        bl: b.bottom_left,
        br: b.bottom_right,
        h: b.horizontal_top,
        v: b.vertical_left,
    }
}

fn bracket_set(theme: &Theme) -> Frame4 {
    if theme.unicode {
        Frame4 {
            tl: "╭",
            tr: "╮",
            bl: "╰",
            br: "╯",
            h: "─",
            v: "│",
        }
    } else {
        Frame4 {
            tl: "+",
            tr: "+",
            bl: "+",
            br: "+",
            h: "~",
            v: "|",
        }
    }
}

fn line_glyph(m: u8, unicode: bool) -> &'static str {
    if !unicode {
        return match m {
            0 => " ",
            _ if m & (LEFT | RIGHT) == 0 => "|",
            _ if m & (UP | DOWN) == 0 => "-",
            _ => "+",
        };
    }
    match m {
        0 => " ",
        x if x == UP | DOWN || x == UP || x == DOWN => "│",
        x if x == LEFT | RIGHT || x == LEFT || x == RIGHT => "─",
        x if x == DOWN | RIGHT => "┌",
        x if x == DOWN | LEFT => "┐",
        x if x == UP | RIGHT => "└",
        x if x == UP | LEFT => "┘",
        x if x == UP | DOWN | RIGHT => "├",
        x if x == UP | DOWN | LEFT => "┤",
        x if x == LEFT | RIGHT | DOWN => "┬",
        x if x == LEFT | RIGHT | UP => "┴",
        _ => "┼",
    }
}

/// A border glyph with a line joining it from `dir` (the side the line is on).
fn tee(border: &str, dir: u8) -> Option<&'static str> {
    Some(match (border, dir) {
        ("│", RIGHT) => "├",
        ("│", LEFT) => "┤",
        ("─", DOWN) => "┬",
        ("─", UP) => "┴",
        ("┃", RIGHT) => "┠",
        ("┃", LEFT) => "┨",
        ("━", DOWN) => "┯",
        ("━", UP) => "┷",
        _ => return None,
    })
}

fn draw(c: &mut Canvas, l: &ChartLayout, selected: u32, state: &AppState, theme: &Theme) {
    let rows = c.oy.max(0) as u32..(c.oy + c.area.height as i64).max(0) as u32;
    let bands = l.bands_in(rows.clone());
    // A band can hold a thousand boxes: only those on the rows shown are drawn.
    let shown = |r: crate::app::chart::layout::Rect| r.y < rows.end && r.bottom() > rows.start;
    let Some(r) = state.current().filter(|r| r.roadmap.steps.len() == l.steps) else {
        return;
    };
    let dim_border = theme.border_style(false);
    let brackets = bracket_set(theme);
    for band in &l.bands[bands.clone()] {
        for b in &l.brackets[band.brackets.start as usize..band.brackets.end as usize] {
            if !shown(b.rect) {
                continue;
            }
            c.frame(b.rect, &brackets, theme.label());
            if let Some(g) = r.roadmap.groups.get(b.group as usize) {
                let room = b.rect.w.saturating_sub(6) as usize;
                let title = format!(" {} ", text::fit(&text::clean(&g.title), room));
                c.text(
                    b.rect.x as i64 + 2,
                    b.rect.y as i64,
                    &title,
                    b.rect.w.saturating_sub(4) as usize,
                    theme.label(),
                );
            }
        }
        for p in band.nodes.clone() {
            let placed = &l.placed[p as usize];
            if !shown(placed.rect) {
                continue;
            }
            let sel = p == selected;
            if placed.bordered {
                let style = if sel {
                    theme.border_style(true)
                } else {
                    dim_border
                };
                c.frame(placed.rect, &box_set(theme, sel), style);
            }
            label(c, l, p, placed, sel, state, theme);
        }
    }
    // Lines last: gathered first so crossing segments merge, then drawn, then joined to
    // the borders they touch.
    let (w, h) = (c.area.width as usize, c.area.height as usize);
    let mut grid = vec![0u8; w * h];
    for band in &l.bands[bands] {
        for s in &l.segments[band.segments.start as usize..band.segments.end as usize] {
            let (y0, y1) = (s.y, if s.vertical { s.y + s.len } else { s.y + 1 });
            if y0 >= rows.end || y1 <= rows.start {
                continue;
            }
            for (x, y, m) in s.cells() {
                let (sx, sy) = (x as i64 - c.ox, y as i64 - c.oy);
                if sx >= 0 && sy >= 0 && (sx as usize) < w && (sy as usize) < h {
                    grid[sy as usize * w + sx as usize] |= m;
                }
            }
        }
    }
    let (ox, oy) = (c.ox, c.oy);
    let at = |grid: &[u8], x: i64, y: i64| {
        let (sx, sy) = (x - ox, y - oy);
        if sx >= 0 && sy >= 0 && (sx as usize) < w && (sy as usize) < h {
            grid[sy as usize * w + sx as usize]
        } else {
            0
        }
    };
    for sy in 0..h {
        for sx in 0..w {
            let m = grid[sy * w + sx];
            if m == 0 {
                continue;
            }
            let (x, y) = (sx as i64 + ox, sy as i64 + oy);
            c.put(x, y, line_glyph(m, theme.unicode), dim_border);
            for (dir, side, nx, ny) in [
                (LEFT, RIGHT, x - 1, y),
                (RIGHT, LEFT, x + 1, y),
                (UP, DOWN, x, y - 1),
                (DOWN, UP, x, y + 1),
            ] {
                if m & dir == 0 || at(&grid, nx, ny) != 0 {
                    continue;
                }
                let Some(p) = c.pos(nx, ny) else { continue };
                let Some(cell) = c.buf.cell(p) else { continue };
                if let Some(t) = tee(cell.symbol(), side) {
                    let style = cell.style();
                    c.put(nx, ny, t, style);
                }
            }
        }
    }
}

/// A box's label (glyph, title, kind, progress of its sub-steps) and its needs marker.
fn label(
    c: &mut Canvas,
    l: &ChartLayout,
    p: u32,
    placed: &Placed,
    sel: bool,
    state: &AppState,
    theme: &Theme,
) {
    let Some(r) = state.current() else { return };
    let rect = placed.rect;
    let spine = placed.column == crate::app::chart::layout::Column::Spine;
    // Inside a border or a bracket: one space of padding each side.
    let framed = placed.bordered || placed.bracket.is_some();
    let (x, room) = if framed {
        (rect.x as i64 + 2, rect.w.saturating_sub(4) as usize)
    } else if spine {
        (rect.x as i64 + 1, rect.w.saturating_sub(2) as usize)
    } else {
        (rect.x as i64, rect.w.saturating_sub(1) as usize)
    };
    let y = placed.label_row as i64;
    let mut base = Style::new();
    if spine {
        base = base.add_modifier(Modifier::BOLD);
    }
    let (glyph, status_style, title, suffix, kind) = match placed.node {
        Node::Step(i) => {
            let i = i as usize;
            let step = &r.roadmap.steps[i];
            let e = r.snapshot.effective[i];
            if !e.is_settled() && r.snapshot.is_blocked(&r.graph, i)
                || (state.filter_active() && !state.matches.get(i).copied().unwrap_or(true))
            {
                base = base.patch(theme.dim());
            }
            let count = r
                .snapshot
                .sub_steps(&r.roadmap, &r.graph, i)
                .map(|t| format!(" {}/{}", t.done, t.counted()))
                .unwrap_or_default();
            (
                Some(theme.glyph(e)),
                theme.status(e),
                step.title.as_str(),
                count,
                step.kind,
            )
        }
        Node::Phase(ph) => {
            let t = &r.snapshot.summary.phases[ph as usize];
            let e = if t.counted() > 0 && t.done == t.counted() {
                Effective::Done
            } else if t.done + t.in_progress > 0 {
                Effective::InProgress
            } else {
                Effective::Todo
            };
            (
                Some(theme.glyph(e)),
                theme.status(e),
                r.roadmap.phases[ph as usize].title.as_str(),
                format!(" {}/{}", t.done, t.counted()),
                None,
            )
        }
    };
    let sel_style = |s: Style| {
        if sel {
            s.patch(theme.selected(true))
        } else {
            s
        }
    };
    if sel {
        // The whole label row is highlighted, not just its text.
        for k in 0..room as i64 {
            c.put(x + k, y, " ", sel_style(base));
        }
    }
    let mut used = 0;
    if let Some(g) = glyph {
        used += c.text(x, y, g, room, sel_style(status_style.patch(base)));
        used += c.text(x + used as i64, y, " ", room - used, sel_style(base));
    }
    let kind_mark = kind
        .map(|k| format!(" {}", theme.kind(k)))
        .unwrap_or_default();
    let tail = text::width(&kind_mark) + text::width(&suffix);
    let title = text::clean(title);
    let title_room = room.saturating_sub(used + tail).max(1);
    let t = text::fit(&title, title_room);
    used += c.text(
        x + used as i64,
        y,
        &t,
        room.saturating_sub(used),
        sel_style(base),
    );
    if let Some(k) = kind {
        used += c.text(
            x + used as i64,
            y,
            &kind_mark,
            room.saturating_sub(used),
            sel_style(theme.kind_style(k)),
        );
    }
    c.text(
        x + used as i64,
        y,
        &suffix,
        room.saturating_sub(used),
        sel_style(theme.dim().patch(base)),
    );

    // "needs": prerequisites the chart draws no line for.
    if let Some(marker) = needs_marker(l, p, state, theme) {
        let (mx, my, mroom) = if placed.bordered {
            (
                rect.x as i64 + 1,
                rect.bottom() as i64 - 1,
                rect.w.saturating_sub(2) as usize,
            )
        } else {
            (x, y + 1, room)
        };
        c.text(mx, my, &marker, mroom, theme.dim());
    }
}

fn needs_marker(l: &ChartLayout, p: u32, state: &AppState, theme: &Theme) -> Option<String> {
    let r = state.current()?;
    let placed = &l.placed[p as usize];
    let local = l.needs(p);
    let Node::Step(i) = placed.node else {
        return None;
    };
    let first = match local.first() {
        Some(&j) => text::clean(&r.roadmap.steps[j as usize].title).into_owned(),
        None => r.roadmap.steps[i as usize]
            .requires
            .iter()
            .find_map(|q| match q {
                StepRef::External { roadmap, step } => {
                    Some(format!("{}/{}", text::clean(roadmap), text::clean(step)))
                }
                StepRef::Local(_) => None,
            })?,
    };
    let more = local.len() + placed.external_needs as usize - 1;
    let arrow = if theme.unicode { "↳" } else { "->" };
    let mut s = format!(" {arrow} needs {first}");
    if more > 0 {
        // Fit the title so the count stays visible.
        let count = format!(" +{more}");
        let room = placed.rect.w.saturating_sub(4) as usize;
        s = format!("{}{count}", text::fit(&s, room.saturating_sub(count.len())));
    }
    s.push(' ');
    Some(s)
}
