//! The plots of `ccsim teach`'s lessons: line charts in black and grey that read in
//! black and white (line styles and markers tell the series apart), a target as a
//! dashed line. Each function takes numbers and returns the SVG document.

use plotters::prelude::*;

use super::{SIZE, failed};
use crate::error::{Error, Result};

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pen {
    /// Thick black line.
    Black,
    /// Thin grey line.
    Grey,
    /// Dashed grey line.
    Dashed,
    /// No line: markers only.
    None,
}

/// The marker at each point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    None,
    /// Filled black circle.
    Dot,
    /// Hollow square.
    Square,
    /// Cross.
    Cross,
}

/// One named series of (x, y) points; a NaN y breaks the line there.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub pen: Pen,
    pub marker: Marker,
    /// Vertical error bars: (x, low, high).
    pub bars: Vec<(f64, f64, f64)>,
}

impl Series {
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>, pen: Pen, marker: Marker) -> Self {
        Series {
            name: name.into(),
            points,
            pen,
            marker,
            bars: Vec::new(),
        }
    }
}

/// A chart's frame: title, axes and their ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// Label y as percentages (the values are shares).
    pub y_percent: bool,
    /// x holds log10 of the values: label 10^x.
    pub x_log10: bool,
    /// Whole numbers on the x axis.
    pub x_whole: bool,
    /// A target as a dashed horizontal line, with its legend name.
    pub target: Option<(f64, String)>,
    /// Where the legend goes (where the series leave room).
    pub legend: Corner,
}

/// A corner of the plotting area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

const GREY: RGBColor = RGBColor(128, 128, 128);

/// Runs of consecutive finite points (a NaN y ends a run).
fn runs(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for &(x, y) in points {
        if x.is_finite() && y.is_finite() {
            if let Some(last) = out.last_mut() {
                last.push((x, y));
            }
        } else if out.last().is_some_and(|l| !l.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// A line chart of `series` in `frame`.
pub fn line_chart_svg(frame: &Frame, series: &[Series]) -> Result<String> {
    let (x0, x1) = frame.x;
    let (y0, y1) = frame.y;
    if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite())
        || x1 <= x0
        || y1 <= y0
    {
        return Err(Error::Failure(format!(
            "cannot draw `{}`: its axes have no range",
            frame.title
        )));
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&frame.title, ("sans-serif", 18))
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(failed)?;
        let x_fmt = |x: &f64| {
            if frame.x_log10 {
                format!("{}", (10f64.powf(*x) * 1000.0).round() / 1000.0)
            } else if frame.x_whole {
                format!("{:.0}", x)
            } else {
                format!("{}", (x * 1000.0).round() / 1000.0)
            }
        };
        let y_fmt = |y: &f64| {
            if frame.y_percent {
                format!("{:.0}%", y * 100.0)
            } else {
                format!("{}", (y * 1000.0).round() / 1000.0)
            }
        };
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(frame.x_desc.as_str())
            .y_desc(frame.y_desc.as_str())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .light_line_style(WHITE.mix(0.0));
        if frame.x_log10 {
            mesh.x_labels((x1 - x0).round().max(1.0) as usize + 1);
        } else if frame.x_whole {
            mesh.x_labels(((x1 - x0).round() as usize + 1).min(12));
        }
        mesh.draw().map_err(failed)?;
        for s in series {
            for run in runs(&s.points) {
                match s.pen {
                    Pen::Black => {
                        chart
                            .draw_series(LineSeries::new(run.clone(), BLACK.stroke_width(2)))
                            .map_err(failed)?;
                    }
                    Pen::Grey => {
                        chart
                            .draw_series(LineSeries::new(run.clone(), GREY.stroke_width(2)))
                            .map_err(failed)?;
                    }
                    Pen::Dashed => {
                        chart
                            .draw_series(DashedLineSeries::new(
                                run.clone(),
                                8,
                                5,
                                GREY.stroke_width(2),
                            ))
                            .map_err(failed)?;
                    }
                    Pen::None => {}
                }
                match s.marker {
                    Marker::None => {}
                    Marker::Dot => {
                        chart
                            .draw_series(run.iter().map(|&p| Circle::new(p, 4, BLACK.filled())))
                            .map_err(failed)?;
                    }
                    Marker::Square => {
                        chart
                            .draw_series(run.iter().map(|&p| {
                                EmptyElement::at(p)
                                    + Rectangle::new([(-4, -4), (4, 4)], BLACK.stroke_width(2))
                            }))
                            .map_err(failed)?;
                    }
                    Marker::Cross => {
                        chart
                            .draw_series(
                                run.iter().map(|&p| Cross::new(p, 5, BLACK.stroke_width(2))),
                            )
                            .map_err(failed)?;
                    }
                }
            }
            // the legend entry, drawn once whatever the runs
            let anno = chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
                .map_err(failed)?
                .label(s.name.as_str());
            let (colour, width) = match s.pen {
                Pen::Black => (BLACK, 2),
                Pen::Grey | Pen::Dashed => (GREY, 2),
                Pen::None => (WHITE, 0),
            };
            let line = move |(x, y): (i32, i32)| {
                let ends = if s.pen == Pen::None {
                    vec![]
                } else {
                    vec![(0, 0), (20, 0)]
                };
                EmptyElement::at((x, y)) + PathElement::new(ends, colour.stroke_width(width))
            };
            match (s.pen, s.marker) {
                (Pen::Dashed, _) => {
                    anno.legend(|(x, y)| {
                        EmptyElement::at((x, y))
                            + PathElement::new(vec![(0, 0), (7, 0)], GREY.stroke_width(2))
                            + PathElement::new(vec![(13, 0), (20, 0)], GREY.stroke_width(2))
                    });
                }
                (_, Marker::None) => {
                    anno.legend(line);
                }
                (_, Marker::Dot) => {
                    anno.legend(move |p| line(p) + Circle::new((10, 0), 4, BLACK.filled()));
                }
                (_, Marker::Square) => {
                    anno.legend(move |p| {
                        line(p) + Rectangle::new([(6, -4), (14, 4)], BLACK.stroke_width(2))
                    });
                }
                (_, Marker::Cross) => {
                    anno.legend(move |p| line(p) + Cross::new((10, 0), 5, BLACK.stroke_width(2)));
                }
            }
            for &(x, lo, hi) in s.bars.iter().filter(|b| b.1.is_finite() && b.2.is_finite()) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, lo.max(y0)), (x, hi.min(y1))],
                        BLACK,
                    )))
                    .map_err(failed)?;
            }
        }
        if let Some((t, name)) = &frame.target {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x0, *t), (x1, *t)],
                    4,
                    4,
                    BLACK.stroke_width(1),
                ))
                .map_err(failed)?
                .label(name.as_str())
                .legend(|(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(0, 0), (5, 0)], BLACK)
                        + PathElement::new(vec![(9, 0), (14, 0)], BLACK)
                        + PathElement::new(vec![(18, 0), (20, 0)], BLACK)
                });
        }
        chart
            .configure_series_labels()
            .position(match frame.legend {
                Corner::UpperLeft => SeriesLabelPosition::UpperLeft,
                Corner::UpperRight => SeriesLabelPosition::UpperRight,
                Corner::LowerLeft => SeriesLabelPosition::LowerLeft,
                Corner::LowerRight => SeriesLabelPosition::LowerRight,
            })
            .background_style(WHITE)
            .border_style(BLACK)
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_has_its_title_axes_series_and_target() {
        let frame = Frame {
            title: "Agents against teams".into(),
            x_desc: "teams".into(),
            y_desc: "agents".into(),
            x: (1.0, 11.0),
            y: (0.0, 50.0),
            y_percent: false,
            x_log10: false,
            x_whole: true,
            target: Some((20.0, "a target".into())),
            legend: Corner::UpperLeft,
        };
        let series = [
            Series::new(
                "agents needed",
                (1..=11)
                    .map(|k| (k as f64, 14.0 + 2.0 * k as f64))
                    .collect(),
                Pen::Black,
                Marker::Dot,
            ),
            Series::new(
                "offered load",
                vec![(1.0, 10.0), (f64::NAN, f64::NAN), (11.0, 10.0)],
                Pen::Dashed,
                Marker::None,
            ),
            Series::new("points", vec![(3.0, 30.0)], Pen::None, Marker::Square),
        ];
        let svg = line_chart_svg(&frame, &series).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for text in [
            "Agents against teams",
            "teams",
            "agents",
            "agents needed",
            "offered load",
            "points",
            "a target",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        let flat = Frame {
            y: (1.0, 1.0),
            ..frame
        };
        assert!(line_chart_svg(&flat, &series).is_err());
    }
}
