//! The `trend --chart` SVG: one panel per client, drawn with plotters.

use std::path::Path;

use bordin::trend::Summary;
use plotters::prelude::*;

const PANEL_W: u32 = 520;
const PANEL_H: u32 = 300;

/// Draws each client's series: values by session, the cut-off line, the
/// reliable-change band around the first session, rupture and sudden-gain
/// markers, and axis labels.
pub(crate) fn draw(
    path: &Path,
    summaries: &[Summary],
    scale_label: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let n = summaries.len().max(1);
    let cols = if n == 1 { 1 } else { 2 };
    let rows = n.div_ceil(cols);
    let (w, h) = (
        PANEL_W * u32::try_from(cols)?,
        PANEL_H * u32::try_from(rows)?,
    );
    let root = SVGBackend::new(path, (w, h)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((rows, cols));
    for (panel, s) in panels.iter().zip(summaries) {
        draw_panel(panel, s, scale_label)?;
    }
    root.present()?;
    Ok(())
}

fn draw_panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    s: &Summary,
    scale_label: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let points: Vec<(f64, f64)> = s
        .sessions
        .iter()
        .zip(&s.values)
        .filter_map(|(&x, v)| v.map(|v| (f64::from(x), v)))
        .collect();
    let first_session = s.sessions.first().copied().map_or(1.0, f64::from);
    let last_session = s
        .sessions
        .last()
        .copied()
        .map_or(2.0, f64::from)
        .max(first_session + 1.0);
    let mut lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let mut hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let band = match (points.first(), s.rc_threshold) {
        (Some(&(_, v)), Some(t)) => Some((v - t, v + t)),
        _ => None,
    };
    for y in band
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .chain(s.cutoff.map(|c| c.value()))
    {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("{} — {}", s.respondent, scale_label),
            ("sans-serif", 16),
        )
        .margin(10)
        .x_label_area_size(32)
        .y_label_area_size(44)
        .build_cartesian_2d(
            (first_session - 0.5)..(last_session + 0.5),
            (lo - pad)..(hi + pad),
        )?;
    chart
        .configure_mesh()
        .x_desc("session")
        .y_desc(scale_label)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| {
            if y.fract() == 0.0 {
                format!("{y:.0}")
            } else {
                format!("{y:.1}")
            }
        })
        .light_line_style(WHITE)
        .draw()?;

    if let Some((a, b)) = band {
        let style = RGBColor(120, 160, 220).mix(0.18).filled();
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(first_session - 0.5, a), (last_session + 0.5, b)],
                style,
            )))?
            .label("reliable-change band around session 1")
            .legend(|(x, y)| {
                Rectangle::new(
                    [(x, y - 4), (x + 14, y + 4)],
                    RGBColor(120, 160, 220).mix(0.4).filled(),
                )
            });
    }
    if let Some(c) = s.cutoff {
        let y = c.value();
        chart
            .draw_series(LineSeries::new(
                [(first_session - 0.5, y), (last_session + 0.5, y)],
                RED.stroke_width(1),
            ))?
            .label(format!("cut-off {y}"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], RED));
    }
    chart.draw_series(LineSeries::new(
        points.iter().copied(),
        BLUE.stroke_width(2),
    ))?;
    chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, BLUE.filled())))?;
    let value_at = |session: u32| {
        s.sessions
            .iter()
            .position(|&x| x == session)
            .and_then(|i| s.values[i])
            .map(|v| (f64::from(session), v))
    };
    let ruptures: Vec<(f64, f64)> = s
        .ruptures
        .iter()
        .filter_map(|r| value_at(r.session))
        .collect();
    if !ruptures.is_empty() {
        chart
            .draw_series(
                ruptures
                    .iter()
                    .map(|&p| TriangleMarker::new(p, 7, RED.filled())),
            )?
            .label("rupture")
            .legend(|(x, y)| TriangleMarker::new((x + 7, y), 5, RED.filled()));
    }
    let gains: Vec<(f64, f64)> = s
        .sudden_gains
        .iter()
        .filter_map(|g| value_at(g.postgain_session))
        .collect();
    if !gains.is_empty() {
        chart
            .draw_series(
                gains
                    .iter()
                    .map(|&p| Cross::new(p, 6, GREEN.stroke_width(3))),
            )?
            .label("sudden gain")
            .legend(|(x, y)| Cross::new((x + 7, y), 4, GREEN.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    Ok(())
}
