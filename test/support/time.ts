/** A Beijing wall-clock time as an instant: `bj('2026-11-24T10:00:00')` (tests name their dates). */
export const bj = (local: string): Date => new Date(`${local}+08:00`)
