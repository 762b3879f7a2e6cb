/**
 * 确认导入 at a production round trip: the workbook of a large 社区 (10 grids, 60 micro-grids, 600
 * buildings, 670 people: 1,340 rows) against the local environment answering every request
 * `roundTripMs` late (LocalTcbOptions.latencyMs) — the preview, the staged import
 * (cloudfunctions/core/setup/stage.ts), the same requestId sent again, the undo, and for
 * comparison the one transaction the import used to be (which CloudBase ends at 30 s). Through the
 * api's router and the real SDK; each with the requests it took.
 */
import { collection } from '../cloudfunctions/core/db'
import { type Api } from '../cloudfunctions/core/router'
import { applyWrites } from '../cloudfunctions/core/setup/apply'
import { planImport } from '../cloudfunctions/core/setup/plan'
import { ADD_BATCH, commitRoundTrips } from '../cloudfunctions/core/setup/stage'
import { readWorkbook } from '../cloudfunctions/core/setup/workbook'
import { benchClock } from './clock'
import { int, ms } from './format'
import { inLocalCloud } from './cloud'
import { progress } from './log'
import { benchCommunity } from './setup'
import type { Table } from './table'

const ADMIN = 'demo-admin'
const COMMUNITY = 'c-xingfuli'

export async function measureImport(root: string, roundTripMs: number): Promise<Table> {
  let requests = 0
  let latency = 0
  return inLocalCloud(
    {
      root,
      name: 'import',
      tcb: {
        latencyMs: roundTripMs,
        delay: (wait) => {
          requests++
          return latency === 0 ? Promise.resolve() : new Promise((ok) => setTimeout(ok, wait))
        },
      },
    },
    async ({ tcb }) => {
      // Seeded at loopback speed; the round trip counts from here.
      const { db, api, data, bytes, fileID } = await benchCommunity(tcb.url, 'bench-import.xlsx')
      const rows = data.grids.length - 1 + data.buildings.length + data.people.length
      latency = roundTripMs
      const timed = async <T>(label: string, run: () => Promise<T>) => {
        progress(`import: ${label}`)
        const [t, before] = [performance.now(), requests]
        let failed: string | null = null
        let out: T | null = null
        try {
          out = await run()
        } catch (err) {
          failed = (err as Error).message
        }
        return { ms: performance.now() - t, requests: requests - before, out, failed }
      }
      const call = (a: Api, action: string, input: object) => async () => {
        const res = await a.handle({ action, input }, ADMIN)
        if (!res.ok) throw new Error(res.error.message)
        return res.data as { changes?: number; undone?: number }
      }

      const preview = await timed('setup.preview', call(api, 'setup.preview', { fileID }))
      const apply = await timed(
        'setup.apply, staged',
        call(api, 'setup.apply', { fileID, requestId: 'bench-import-1' }),
      )
      const again = await timed(
        'setup.apply, the same requestId again',
        call(api, 'setup.apply', { fileID, requestId: 'bench-import-1' }),
      )
      const undo = await timed('setup.undo', call(api, 'setup.undo', {}))
      // Last: on the community as it was before (the undo took the staged import back).
      const oneTx = await timed('one transaction, as before', async () => {
        const plan = await planImport(db, COMMUNITY, await readWorkbook(bytes), benchClock())
        await applyWrites(db, plan.writes)
        return { changes: plan.writes.length }
      })
      const stored = (await collection(db, 'buildings').count()).total
      const row = (label: string, r: Awaited<ReturnType<typeof timed>>, figure: string) => [
        label,
        ms(r.ms),
        int(r.requests),
        r.failed ? `failed: ${r.failed}` : figure,
      ]
      const batches =
        Math.ceil(data.buildings.length / ADD_BATCH) + Math.ceil(data.people.length / ADD_BATCH) + 1
      return {
        title: `确认导入 at a ${roundTripMs} ms round trip: ${int(rows)} rows (${data.grids.length - 1} grids, ${data.buildings.length} buildings, ${data.people.length} people)`,
        head: ['measure', 'ms', 'requests', 'figure'],
        rows: [
          oneTx.failed && oneTx.ms >= 30_000
            ? [
                'one transaction, as before (CloudBase ends it at 30 s)',
                ms(oneTx.ms),
                int(oneTx.requests),
                'ended by the 30 s limit; nothing written',
              ]
            : row('one transaction, as before (CloudBase ends it at 30 s)', oneTx, `${int(rows)} written`),
          row(
            'setup.preview (read, check, plan; nothing written)',
            preview,
            `${int(preview.out?.changes ?? 0)} changes`,
          ),
          row(
            'setup.apply, staged and made visible at once',
            apply,
            `${int(apply.out?.changes ?? 0)} written`,
          ),
          row(
            'setup.apply, the same requestId again',
            again,
            `${int(again.out?.changes ?? 0)} (the answer again)`,
          ),
          row('setup.undo', undo, `${int(undo.out?.undone ?? 0)} taken back`),
        ],
        notes: [
          `Every request waits ${roundTripMs} ms before the local environment answers it (latencyMs).`,
          `Buildings stored after the one-transaction attempt: ${int(stored)} (it writes all or nothing).`,
          `The staged import writes ${batches} batches of at most ${ADD_BATCH} documents without a transaction; its one transaction spans at most ${commitRoundTrips(0)} round trips here (no changes to existing rows), ${commitRoundTrips(140)} at the most an import may change.`,
        ],
      }
    },
  )
}
