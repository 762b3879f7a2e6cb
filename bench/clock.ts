/**
 * Benchmarks name their date too (one clock, src/clock.ts): data sets, seeds and the functions'
 * clock start at BENCH_AT, a Wednesday morning, and run on at the wall clock's pace.
 */
import { clockFrom } from '../src/clock'

export const BENCH_AT = new Date('2026-11-25T10:00:00+08:00')
export const benchClock = clockFrom(BENCH_AT)
