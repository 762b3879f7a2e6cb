// Kept apart from metrics.ts so that screens can rank without bundling the holiday calendar.
import type { GridMonth } from './metrics'

/**
 * 流动红旗 (seed: the rotating red flag for the best grid of the month): the grid with the best
 * on-time rate, then satisfaction, then response; a grid with nothing received is not ranked.
 */
export function rankForFlag<G extends GridMonth>(grids: readonly G[]): G[] {
  const score = (r: number | null) => (r === null ? -1 : r)
  return grids
    .filter((g) => g.received > 0 || g.closed > 0)
    .slice()
    .sort(
      (a, b) =>
        score(b.onTimeRate) - score(a.onTimeRate) ||
        score(b.satisfactionRate) - score(a.satisfactionRate) ||
        score(b.responseRate) - score(a.responseRate) ||
        b.received - a.received,
    )
}
