/**
 * What every transition table is made of, and the one check that applies a row (request.ts keeps
 * its own, with the rule that nobody handles their own request). Pure; the server makes a move atomic by matching the
 * `from` status in the same conditional update.
 */

/**
 * `user` moves are buttons; `derived` ones are what a user's move turns into (a full session puts
 * a sign-up on the waitlist); `system` ones only the scheduler (or the seat algorithm) takes.
 */
export type TransitionKind = 'user' | 'derived' | 'system'

export interface TransitionRule<S extends string, R extends string> {
  from: readonly S[]
  to: S
  by: readonly R[]
  kind: TransitionKind
  label: string
}

/**
 * A table's rows, checked against its statuses and relations while keeping each row's literal
 * types (`SIGNUP_TRANSITIONS.cancel.to` is `'cancelled'`): `transitionTable<S, R>()({ … })`.
 */
export const transitionTable =
  <S extends string, R extends string>() =>
  <const T extends Record<string, TransitionRule<S, R>>>(table: T): T =>
    table

/** A label map's codes, as zod's `z.enum` wants them (a non-empty tuple). */
export const codesOf = <K extends string>(labels: Readonly<Record<K, unknown>>): [K, ...K[]] =>
  Object.keys(labels) as [K, ...K[]]

/** The buttons `relations` have now: the table's `user` moves that `check` lets through. */
export function userMoves<A extends string, S extends string, R extends string>(
  table: Readonly<Record<A, { kind: TransitionKind }>>,
  check: (status: S, action: A, relations: ReadonlySet<R>) => { ok: boolean },
): (status: S, relations: ReadonlySet<R>) => A[] {
  const buttons = (Object.keys(table) as A[]).filter((a) => table[a].kind === 'user')
  return (status, relations) => buttons.filter((a) => check(status, a, relations).ok)
}

export type TransitionResult<S extends string> =
  | { ok: true; from: S; to: S }
  | { ok: false; reason: 'forbidden' | 'conflict'; message: string }

/**
 * May someone standing in `relations` take `rule` from `status`? Refused as forbidden (with
 * `forbidden`) when none of the rule's relations is theirs, else as a conflict (with `conflict`)
 * when the status is not one it leaves from.
 */
export function applyRule<S extends string, R extends string>(
  rule: TransitionRule<S, R>,
  status: S,
  relations: ReadonlySet<R>,
  messages: { forbidden: string; conflict: string },
): TransitionResult<S> {
  if (!rule.by.some((r) => relations.has(r)))
    return { ok: false, reason: 'forbidden', message: messages.forbidden }
  if (!rule.from.includes(status)) return { ok: false, reason: 'conflict', message: messages.conflict }
  return { ok: true, from: status, to: rule.to }
}

/** What a table says when it refuses: per action, and sharper words for some statuses. */
export interface Refusals<A extends string, S extends string> {
  forbidden: Record<A, string>
  conflict: Record<A, string>
  /** A conflict said better for a few (action, status) pairs (an expired code, a no-show). */
  conflictAt?: Partial<Record<A, Partial<Record<S, string>>>>
}

/** The check of one table: `check(status, action, relations)`, refusing in its own words. */
export function tableCheck<A extends string, S extends string, R extends string>(
  table: Record<A, TransitionRule<S, R>>,
  words: Refusals<A, S>,
): (status: S, action: A, relations: ReadonlySet<R>) => TransitionResult<S> {
  return (status, action, relations) =>
    applyRule(table[action], status, relations, {
      forbidden: words.forbidden[action],
      conflict: words.conflictAt?.[action]?.[status] ?? words.conflict[action],
    })
}
