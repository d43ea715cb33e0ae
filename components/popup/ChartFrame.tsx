/**
 * What the popup's two bar charts (today by hour, the month by day) share: the frame (the scale's
 * label, the axis, the picture in words for screen readers and under the chart), the bars and the
 * labels under them. Each chart says only which bars it draws and how it names them.
 */
import type { ComponentChildren } from 'preact';

/** The charts' drawing width (the SVG scales to the popup's). */
export const CHART_WIDTH = 300;
const HEIGHT = 64;
/** Room above the tallest bar for the scale's label. */
const PLOT_TOP = 12;

export interface ChartFrameProps {
  testId: string;
  /** The id of the caption that names the chart. */
  summaryId: string;
  /** The chart in words. */
  summary: string;
  /** The scale's label: the tallest bar's figure. */
  scale: string;
  /** The bars and the labels. */
  children: ComponentChildren;
}

/** A chart with its scale, axis and summary around `children`. */
export function ChartFrame({ testId, summaryId, summary, scale, children }: ChartFrameProps) {
  return (
    <figure class="popup-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${CHART_WIDTH} ${HEIGHT + 14}`} width="100%" role="img" aria-labelledby={summaryId}>
        <title>{summary}</title>
        <line class="popup-chart-axis" x1={0} x2={CHART_WIDTH} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} />
        <text class="popup-chart-label" x={CHART_WIDTH} y={8} text-anchor="end">
          {scale}
        </text>
        {children}
      </svg>
      <figcaption id={summaryId} class="popup-muted popup-chart-summary">
        {summary}
      </figcaption>
    </figure>
  );
}

export interface ChartBarProps {
  /** The bar's slot, from the left, and the slots' width. */
  index: number;
  slot: number;
  credits: number;
  /** The tallest bar's credits (at least 1). */
  max: number;
  /** No figure to draw (not watched, not loaded): an outline the plot's full height. */
  outline: boolean;
  /** The bar's classes, which say how it is drawn. */
  kind: string;
  /** Its tooltip. */
  title: string;
  'data-date'?: string;
  'data-state'?: string;
}

/** One bar; any credits at all show at least 2 units tall. */
export function ChartBar({ index, slot, credits, max, outline, kind, title, ...data }: ChartBarProps) {
  const plot = HEIGHT - PLOT_TOP;
  const height = outline ? plot : Math.max(credits > 0 ? 2 : 0, (credits / max) * plot);
  return (
    <rect
      class={kind}
      {...data}
      x={index * slot + 1}
      y={HEIGHT - height}
      width={Math.max(1, slot - 2)}
      height={height}
    >
      <title>{title}</title>
    </rect>
  );
}

/** A label under the bars, at `x`. */
export function ChartLabel({ x, children }: { x: number; children: ComponentChildren }) {
  return (
    <text class="popup-chart-label" x={x} y={HEIGHT + 12}>
      {children}
    </text>
  );
}
