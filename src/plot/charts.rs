//! The report's charts: curves over the week in stacked panels (staffing, KPIs per
//! interval with their confidence band, backlog), a heat map (occupancy per group and
//! interval), distribution functions of waits, and estimates with their intervals (per
//! variant, against a swept value). Every chart is black and grey on white, draws its
//! target dashed and names its series in a legend, so it reads printed in black and
//! white. Numbers in, SVG text out.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::failed;
use crate::error::{Error, Result};

/// Width of every chart, pixels.
pub const WIDTH: u32 = 900;
/// Height of one panel of a stacked chart, pixels.
pub const PANEL_HEIGHT: u32 = 230;
/// Height of the title band of a stacked chart, pixels.
const TITLE_HEIGHT: u32 = 36;

const GREY: RGBColor = RGBColor(120, 120, 120);
const LIGHT: RGBColor = RGBColor(215, 215, 215);
const MID: RGBColor = RGBColor(150, 150, 150);

/// How a panel's values read on its axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Shares, shown as percentages (the axis runs from 0 to 100%).
    Share,
    /// Seconds, shown as durations.
    Seconds,
    /// Plain numbers (agents, contacts).
    Number,
}

impl Scale {
    fn label(self, v: f64) -> String {
        match self {
            Scale::Share => format!("{:.0}%", v * 100.0),
            Scale::Seconds => crate::duration::format_duration_s(v.max(0.0).round()),
            Scale::Number => {
                if (v - v.round()).abs() < 1e-9 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                }
            }
        }
    }
}

/// The unit to show durations up to `max_s` in: (seconds per unit, its name).
fn time_unit(max_s: f64) -> (f64, &'static str) {
    if max_s > 5.0 * 3600.0 {
        (3600.0, "h")
    } else if max_s > 300.0 {
        (60.0, "min")
    } else {
        (1.0, "s")
    }
}

/// A panel of seconds as plain numbers in the unit that suits its largest value (its
/// axis then has round ticks: 10 min, not 16m40s); other panels as they are.
fn in_unit(p: &Panel) -> Panel {
    if p.scale != Scale::Seconds {
        return p.clone();
    }
    let (u, name) = time_unit(y_range(p).1 / 1.4);
    let div = |v: &Option<f64>| v.map(|x| x / u);
    Panel {
        name: p.name.clone(),
        y_desc: format!("{} ({name})", p.y_desc),
        scale: Scale::Number,
        lines: p
            .lines
            .iter()
            .map(|l| Line {
                label: l.label.clone(),
                values: l.values.iter().map(div).collect(),
                stroke: l.stroke,
            })
            .collect(),
        band: p.band.as_ref().map(|(label, b)| {
            (
                label.clone(),
                b.iter().map(|x| x.map(|(a, b)| (a / u, b / u))).collect(),
            )
        }),
        target: p.target.as_ref().map(|(l, t)| (l.clone(), t / u)),
        marks: p.marks.clone(),
    }
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// Black, 2 px.
    Bold,
    /// Grey, 1 px.
    Thin,
    /// Grey, 2 px.
    Grey,
    /// Black, dashed.
    Dashed,
}

/// One named series over the intervals of a panel (`None`: no value there).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub stroke: Stroke,
}

/// A band per interval: (low, high), `None` where there is none.
pub type Band = Vec<Option<(f64, f64)>>;

/// One panel of curves over the intervals of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// What the panel shows (`L1 universal`, `voice: service level (20s)`).
    pub name: String,
    /// The vertical axis, with its unit (`agents`, `service level`).
    pub y_desc: String,
    pub scale: Scale,
    pub lines: Vec<Line>,
    /// A band around the first line, per interval: (low, high).
    pub band: Option<(String, Band)>,
    /// A target, drawn as a dashed line: (label, value).
    pub target: Option<(String, f64)>,
    /// Intervals to mark along the bottom (under-staffed, missed): (label, marked).
    pub marks: Option<(String, Vec<bool>)>,
}

/// The horizontal axis of curves over the horizon: intervals of a repeating week
/// (labelled by weekday) or of a dated stretch (labelled by day).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeAxis {
    pub interval_s: f64,
    pub intervals: usize,
    /// A repeating week starting on Monday 00:00.
    pub week: bool,
}

impl TimeAxis {
    /// Hours per unit of the axis: days for spans over three days (whole days then
    /// fall on the axis' round numbers), else hours.
    fn unit_h(&self) -> f64 {
        if self.intervals as f64 * self.interval_s > 3.0 * 86400.0 {
            24.0
        } else {
            1.0
        }
    }

    /// The axis' length, in its units.
    fn span(&self) -> f64 {
        (self.intervals as f64 * self.interval_s / 3600.0 / self.unit_h()).max(1e-9)
    }

    /// The middle of interval `i`, in the axis' units.
    fn at(&self, i: usize) -> f64 {
        (i as f64 + 0.5) * self.width()
    }

    /// One interval, in the axis' units.
    fn width(&self) -> f64 {
        self.interval_s / 3600.0 / self.unit_h()
    }

    /// Labels wanted along the axis.
    fn labels(&self) -> usize {
        if self.unit_h() > 1.0 {
            (self.span().ceil() as usize + 1).min(16)
        } else {
            13
        }
    }

    fn label(&self, x: f64) -> String {
        let hours = x * self.unit_h();
        let day = (hours / 24.0 + 1e-9).floor();
        let d = day.max(0.0) as usize;
        if self.unit_h() > 1.0 {
            if (x - x.round()).abs() > 1e-6 {
                return String::new();
            }
            return if self.week {
                crate::scenario::DAY_NAMES[d % 7].to_string()
            } else {
                format!("day {}", d + 1)
            };
        }
        let m = ((hours - day * 24.0) * 60.0).round() as u32;
        format!("{:02}:{:02}", m / 60, m % 60)
    }

    fn desc(&self) -> String {
        match (self.week, self.unit_h() > 1.0) {
            (true, true) => "day of the week (UTC; each day starts at its label)".into(),
            (true, false) => "time of day (UTC)".into(),
            (false, true) => "day of the run (UTC)".into(),
            (false, false) => "time (UTC)".into(),
        }
    }
}

/// The range a panel's axis spans: shares 0..1 (beyond 1 if a value is), others from
/// 0 to 10% above the largest value or target.
fn y_range(p: &Panel) -> (f64, f64) {
    let mut hi = p.target.as_ref().map_or(0.0, |t| t.1);
    for l in &p.lines {
        hi = l.values.iter().flatten().fold(hi, |a, v| a.max(*v));
    }
    if let Some((_, band)) = &p.band {
        hi = band.iter().flatten().fold(hi, |a, v| a.max(v.1));
    }
    if p.scale == Scale::Share {
        hi = hi.min(1.0);
    }
    if !hi.is_finite() {
        hi = 1.0;
    }
    match p.scale {
        // service levels read against 0–100%; small shares (abandonment) get room
        Scale::Share if hi >= 0.5 => (0.0, 1.0),
        // room above the curves for the legend
        Scale::Share => (0.0, (hi * 1.4).clamp(0.01, 1.0)),
        _ => (0.0, if hi > 0.0 { hi * 1.4 } else { 1.0 }),
    }
}

/// Runs of consecutive intervals with a value: each a list of (x, y).
fn runs(axis: &TimeAxis, values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut open = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(y) if y.is_finite() => {
                if !open {
                    out.push(Vec::new());
                    open = true;
                }
                if let Some(run) = out.last_mut() {
                    run.push((axis.at(i), *y));
                }
            }
            _ => open = false,
        }
    }
    out
}

fn style_of(s: Stroke) -> ShapeStyle {
    match s {
        Stroke::Bold => BLACK.stroke_width(2),
        Stroke::Thin => GREY.stroke_width(1),
        Stroke::Grey => MID.stroke_width(2),
        Stroke::Dashed => BLACK.stroke_width(1),
    }
}

fn legend_line<DB: DrawingBackend>(
    s: Stroke,
) -> impl Fn((i32, i32)) -> DynElement<'static, DB, (i32, i32)> {
    move |(x, y)| match s {
        Stroke::Dashed => {
            DashedPathElement::new(vec![(x, y), (x + 20, y)], 4, 3, style_of(s)).into_dyn()
        }
        _ => PathElement::new(vec![(x, y), (x + 20, y)], style_of(s)).into_dyn(),
    }
}

/// A stacked chart: `panels` one under the other, sharing the time axis.
pub fn panels_svg(title: &str, axis: &TimeAxis, panels: &[Panel]) -> Result<String> {
    if panels.is_empty() || axis.intervals == 0 {
        return Err(Error::Failure(format!(
            "the chart `{title}` has nothing to draw"
        )));
    }
    stacked(title, panels.len(), |area, i| panel(area, axis, &panels[i]))
}

/// A chart of `n` panels one under the other below `title`, each drawn by `draw`.
fn stacked(
    title: &str,
    n: usize,
    mut draw: impl FnMut(&DrawingArea<SVGBackend, Shift>, usize) -> Result<()>,
) -> Result<String> {
    let height = TITLE_HEIGHT + PANEL_HEIGHT * n as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let body = root.titled(title, ("sans-serif", 20)).map_err(failed)?;
        for (i, area) in body.split_evenly((n, 1)).iter().enumerate() {
            draw(area, i)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// A panel's x-y chart on `area` over `x` × `y`, captioned, with room for the axis
/// labels.
fn xy_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>> {
    ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 15))
        .margin_left(8)
        .margin_right(16)
        .x_label_area_size(34)
        .y_label_area_size(64)
        .build_cartesian_2d(x, y)
        .map_err(failed)
}

/// The light grid, axis labels and descriptions every x-y chart here draws: `x_labels`
/// and `y_labels` ticks where given, else plotters' choice.
fn draw_mesh<'a, 'b>(
    chart: &mut ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    (x_desc, y_desc): (&str, &str),
    x_fmt: &dyn Fn(&f64) -> String,
    y_fmt: &dyn Fn(&f64) -> String,
    (x_labels, y_labels): (Option<usize>, Option<usize>),
) -> Result<()> {
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(x_fmt)
        .y_label_formatter(y_fmt)
        .max_light_lines(0)
        .bold_line_style(LIGHT.stroke_width(1))
        .label_style(("sans-serif", 11))
        .axis_desc_style(("sans-serif", 12));
    if let Some(n) = x_labels {
        mesh.x_labels(n);
    }
    if let Some(n) = y_labels {
        mesh.y_labels(n);
    }
    mesh.draw().map_err(failed)
}

/// The legend box of a chart, in `corner`.
fn legend<'a, 'b: 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'b>, CT>,
    corner: SeriesLabelPosition,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(corner)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font(("sans-serif", 11))
        .draw()
        .map_err(failed)
}

fn panel(area: &DrawingArea<SVGBackend, Shift>, axis: &TimeAxis, p: &Panel) -> Result<()> {
    let p = &in_unit(p);
    let (lo, hi) = y_range(p);
    let h = axis.span();
    let mut chart = ChartBuilder::on(area)
        .caption(&p.name, ("sans-serif", 15))
        .margin_left(8)
        .margin_right(16)
        .margin_top(4)
        .x_label_area_size(34)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..h, lo..hi)
        .map_err(failed)?;
    let scale = p.scale;
    let y_fmt = move |v: &f64| scale.label(*v);
    let x_fmt = |v: &f64| axis.label(*v);
    draw_mesh(
        &mut chart,
        (&axis.desc(), &p.y_desc),
        &x_fmt,
        &y_fmt,
        (Some(axis.labels()), Some(6)),
    )?;
    if let Some((label, band)) = &p.band {
        let mut first = true;
        let mut start = None;
        let mut flush = |from: usize, to: usize, chart: &mut ChartContext<_, _>| -> Result<()> {
            let mut pts: Vec<(f64, f64)> = (from..to)
                .filter_map(|i| band[i].map(|b| (axis.at(i), b.1.clamp(lo, hi))))
                .collect();
            pts.extend(
                (from..to)
                    .rev()
                    .filter_map(|i| band[i].map(|b| (axis.at(i), b.0.clamp(lo, hi)))),
            );
            let series = chart
                .draw_series(std::iter::once(Polygon::new(pts, LIGHT.filled())))
                .map_err(failed)?;
            if first {
                series
                    .label(label.as_str())
                    .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], LIGHT.filled()));
                first = false;
            }
            Ok(())
        };
        for i in 0..=band.len() {
            let ok = band
                .get(i)
                .is_some_and(|b| b.is_some_and(|(a, b)| a.is_finite() && b.is_finite()));
            match (ok, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    flush(s, i, &mut chart)?;
                    start = None;
                }
                _ => {}
            }
        }
    }
    for line in &p.lines {
        let mut first = true;
        for run in runs(axis, &line.values) {
            let style = style_of(line.stroke);
            let series = if line.stroke == Stroke::Dashed {
                chart
                    .draw_series(DashedLineSeries::new(run, 5, 3, style))
                    .map_err(failed)?
            } else if run.len() == 1 {
                chart
                    .draw_series(std::iter::once(Circle::new(run[0], 2, style.filled())))
                    .map_err(failed)?
            } else {
                chart
                    .draw_series(LineSeries::new(run, style))
                    .map_err(failed)?
            };
            if first {
                series
                    .label(line.label.as_str())
                    .legend(legend_line(line.stroke));
                first = false;
            }
        }
    }
    if let Some((label, t)) = &p.target {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, *t), (h, *t)],
                8,
                5,
                BLACK.stroke_width(1),
            ))
            .map_err(failed)?
            .label(label.as_str())
            .legend(legend_line(Stroke::Dashed));
    }
    if let Some((label, marks)) = &p.marks {
        let bar = (hi - lo) * 0.035;
        let width = axis.width();
        let rects: Vec<_> = marks
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| {
                let x0 = i as f64 * width;
                Rectangle::new([(x0, lo), (x0 + width, lo + bar)], BLACK.filled())
            })
            .collect();
        if !rects.is_empty() {
            chart
                .draw_series(rects)
                .map_err(failed)?
                .label(label.as_str())
                .legend(|(x, y)| Rectangle::new([(x, y - 3), (x + 20, y + 3)], BLACK.filled()));
        }
    }
    // service levels run high: their legend goes below them
    let corner = if p.scale == Scale::Share && hi >= 1.0 {
        SeriesLabelPosition::LowerRight
    } else {
        SeriesLabelPosition::UpperRight
    };
    legend(&mut chart, corner)?;
    Ok(())
}

/// One row of a heat map: a name and a value per interval (`None`: nothing there).
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A heat map of shares (0..1) per row and interval: grey from white (0%) to black
/// (100%) in 2% steps; an interval without a value is left white.
pub fn heat_map_svg(title: &str, axis: &TimeAxis, rows: &[HeatRow], what: &str) -> Result<String> {
    if rows.is_empty() || axis.intervals == 0 {
        return Err(Error::Failure(format!(
            "the chart `{title}` has nothing to draw"
        )));
    }
    let height = TITLE_HEIGHT + 110 + 26 * rows.len() as u32;
    let n = rows.len() as i32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let body = root.titled(title, ("sans-serif", 20)).map_err(failed)?;
        let (map, key) = body.split_vertically(height - TITLE_HEIGHT - 44);
        let h = axis.span();
        let mut chart = ChartBuilder::on(&map)
            .margin_left(8)
            .margin_right(16)
            .x_label_area_size(34)
            .y_label_area_size(150)
            .build_cartesian_2d(0.0..h, (0..n - 1).into_segmented())
            .map_err(failed)?;
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        let y_fmt = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => usize::try_from(n - 1 - *i)
                .ok()
                .and_then(|k| names.get(k))
                .map_or(String::new(), |s| (*s).to_string()),
            SegmentValue::Last => String::new(),
        };
        let x_fmt = |v: &f64| axis.label(*v);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(axis.desc())
            .y_desc(what)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .y_labels(rows.len())
            .x_labels(axis.labels())
            .label_style(("sans-serif", 11))
            .axis_desc_style(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        let width = axis.width();
        for (k, row) in rows.iter().enumerate() {
            let y = n - 1 - k as i32;
            // grey in 2% steps; neighbouring intervals of the same step are one rectangle
            let grey = |v: &Option<f64>| match v {
                Some(v) if v.is_finite() => {
                    let step = (v.clamp(0.0, 1.0) * 50.0).round() / 50.0;
                    (255.0 * (1.0 - step)).round() as u8
                }
                _ => 255,
            };
            let mut cells = Vec::new();
            let mut i = 0;
            while i < row.values.len() {
                let g = grey(&row.values[i]);
                let mut j = i + 1;
                while j < row.values.len() && grey(&row.values[j]) == g {
                    j += 1;
                }
                if g < 255 {
                    cells.push(Rectangle::new(
                        [
                            (i as f64 * width, SegmentValue::Exact(y)),
                            (j as f64 * width, SegmentValue::Exact(y + 1)),
                        ],
                        RGBColor(g, g, g).filled(),
                    ));
                }
                i = j;
            }
            chart.draw_series(cells).map_err(failed)?;
        }
        // the key: eleven steps from 0% to 100%
        let key = key.margin(8, 4, 158, 16);
        let steps = 11;
        let (w, _) = key.dim_in_pixel();
        let cell = (w as i32 / (steps + 4)).max(10);
        for s in 0..steps {
            let v = f64::from(s) / f64::from(steps - 1);
            let g = (255.0 * (1.0 - v)).round() as u8;
            let x = s * cell;
            key.draw(&Rectangle::new(
                [(x, 0), (x + cell, 14)],
                RGBColor(g, g, g).filled(),
            ))
            .map_err(failed)?;
            key.draw(&Rectangle::new(
                [(x, 0), (x + cell, 14)],
                GREY.stroke_width(1),
            ))
            .map_err(failed)?;
            key.draw(&Text::new(
                format!("{:.0}%", v * 100.0),
                (x + 2, 18),
                ("sans-serif", 10),
            ))
            .map_err(failed)?;
        }
        key.draw(&Text::new(
            format!("{what} (white: 0% or nobody on duty)"),
            (steps * cell + 10, 2),
            ("sans-serif", 11),
        ))
        .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// One panel of distribution functions: the share of contacts waiting at most x.
#[derive(Debug, Clone, PartialEq)]
pub struct CdfPanel {
    pub name: String,
    /// Points (seconds, share) of each named curve, in increasing seconds.
    pub curves: Vec<(String, Vec<(f64, f64)>)>,
    /// The right end of the axis, seconds.
    pub max_s: f64,
    /// What the horizontal axis measures (`wait`, `response time`).
    pub x_desc: String,
    /// What the vertical axis measures (`share waiting at most`).
    pub y_desc: String,
    /// The target: (label, T seconds, the share to reach within T if any).
    pub target: Option<(String, f64, Option<f64>)>,
}

/// Distribution functions, one panel each (waits per queue; a fit's observed and fitted
/// curves), with a target's time (and share) marked. The first curve is bold, the
/// next grey, then dashed, then thin grey.
pub fn cdf_svg(title: &str, panels: &[CdfPanel]) -> Result<String> {
    if panels.is_empty() {
        return Err(Error::Failure(format!(
            "the chart `{title}` has nothing to draw"
        )));
    }
    stacked(title, panels.len(), |area, i| {
        let p = &panels[i];
        {
            let max_s = if p.max_s > 0.0 && p.max_s.is_finite() {
                p.max_s
            } else {
                1.0
            };
            let (u, unit) = time_unit(max_s);
            let mut chart = xy_chart(area, &p.name, 0.0..max_s / u, 0.0..1.0)?;
            let x_fmt = |v: &f64| Scale::Number.label(*v);
            let y_fmt = |v: &f64| Scale::Share.label(*v);
            let x_desc = format!("{} ({unit})", p.x_desc);
            draw_mesh(
                &mut chart,
                (&x_desc, &p.y_desc),
                &x_fmt,
                &y_fmt,
                (None, None),
            )?;
            for (k, (label, pts)) in p.curves.iter().enumerate() {
                // the first curve bold (the observed), the others apart in grey and dashes
                let stroke = [Stroke::Bold, Stroke::Grey, Stroke::Dashed, Stroke::Thin][k.min(3)];
                let pts: Vec<(f64, f64)> = pts
                    .iter()
                    .copied()
                    .filter(|(x, y)| x.is_finite() && y.is_finite() && *x <= max_s)
                    .map(|(x, y)| (x / u, y))
                    .collect();
                if stroke == Stroke::Dashed {
                    chart
                        .draw_series(DashedLineSeries::new(pts, 6, 4, style_of(stroke)))
                        .map_err(failed)?
                        .label(label.as_str())
                        .legend(legend_line(stroke));
                } else {
                    chart
                        .draw_series(LineSeries::new(pts, style_of(stroke)))
                        .map_err(failed)?
                        .label(label.as_str())
                        .legend(legend_line(stroke));
                }
            }
            if let Some((label, t, share)) = &p.target {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(*t / u, 0.0), (*t / u, 1.0)],
                        8,
                        5,
                        BLACK.stroke_width(1),
                    ))
                    .map_err(failed)?
                    .label(label.as_str())
                    .legend(legend_line(Stroke::Dashed));
                if let Some(s) = share {
                    chart
                        .draw_series(DashedLineSeries::new(
                            vec![(0.0, *s), (max_s / u, *s)],
                            8,
                            5,
                            BLACK.stroke_width(1),
                        ))
                        .map_err(failed)?;
                }
            }
            legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        }
        Ok(())
    })
}

/// An estimate with its 95% confidence half-width.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The variant's name, or the swept value's label.
    pub label: String,
    /// The swept value (for [`swept_svg`]); the variant's position otherwise.
    pub x: f64,
    pub mean: f64,
    pub half_width: f64,
}

/// One panel of estimates with intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct PointPanel {
    pub name: String,
    pub y_desc: String,
    pub scale: Scale,
    pub points: Vec<Point>,
    pub target: Option<(String, f64)>,
}

/// KPIs per variant (compare) or against a swept value (sweep): a dot per estimate
/// with its 95% interval as an error bar, joined by a line when `joined` (a sweep),
/// the target dashed. `categorical`: the x values are places of named categories (only
/// they are labelled), else numbers on a scale.
pub fn points_svg(
    title: &str,
    x_desc: &str,
    panels: &[PointPanel],
    joined: bool,
    categorical: bool,
) -> Result<String> {
    if panels.is_empty() || panels.iter().all(|p| p.points.is_empty()) {
        return Err(Error::Failure(format!(
            "the chart `{title}` has nothing to draw"
        )));
    }
    stacked(title, panels.len(), |area, i| {
        let p = &panels[i];
        {
            let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
            let converted;
            let p = if p.scale == Scale::Seconds {
                let top = p
                    .points
                    .iter()
                    .map(|q| finite(q.mean) + finite(q.half_width))
                    .fold(p.target.as_ref().map_or(0.0, |t| t.1), f64::max);
                let (u, name) = time_unit(top);
                converted = PointPanel {
                    name: p.name.clone(),
                    y_desc: format!("{} ({name})", p.y_desc),
                    scale: Scale::Number,
                    points: p
                        .points
                        .iter()
                        .map(|q| Point {
                            label: q.label.clone(),
                            x: q.x,
                            mean: q.mean / u,
                            half_width: q.half_width / u,
                        })
                        .collect(),
                    target: p.target.as_ref().map(|(l, t)| (l.clone(), t / u)),
                };
                &converted
            } else {
                p
            };
            let xs = p.points.iter().map(|q| q.x);
            let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                (a.min(x), b.max(x))
            });
            let pad = if x1 > x0 { (x1 - x0) * 0.08 } else { 0.5 };
            let (x0, x1) = (x0 - pad, x1 + pad);
            // every KPI drawn here is at least 0, shares at most 1: intervals are cut there
            let top = if p.scale == Scale::Share {
                1.0
            } else {
                f64::INFINITY
            };
            let clip = |v: f64| finite(v).clamp(0.0, top);
            let mut hi = p.target.as_ref().map_or(0.0, |t| t.1);
            for q in &p.points {
                hi = hi.max(clip(q.mean + finite(q.half_width)));
            }
            let high_shares = p.scale == Scale::Share
                && p.points
                    .iter()
                    .all(|q| !q.mean.is_finite() || q.mean >= 0.5);
            let lo = 0.0;
            // room above the points for the legend (shares that run high: below them)
            let hi = if p.scale == Scale::Share && (high_shares || hi * 1.4 > 1.0) {
                1.0
            } else if hi > 0.0 {
                hi * 1.4
            } else {
                1.0
            };
            let labels: Vec<(f64, String)> =
                p.points.iter().map(|q| (q.x, q.label.clone())).collect();
            let mut chart = xy_chart(area, &p.name, x0..x1, lo..hi)?;
            // categories (variants, points of a grid) are labelled at their places only
            let x_fmt = |v: &f64| match labels.iter().find(|(x, _)| (x - v).abs() < 1e-9) {
                Some((_, l)) => l.clone(),
                None if categorical => String::new(),
                None => Scale::Number.label(*v),
            };
            let scale = p.scale;
            let y_fmt = move |v: &f64| scale.label(*v);
            draw_mesh(
                &mut chart,
                (x_desc, &p.y_desc),
                &x_fmt,
                &y_fmt,
                (None, None),
            )?;
            if joined && p.points.len() > 1 {
                chart
                    .draw_series(LineSeries::new(
                        p.points.iter().map(|q| (q.x, q.mean)),
                        GREY.stroke_width(1),
                    ))
                    .map_err(failed)?;
            }
            let cap = (x1 - x0) * 0.008;
            let mut bars = Vec::new();
            for q in p.points.iter().filter(|q| q.mean.is_finite()) {
                let h = finite(q.half_width);
                let (a, b) = (clip(q.mean - h), clip(q.mean + h));
                bars.push(PathElement::new(
                    vec![(q.x, a), (q.x, b)],
                    BLACK.stroke_width(1),
                ));
                bars.push(PathElement::new(
                    vec![(q.x - cap, a), (q.x + cap, a)],
                    BLACK.stroke_width(1),
                ));
                bars.push(PathElement::new(
                    vec![(q.x - cap, b), (q.x + cap, b)],
                    BLACK.stroke_width(1),
                ));
            }
            chart
                .draw_series(bars)
                .map_err(failed)?
                .label("95% confidence interval")
                .legend(|(x, y)| {
                    PathElement::new(
                        vec![(x + 10, y - 5), (x + 10, y + 5)],
                        BLACK.stroke_width(1),
                    )
                });
            chart
                .draw_series(
                    p.points
                        .iter()
                        .filter(|q| q.mean.is_finite())
                        .map(|q| Circle::new((q.x, q.mean), 4, BLACK.filled())),
                )
                .map_err(failed)?
                .label("mean")
                .legend(|(x, y)| Circle::new((x + 10, y), 4, BLACK.filled()));
            if let Some((label, t)) = &p.target {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(x0, *t), (x1, *t)],
                        8,
                        5,
                        BLACK.stroke_width(1),
                    ))
                    .map_err(failed)?
                    .label(label.as_str())
                    .legend(legend_line(Stroke::Dashed));
            }
            legend(
                &mut chart,
                if high_shares {
                    SeriesLabelPosition::LowerRight
                } else {
                    SeriesLabelPosition::UpperRight
                },
            )?;
        }
        Ok(())
    })
}

/// One observed value against the range two simulations allow (a replay's two
/// staffing bounds, each widened by its interval).
#[derive(Debug, Clone, PartialEq)]
pub struct Bracket {
    /// The period's name (a month's file).
    pub label: String,
    pub lo: f64,
    pub hi: f64,
    pub observed: f64,
}

impl Bracket {
    /// Whether the observed value lies in the range.
    pub fn inside(&self) -> bool {
        self.lo <= self.observed && self.observed <= self.hi
    }
}

/// One KPI's brackets, a period each.
#[derive(Debug, Clone, PartialEq)]
pub struct BracketPanel {
    pub name: String,
    pub y_desc: String,
    pub scale: Scale,
    pub brackets: Vec<Bracket>,
}

/// Observed values against their brackets, one panel per KPI: per period a grey bar
/// over the range the two simulations allow, a dot where the observed value lies in
/// it, a cross where it does not.
pub fn brackets_svg(title: &str, x_desc: &str, panels: &[BracketPanel]) -> Result<String> {
    if panels.is_empty() || panels.iter().all(|p| p.brackets.is_empty()) {
        return Err(Error::Failure(format!(
            "the chart `{title}` has nothing to draw"
        )));
    }
    stacked(title, panels.len(), |area, i| {
        let p = &panels[i];
        let finite = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
        let top = p
            .brackets
            .iter()
            .map(|b| finite(b.hi).max(finite(b.observed)))
            .fold(0.0, f64::max);
        // seconds in the unit that suits the largest; shares and numbers as they are
        let (u, y_desc, scale) = if p.scale == Scale::Seconds {
            let (u, name) = time_unit(top);
            (u, format!("{} ({name})", p.y_desc), Scale::Number)
        } else {
            (1.0, p.y_desc.clone(), p.scale)
        };
        // the legend, the same for every panel, goes on the first: room for it there
        let room = if i == 0 { 1.6 } else { 1.2 };
        let hi = if p.scale == Scale::Share {
            (top * room).min(1.0)
        } else {
            top / u * room
        };
        let hi = if hi > 0.0 { hi } else { 1.0 };
        let n = p.brackets.len();
        let x1 = n as f64 - 0.5;
        let labels: Vec<String> = p.brackets.iter().map(|b| b.label.clone()).collect();
        let mut chart = xy_chart(area, &p.name, -0.5..x1, 0.0..hi)?;
        let x_fmt = |v: &f64| {
            let k = v.round();
            if (v - k).abs() < 1e-9 && k >= 0.0 {
                labels.get(k as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        let y_fmt = move |v: &f64| scale.label(*v);
        draw_mesh(
            &mut chart,
            (x_desc, &y_desc),
            &x_fmt,
            &y_fmt,
            (Some(n + 1), None),
        )?;
        let at = |k: usize| k as f64;
        chart
            .draw_series(p.brackets.iter().enumerate().map(|(k, b)| {
                Rectangle::new(
                    [
                        (at(k) - 0.18, finite(b.lo) / u),
                        (at(k) + 0.18, finite(b.hi) / u),
                    ],
                    MID.mix(0.5).filled(),
                )
            }))
            .map_err(failed)?
            .label("between the two staffing bounds")
            .legend(|(x, y)| {
                Rectangle::new([(x + 4, y - 5), (x + 16, y + 5)], MID.mix(0.5).filled())
            });
        chart
            .draw_series(
                p.brackets
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.inside())
                    .map(|(k, b)| Circle::new((at(k), finite(b.observed) / u), 4, BLACK.filled())),
            )
            .map_err(failed)?
            .label("observed, between")
            .legend(|(x, y)| Circle::new((x + 10, y), 4, BLACK.filled()));
        chart
            .draw_series(
                p.brackets
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| !b.inside())
                    .map(|(k, b)| {
                        Cross::new((at(k), finite(b.observed) / u), 6, BLACK.stroke_width(2))
                    }),
            )
            .map_err(failed)?
            .label("observed, outside")
            .legend(|(x, y)| Cross::new((x + 10, y), 6, BLACK.stroke_width(2)));
        if i == 0 {
            legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        }
        Ok(())
    })
}
