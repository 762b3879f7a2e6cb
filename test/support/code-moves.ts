/**
 * A transition table against the server's code, both ways (test/domain/{signup,invitations,
 * party}.test.ts): every status change the code makes — read from the named file — is a row
 * that lets that relation take it from that status to that one, and every (row, from, who) the
 * table names is a move the code makes, so the table invents nothing.
 */
import type { TransitionResult, TransitionRule } from '../../src/domain/transitions'

/** A status change the server makes. `from: 'new'`: the record did not exist yet. */
export interface CodeMove<S extends string, R extends string, A extends string> {
  where: string
  action: A
  who: R
  from: S | 'new'
  to: S
}

/** One place in the code, for each relation that takes it there and each status it leaves. */
export function moves<S extends string, R extends string, A extends string>(
  where: string,
  action: A,
  who: R | readonly R[],
  from: S | 'new' | readonly (S | 'new')[],
  to: S,
): CodeMove<S, R, A>[] {
  const whos = (typeof who === 'string' ? [who] : who) as readonly R[]
  const froms = (typeof from === 'string' ? [from] : from) as readonly (S | 'new')[]
  return whos.flatMap((w) => froms.map((f) => ({ where, action, who: w, from: f, to })))
}

export interface TableUnderTest<S extends string, R extends string, A extends string> {
  table: Readonly<Record<A, TransitionRule<S, R>>>
  check(status: S, action: A, relations: ReadonlySet<R>): TransitionResult<S>
  initial: readonly S[]
  /**
   * A record made anew is the table's move from this status (a place signed up for again after
   * cancelling); without it, a move from `new` only has to land in `initial` (an action outside
   * the table, such as an invitation's creation).
   */
  reborn?: S
}

const key = (action: string, from: string, who: string) => `${action} ${from} ${who}`

/** Declares the two tests: each code move is a row, and each row is a code move. */
export function tableMatchesCode<S extends string, R extends string, A extends string, C extends string = A>(
  t: TableUnderTest<S, R, A>,
  code: readonly CodeMove<S, R, A | C>[],
): void {
  const inTable = (a: A | C): a is A => a in t.table

  test.each(code.map((m) => [`${m.where}: ${m.from} → ${m.to} by ${m.who} is the row ${m.action}`, m]))(
    '%s',
    (_, m) => {
      if (m.from === 'new') expect(t.initial).toContain(m.to)
      const from = m.from === 'new' ? t.reborn : m.from
      if (from === undefined) return expect(inTable(m.action)).toBe(false)
      expect(inTable(m.action)).toBe(true)
      expect(t.check(from, m.action as A, new Set([m.who]))).toEqual({ ok: true, from, to: m.to })
    },
  )

  test('every row of the table is a move the code makes, by everyone it names, from every status it names', () => {
    const made = new Set(
      code
        .filter((m) => inTable(m.action))
        .map((m) => key(m.action, m.from === 'new' ? t.reborn! : m.from, m.who)),
    )
    const rows = (Object.keys(t.table) as A[]).flatMap((a) =>
      t.table[a].from.flatMap((f) => t.table[a].by.map((r) => key(a, f, r))),
    )
    expect(rows.filter((r) => !made.has(r))).toEqual([])
    expect([...made].filter((r) => !rows.includes(r))).toEqual([])
  })
}
