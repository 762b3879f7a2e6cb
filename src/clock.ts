/**
 * The one module that reads the wall clock (DEVELOPERS.md, "One clock"). Everything else takes
 * time as an argument: rules, seeds, tests and helpers are given a `Clock` or an instant, so a
 * test names its dates and the suite passes on any day. The lint rule `no-restricted-syntax`
 * (eslint.config.mjs) refuses `new Date()`, `Date.now()` and `dayjs()` without arguments
 * everywhere but here.
 */
export type Clock = () => Date

/** The system clock: production's, and the local environment's own (timers, signed links). */
export const wallClock: Clock = () => new Date()

/** The system clock in milliseconds, for ids and expiry stamps. */
export const wallMs = (): number => Date.now()

/** A clock that starts at `at` and runs at the wall clock's pace (tests, the demo seed). */
export function clockFrom(at: Date | string): Clock {
  const offsetMs = new Date(at).getTime() - Date.now()
  return () => new Date(Date.now() + offsetMs)
}
