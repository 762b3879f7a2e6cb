import fc from 'fast-check'
import {
  availableActions,
  REQUEST_ACTIONS,
  REQUEST_STATUS_CODES,
  routeToGrid,
  transition,
  type Relation,
  type RequestAction,
  type RequestStatus,
} from '../../src/domain/request'
import { maskPhone } from '../../src/domain/privacy'
import { type Membership } from '../../src/domain/roles'
import { canHandle } from '../../src/domain/access'

const rel = (...r: Relation[]) => new Set<Relation>(r)

describe('request transition table', () => {
  // [status, action, relations, expected]
  const cases: [RequestStatus, RequestAction, Relation[], RequestStatus | 'forbidden' | 'conflict'][] = [
    ['assigned', 'accept', ['handler'], 'accepted'],
    ['assigned', 'accept', ['owner'], 'forbidden'],
    ['assigned', 'accept', [], 'forbidden'],
    ['accepted', 'accept', ['handler'], 'conflict'],
    ['cancelled', 'accept', ['handler'], 'conflict'],
    ['accepted', 'resolve', ['handler', 'assignee'], 'resolved'],
    ['accepted', 'resolve', ['handler'], 'forbidden'],
    ['assigned', 'resolve', ['assignee'], 'conflict'],
    ['resolved', 'rate', ['owner'], 'closed'],
    ['resolved', 'rate', ['handler', 'assignee'], 'forbidden'],
    ['accepted', 'rate', ['owner'], 'conflict'],
    ['closed', 'rate', ['owner'], 'conflict'],
    ['assigned', 'cancel', ['owner'], 'cancelled'],
    ['accepted', 'cancel', ['owner'], 'conflict'],
    ['assigned', 'cancel', ['handler'], 'forbidden'],
    // A grid worker never handles their own request.
    ['assigned', 'accept', ['owner', 'handler'], 'forbidden'],
    ['accepted', 'resolve', ['owner', 'handler', 'assignee'], 'forbidden'],
  ]
  test.each(cases)('%s + %s by %j → %s', (status, action, relations, expected) => {
    const result = transition(status, action, rel(...relations))
    if (result.ok) expect(result.to).toBe(expected)
    else {
      expect(result.reason).toBe(expected)
      expect(result.message).toMatch(/[\u4e00-\u9fa5]/)
    }
  })

  test('a handler who is not the owner sees 接单 only on an assigned request', () => {
    // 退回社区 is the table's for a handler; rules.ts offers it only while a street holds it.
    expect(availableActions('assigned', rel('handler'))).toEqual([
      'accept',
      'escalate',
      'return',
      'streetReturn',
      // 转志愿服务 (issue 19): whoever may handle it, waiting or in hand.
      'toWish',
    ])
    // 吹哨 is the table's for a supervisor; the server offers it only where units are registered.
    expect(availableActions('assigned', rel('handler', 'supervisor'))).toEqual([
      'accept',
      'escalate',
      'return',
      'dispatch',
      'whistleWaiting',
      'streetReturn',
      'toWish',
    ])
    expect(availableActions('accepted', rel('handler', 'assignee'))).toEqual([
      'resolve',
      'escalate',
      'streetReturn',
      'toWish',
    ])
    expect(availableActions('accepted', rel('handler', 'supervisor'))).toEqual([
      'escalate',
      'transfer',
      'chase',
      'whistle',
      'unitRecall',
      'streetReturn',
      'toWish',
    ])
    // The scheduler's and the rating's own moves are never buttons.
    expect(availableActions('resolved', rel('owner'))).toEqual(['rate'])
    // 催办 is the table's for the owner; rules.ts offers it only once the clock has run out.
    expect(availableActions('assigned', rel('owner'))).toEqual(['cancel', 'urgeWaiting'])
    expect(availableActions('closed', rel('owner', 'handler', 'assignee'))).toEqual([])
  })
})

describe('no sequence of actions reaches an invalid state (property)', () => {
  const step = fc.record({
    action: fc.constantFrom(...REQUEST_ACTIONS),
    relations: fc.subarray<Relation>(['owner', 'handler', 'assignee', 'supervisor', 'proxy', 'system']),
  })
  test('statuses stay in the table, terminal states stay terminal, each arrives only from its status', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let status: RequestStatus = 'assigned'
        const history: RequestStatus[] = [status]
        for (const s of steps) {
          const r = transition(status, s.action, new Set(s.relations))
          if (!r.ok) continue
          status = r.to
          history.push(status)
        }
        expect(REQUEST_STATUS_CODES).toContain(status)
        // Once closed or cancelled, nothing moves it again.
        const firstTerminal = history.findIndex((h) => h === 'closed' || h === 'cancelled')
        if (firstTerminal >= 0) expect(history.length - 1).toBe(firstTerminal)
        // Cancelled only while nobody holds it; closed only after it was resolved — or, turned into
        // a 微心愿 (issue 19), after the volunteer's work was confirmed.
        if (status === 'cancelled') expect(history[history.length - 2]).toBe('assigned')
        if (status === 'closed') expect(['resolved', 'volunteering']).toContain(history[history.length - 2])
        // With the volunteers only from waiting or in hand.
        history.forEach((h, i) => {
          if (h === 'volunteering' && history[i - 1] !== 'volunteering')
            expect(['assigned', 'accepted']).toContain(history[i - 1])
        })
        // Resolved only from accepted: nobody resolves what nobody accepted.
        history.forEach((h, i) => {
          if (h === 'resolved') expect(history[i - 1]).toBe('accepted')
        })
      }),
    )
  })
})

describe('routing and scope', () => {
  const path = [
    { id: 'c', level: 1 },
    { id: 'g', level: 2 },
    { id: 'm', level: 3 },
  ]
  test('the micro-grid when it is staffed, else one level up at once, else the community', () => {
    expect(routeToGrid(path, new Set(['m', 'g'])).id).toBe('m')
    expect(routeToGrid(path, new Set(['g'])).id).toBe('g')
    expect(routeToGrid(path, new Set()).id).toBe('c')
  })

  const scope = { communityId: 'c1', gridId: 'm', gridPath: ['c', 'g', 'm'] }
  test.each<[string, Membership[], boolean]>([
    ['member of the micro-grid', [{ role: 'gridMember', communityId: 'c1', gridId: 'm' }], true],
    ['member of a sibling micro-grid', [{ role: 'gridMember', communityId: 'c1', gridId: 'm2' }], false],
    ['member of the parent grid only', [{ role: 'gridMember', communityId: 'c1', gridId: 'g' }], false],
    ['leader of the parent grid', [{ role: 'gridLeader', communityId: 'c1', gridId: 'g' }], true],
    ['leader of another grid', [{ role: 'gridLeader', communityId: 'c1', gridId: 'g2' }], false],
    ['community admin', [{ role: 'communityAdmin', communityId: 'c1' }], true],
    ['admin of another community', [{ role: 'communityAdmin', communityId: 'c2' }], false],
    ['a volunteer', [{ role: 'volunteer', communityId: 'c1' }], false],
  ])('%s → %s', (_label, memberships, expected) => {
    expect(canHandle(memberships, scope)).toBe(expected)
  })

  test('phones are masked to the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone(undefined)).toBeUndefined()
    expect(maskPhone('12345')).toBe('*****')
  })
})
