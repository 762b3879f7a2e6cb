/**
 * The 网格绩效 (the board, the overdue list, the 台账 export) actions of the contract (src/domain/contract/metrics.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { metricsActions } from '../../../src/domain/contract/metrics'
import type { HandlersOf } from '../handlers'
import { monthMetrics, monthTrend } from './board'
import { exportLedger } from './ledger'

export const metricsHandlers: HandlersOf<typeof metricsActions> = {
  'metrics.month': monthMetrics,
  'metrics.trend': monthTrend,
  'metrics.exportLedger': exportLedger,
}
