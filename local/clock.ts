/**
 * The local functions' clock (serverNow in cloudfunctions/core/db.ts): the wall clock plus an
 * offset in LOCAL_CLOCK_OFFSET_MS, which the bundled functions read from their environment as
 * they would in CloudBase. Tests and the demo set it to the instant they name; `POST /dev/clock`
 * moves it to try what happens on the day.
 */
import { wallMs } from '../src/clock'

/** From now on the functions read `at`, and their clock runs on from there. */
export function setFunctionsClock(at: Date): void {
  process.env.LOCAL_CLOCK_OFFSET_MS = String(at.getTime() - wallMs())
}

export function functionsClockOffsetMs(): number {
  return Number(process.env.LOCAL_CLOCK_OFFSET_MS || 0)
}
