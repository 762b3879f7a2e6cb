/**
 * Guards computed from the contract, so a new action cannot slip past them: every string a person
 * writes passes the content check, and every create (an input with a requestId) is rate-limited.
 */
import { contract, type ActionName } from '../../src/domain/contract'
import { inputFields, objectAt, userTextPaths } from '../support/schema'

const actions = Object.keys(contract) as ActionName[]

test.each(actions)('%s: every free-text field is content-checked', (action) => {
  const paths = [...userTextPaths(contract[action].input)]
  const spec = contract[action].userText as
    | { fields: (i: unknown) => Record<string, string | undefined> }
    | undefined
  if (paths.length === 0) return expect(spec).toBeUndefined()
  expect(spec).toBeDefined()
  const input = objectAt(paths, (p) => `«${p}»`)
  const checked = Object.values(spec!.fields(input)).join(' ')
  expect(paths.filter((p) => !checked.includes(`«${p}»`))).toEqual([])
})

test('every create (an input with a requestId) is rate-limited', () => {
  const creates = actions.filter((a) => inputFields(contract[a].input).has('requestId'))
  expect(creates).toEqual(expect.arrayContaining(['request.create', 'wish.create', 'invite.create']))
  expect(creates.filter((a) => !contract[a].rateLimit)).toEqual([])
})
