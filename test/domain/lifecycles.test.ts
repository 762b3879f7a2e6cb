/**
 * Every lifecycle of the registry (src/domain/lifecycles.ts), checked the same way: its rows
 * speak only of its own statuses and relations, every status is reachable, every refusal is in
 * Chinese; for the tables whose check is the plain table (all but requests, which add "nobody
 * handles their own"), a move is allowed exactly when the table has it. And docs/states.md is
 * what the tables make of it.
 */
import { readFileSync } from 'node:fs'
import { LIFECYCLES, statesPage, terminalStatuses, type Lifecycle } from '../../src/domain/lifecycles'
import { renderStates, STATES_PAGE } from '../../scripts/states'

const CHINESE = /[\u4e00-\u9fa5]/

/** Every subset of the lifecycle's relations (they are few: at most 2^7). */
function relationSets(l: Lifecycle): Set<string>[] {
  const all = Object.keys(l.relations)
  return Array.from({ length: 1 << all.length }, (_, mask) => new Set(all.filter((_, i) => mask & (1 << i))))
}

test('the registry has every table-driven lifecycle, each once', () => {
  expect(LIFECYCLES.map((l) => l.key)).toEqual(['request', 'wish', 'signup', 'invitation', 'party', 'visit'])
})

describe.each(LIFECYCLES.map((l) => [l.name, l] as const))('%s', (_name, l) => {
  const statuses = Object.keys(l.statuses)

  test('rows speak of its own statuses and relations, with Chinese labels', () => {
    expect(statuses.length).toBeGreaterThan(1)
    for (const label of Object.values(l.statuses)) expect(label).toMatch(CHINESE)
    for (const label of Object.values(l.relations)) expect(label).toMatch(CHINESE)
    expect(l.initial.length).toBeGreaterThan(0)
    for (const s of l.initial) expect(statuses).toContain(s)
    for (const [action, t] of Object.entries(l.transitions)) {
      expect([action, t.label]).toEqual([action, expect.stringMatching(CHINESE)])
      expect(t.from.length).toBeGreaterThan(0)
      for (const s of [...t.from, t.to]) expect(statuses).toContain(s)
      expect(t.by.length).toBeGreaterThan(0)
      for (const r of t.by) expect(Object.keys(l.relations)).toContain(r)
    }
  })

  test('every status is reachable from where a new one starts', () => {
    const reached = new Set(l.initial)
    for (let grew = true; grew; ) {
      grew = false
      for (const t of Object.values(l.transitions))
        if (t.from.some((s) => reached.has(s)) && !reached.has(t.to)) grew = reached.add(t.to).size > 0
    }
    expect([...reached].sort()).toEqual([...statuses].sort())
  })

  test('a move from a status the row does not leave is refused for anyone, in Chinese', () => {
    for (const [action, t] of Object.entries(l.transitions))
      for (const status of statuses.filter((s) => !t.from.includes(s)))
        for (const rel of relationSets(l)) {
          const r = l.check(status, action, rel)
          expect({ action, status, ok: r.ok }).toEqual({ action, status, ok: false })
          expect(r.message).toMatch(CHINESE)
        }
  })
})

// Requests add to their table: a proxy stands in for the owner, nobody handles their own
// (request.test.ts). The other checks are the table and nothing else.
const PLAIN = LIFECYCLES.filter((l) => l.key !== 'request')

describe.each(PLAIN.map((l) => [l.name, l] as const))('%s: the check is exactly the table', (_name, l) => {
  test('someone the row does not name is refused, in Chinese', () => {
    for (const [action, t] of Object.entries(l.transitions))
      for (const status of t.from)
        for (const rel of relationSets(l).filter((set) => !t.by.some((b) => set.has(b)))) {
          const r = l.check(status, action, rel)
          expect({ action, status, rel: [...rel], ok: r.ok }).toEqual({
            action,
            status,
            rel: [...rel],
            ok: false,
          })
          expect(r.message).toMatch(CHINESE)
        }
  })

  test('a move the row has is allowed to whoever it names, in any company', () => {
    for (const [action, t] of Object.entries(l.transitions))
      for (const status of t.from)
        for (const rel of relationSets(l).filter((set) => t.by.some((b) => set.has(b))))
          expect({ action, status, rel: [...rel], ok: l.check(status, action, rel).ok }).toEqual({
            action,
            status,
            rel: [...rel],
            ok: true,
          })
  })
})

test('every relation a table names takes some move (requests: proxy stands in for the owner, former only reads)', () => {
  const idle = Object.fromEntries(
    LIFECYCLES.map((l) => {
      const acting = new Set(Object.values(l.transitions).flatMap((t) => t.by))
      return [l.key, Object.keys(l.relations).filter((r) => !acting.has(r))]
    }),
  )
  expect(idle).toEqual({
    request: ['proxy', 'former'],
    wish: [],
    signup: [],
    invitation: [],
    party: [],
    visit: [],
  })
})

test('terminal statuses are those nothing leaves', () => {
  const byKey = Object.fromEntries(LIFECYCLES.map((l) => [l.key, terminalStatuses(l)]))
  expect(byKey).toEqual({
    // 已合并 (重复诉求): the duplicate ends; the request it repeated goes on.
    request: ['closed', 'cancelled', 'merged'],
    wish: ['rejected', 'done', 'withdrawn'],
    // A no-show may be excused (请假): nothing is final for a sign-up.
    signup: [],
    invitation: ['used', 'revoked'],
    party: [],
    visit: ['logged', 'missed'],
  })
})

describe('the states page', () => {
  test('has a section, a table row per move and a diagram edge per (from, move) for every lifecycle', () => {
    const page = statesPage()
    for (const l of LIFECYCLES) {
      expect(page).toContain(`## ${l.name} \`${l.key}\``)
      for (const [action, t] of Object.entries(l.transitions)) {
        expect(page).toContain(`| \`${action}\` | ${t.label} |`)
        for (const from of t.from) expect(page).toContain(`  ${from} --> ${t.to} : ${t.label}（${action}）`)
      }
    }
    expect(page.match(/```mermaid/g)).toHaveLength(LIFECYCLES.length)
  })

  test('docs/states.md is what the tables make (run npm run states)', async () => {
    const expected = await renderStates()
    const actual = readFileSync(STATES_PAGE, 'utf8')
    if (actual !== expected)
      throw new Error('docs/states.md differs from the transition tables: run npm run states, and commit it')
  })
})
