/**
 * The limits the forms show (maxlength, "至少2个字", "11位手机号") are the ones the contract checks:
 * each constant, at its edge, against the action's own input schema, and the refusal names it.
 */
import { MOBILE_DIGITS, MOBILE_PATTERN, NAME_MAX_CHARS, ROOM_MAX_CHARS } from '../../src/domain/contact'
import { contract, type ActionName } from '../../src/domain/contract'
import {
  COMMENT_MAX_CHARS,
  REASON_MAX_CHARS,
  REASON_MIN_CHARS,
  RESOLVE_NOTE_MAX_CHARS,
  RESOLVE_NOTE_MIN_CHARS,
} from '../../src/domain/request'
import { WISH_NOTE_MAX, WISH_NOTE_MIN, WISH_WHAT_MAX, WISH_WHAT_MIN } from '../../src/domain/wish'

const PHOTO = 'cloud://env.bucket/photos/u/1.jpg'
const text = (n: number) => '字'.repeat(n)

function parse(action: ActionName, input: object) {
  return contract[action].input.safeParse(input)
}

/** [action, a valid input without the field, the field, its min (chars) or null, its max] */
const LIMITS: [ActionName, object, string, number | null, number][] = [
  ['request.resolve', { id: 'r1', photos: [] }, 'note', RESOLVE_NOTE_MIN_CHARS, RESOLVE_NOTE_MAX_CHARS],
  ['request.rate', { id: 'r1', rating: 'satisfied' }, 'comment', null, COMMENT_MAX_CHARS],
  ['request.escalate', { id: 'r1' }, 'reason', REASON_MIN_CHARS, REASON_MAX_CHARS],
  ['request.return', { id: 'r1' }, 'reason', REASON_MIN_CHARS, REASON_MAX_CHARS],
  ['request.cancel', { id: 'r1' }, 'reason', null, REASON_MAX_CHARS],
  ['wish.review', { id: 'w1', decision: 'reject' }, 'reason', WISH_NOTE_MIN, WISH_NOTE_MAX],
  ['wish.fulfil', { id: 'w1', photos: [PHOTO], hours: 1 }, 'note', WISH_NOTE_MIN, WISH_NOTE_MAX],
  ['me.bindBuilding', { buildingCode: 'B01' }, 'room', null, ROOM_MAX_CHARS],
  [
    'request.createOnBehalf',
    { requestId: 'req-00000001', buildingCode: 'B01', category: 'other', description: '楼道灯坏了好几天' },
    'residentName',
    1,
    NAME_MAX_CHARS,
  ],
  [
    'wish.create',
    { requestId: 'req-00000001', category: 'goods', why: '腿脚不便，出门需要助行器帮忙' },
    'what',
    WISH_WHAT_MIN,
    WISH_WHAT_MAX,
  ],
]

test.each(LIMITS.map(([action, base, field, min, max]) => ({ action, base, field, min, max })))(
  '$action: $field is checked at the constants the form shows',
  ({ action, base, field, min, max }) => {
    expect(parse(action, { ...base, [field]: text(max) }).success).toBe(true)
    const over = parse(action, { ...base, [field]: text(max + 1) })
    expect(over.success).toBe(false)
    expect(over.error?.issues[0].message).toContain(String(max))
    if (min !== null) {
      expect(parse(action, { ...base, [field]: text(min) }).success).toBe(true)
      const under = parse(action, { ...base, [field]: text(min - 1) })
      expect(under.success).toBe(false)
      if (min > 1) expect(under.error?.issues[0].message).toContain(String(min))
    }
  },
)

test('a mobile number is MOBILE_DIGITS digits, the first a 1, wherever the contract takes one', () => {
  const ok = '1' + '3'.repeat(MOBILE_DIGITS - 1)
  expect(MOBILE_PATTERN.test(ok)).toBe(true)
  expect(MOBILE_PATTERN.test(ok.slice(1))).toBe(false)
  expect(MOBILE_PATTERN.test(ok + '3')).toBe(false)
  expect(MOBILE_PATTERN.test('2' + ok.slice(1))).toBe(false)
  const contact = { name: '王阿姨' }
  expect(parse('me.contact', { ...contact, phone: ok }).success).toBe(true)
  expect(parse('me.contact', { ...contact, phone: ok + '3' }).success).toBe(false)
  const volunteer = { name: '冯雪', skills: [], availability: '' }
  expect(parse('volunteer.register', { ...volunteer, phone: ok }).success).toBe(true)
  expect(parse('volunteer.register', { ...volunteer, phone: ok.slice(1) }).success).toBe(false)
})
