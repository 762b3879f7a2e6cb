/**
 * Which queries the local TCB answers from an index, and whether an index walks their sort. Its
 * planner (IndexSet.plan / planSorted) is not reachable over the wire and the host does not expose
 * its store, so a second, in-memory local TCB with the same declaration and the same documents is
 * asked instead: every find's plan (IndexSet.observer) is recorded while the floor's calls
 * (floor.ts, the action's exact queries) run against it.
 */
import { connectApp, type Database } from '../cloudfunctions/core/db'
import { seedDemo } from '../local/seed'
import * as ops from '../local/tcb/operations'
import { countMatches } from '../local/tcb/query'
import type { Doc } from '../local/tcb/values'
import { startBenchCloud } from './cloud'
import type { Dataset } from './dataset'
import { int, ms } from './format'
import type { Table } from './table'
import { benchClock } from './clock'

export interface Scenario {
  label: string
  run(db: Database): Promise<unknown>
}

export interface PlanRow {
  scenario: string
  collection: string
  query: string
  index: string
  /** How the answer was ordered: an index walk (entries visited) or a sort in memory (documents). */
  sort: string
  examined: number
  docs: number
  /** In-process: matching every candidate (countMatches), median of a few runs; no SDK, no HTTP. */
  matchMs: number
}

const MAX_QUERY_CHARS = 90

function show(query: unknown): string {
  const text = JSON.stringify(query, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v))
  return text.length > MAX_QUERY_CHARS ? `${text.slice(0, MAX_QUERY_CHARS - 1)}…` : text
}

function matchTime(coll: Parameters<typeof countMatches>[0], query: Doc): number {
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    countMatches(coll, query)
    times.push(performance.now() - t0)
  }
  return times.sort((a, b) => a - b)[2]
}

export async function explainPlans(root: string, data: Dataset, scenarios: Scenario[]): Promise<PlanRow[]> {
  // In memory, with the WeChat stand-in that seeding's content check needs (cloud.ts).
  const cloud = await startBenchCloud({ root, name: 'explain', tcb: { inMemory: true } })
  const { tcb } = cloud
  try {
    const app = connectApp(tcb.url)
    const db = app.database()
    await seedDemo(app, benchClock())
    const chunks: Array<[string, readonly object[]]> = [
      ['buildings', data.buildings],
      ['users', data.residents],
      ['requests', data.requests],
    ]
    for (const [c, docs] of chunks) {
      for (let i = 0; i < docs.length; i += 5000) ops.insert(tcb.store, c, docs.slice(i, i + 5000))
    }
    const rows: PlanRow[] = []
    const queries: Doc[] = []
    const seen = new Set<string>()
    // null once the scenarios are done: the timing below plans the same queries again.
    let current: string | null = null
    for (const name of tcb.store.collectionNames) {
      const indexes = tcb.store.read(name)?.indexes
      if (!indexes) continue
      indexes.observer = (query, p) => {
        if (current === null) return
        const q = show(query)
        const key = `${current}\u0000${name}\u0000${q}`
        if (!seen.has(key)) {
          seen.add(key)
          rows.push({
            scenario: current,
            collection: name,
            query: q,
            index: p.index ?? 'none: full scan',
            sort:
              p.sort === 'none'
                ? '—'
                : p.sort === 'index'
                  ? `walked ${p.walked}`
                  : `in memory: ${p.sorted}${p.reason ? ` (${p.reason})` : ''}`,
            examined: p.estimate,
            docs: tcb.store.read(name)?.docs.size ?? 0,
            matchMs: Number.NaN,
          })
          queries.push(query)
        }
      }
    }
    for (const s of scenarios) {
      current = s.label
      await s.run(db)
    }
    current = null
    rows.forEach((row, i) => (row.matchMs = matchTime(tcb.store.read(row.collection), queries[i])))
    return rows
  } finally {
    await cloud.close()
  }
}

export function explainTable(rows: PlanRow[]): Table {
  return {
    title: 'query plans of the local TCB for the same calls (cloudbaserc.json indexes, same documents)',
    head: [
      'scenario',
      'collection',
      'query (as the server decoded it)',
      'index used',
      'sort',
      'examined',
      'of docs',
      'match ms',
    ],
    align: ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'right'],
    rows: rows.map((r) => [
      r.scenario,
      r.collection,
      r.query,
      r.index,
      r.sort,
      int(r.examined),
      int(r.docs),
      ms(r.matchMs),
    ]),
    notes: [
      '"examined" = candidates the planner hands to the matcher (a full scan examines every document)',
      '"match ms" = the engine alone matching them (in process, median of 5): the floor of any answer',
      '"sort": walked N = an index holds the sort (its entries walked in order, stopping at the page);',
      'in memory: N = every match sorted after matching, with the reason no declared index walks it',
    ],
  }
}
