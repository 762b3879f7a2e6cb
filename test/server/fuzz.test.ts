/**
 * Every action, fed hostile input generated from its own schema's field names: wrong types, huge
 * strings, MongoDB operators, `__proto__` keys, ids of other collections, whole events that are
 * not objects — sent the way the platform delivers them (JSON), by an admin, a resident and a
 * stranger. Each answer is a refusal in Chinese (never INTERNAL, never a stack), and a refused call
 * changes nothing in the database. The list of actions comes from the contract: a new action is
 * fuzzed without anyone adding it here.
 */
import fc from 'fast-check'
import { COLLECTIONS } from '../../cloudfunctions/core/db'
import { contract, type ActionName } from '../../src/domain/contract'
import type { ZodType } from 'zod'
import { inputShape, plausibleValues } from '../support/schema'
import { startTestEnv, type TestEnv } from '../support/env'

let env: TestEnv
/** Real ids from the seeded database: a request id where a session id belongs, and so on. */
let foreignIds: string[] = []

beforeAll(async () => {
  env = await startTestEnv({ at: '2026-11-25T10:00:00+08:00' })
  await env.ok('demo-resident-1', 'me.get', {})
  for (const name of Object.values(COLLECTIONS)) {
    const res = await env.db.collection(name).limit(3).get()
    foreignIds.push(...(res.data as { _id: string }[]).map((d) => d._id))
  }
  foreignIds = [...new Set(foreignIds)]
})
afterAll(() => env?.close())

const CALLERS = ['demo-admin', 'demo-resident-1', 't-fuzz-stranger']
const REFUSALS = ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED', 'UNAUTHENTICATED']
/** Rate-limit windows are written by every counted call, refused or not: they are the limit itself. */
const UNCOUNTED = [COLLECTIONS.rateLimits]
const CJK = /[\u4e00-\u9fff]/

function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1e308, '', ' ', '\u0000', '../../etc/passwd', 'a.b', '$set'),
    fc.constant('长'.repeat(100_000)),
    fc.constantFrom({ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, { $regex: '.*' }, { $in: [] }),
    // As JSON delivers it: an own key named __proto__.
    fc.constant(JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}')),
    fc.constantFrom(...foreignIds),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant({ $gt: '' })), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 }),
  )
}

/**
 * An event for `action`: its own fields, each a value its schema accepts (so the call gets past
 * validation and into the action) or a hostile one, sometimes with keys it does not have — or an
 * input that is not an object at all.
 */
function hostileEvent(action: ActionName): fc.Arbitrary<unknown> {
  const shape = inputShape(contract[action].input)
  const field = (schema: ZodType) => {
    const good = plausibleValues(schema, foreignIds.slice(0, 20))
    return good.length
      ? fc.oneof(fc.constantFrom(...good), fc.constantFrom(...good), hostileValue())
      : hostileValue()
  }
  const input = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(null, 'input', 42, [], [{ action }]) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, field(v)])), {
            requiredKeys: [],
          }),
          fc.option(fc.constantFrom('$where', '__proto__', 'openid', 'role', 'communityId'), {
            nil: undefined,
            freq: 3,
          }),
          hostileValue(),
        )
        .map(([record, extra, value]) => (extra ? { ...record, [extra]: value } : record)),
    },
  )
  return input.map((i) => JSON.parse(JSON.stringify({ action, input: i, requestId: { $gt: '' } })))
}

const actions = Object.keys(contract) as ActionName[]

test.each(actions)('%s: hostile input is refused in Chinese and changes nothing', async (action) => {
  const seen = new Set<string>()
  await fc.assert(
    fc.asyncProperty(hostileEvent(action), fc.constantFrom(...CALLERS), async (event, who) => {
      const before = env.fingerprint(UNCOUNTED)
      const res = await env.raw(who, event)
      seen.add(res.ok ? 'ok' : res.error.code)
      // Valid after all (every value one the schema takes, an unknown id read as nothing): it may work.
      if (res.ok) return
      expect(REFUSALS).toContain(res.error.code)
      expect(res.error.message).toMatch(CJK)
      expect(JSON.stringify(res)).not.toMatch(/\bat \w+ \(|Error:|TypeError|stack/)
      expect(env.fingerprint(UNCOUNTED)).toBe(before)
    }),
    { numRuns: 60 },
  )
  if (process.env.FUZZ_REPORT) console.log(action, [...seen].join(','))
  // Every action refuses something it is given here.
  expect([...seen].filter((c) => c !== 'ok').length).toBeGreaterThan(0)
})
