/**
 * Personal data (个人信息保护法), one module: how names, phones and ID numbers look to those who
 * do not need them whole, the privacy policy's version, and what may be revealed whole to whom.
 */

/** 138****5678: enough to recognise, not enough to call. */
export function maskPhone(phone: string | undefined): string | undefined {
  if (!phone) return undefined
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** 张** — says whose, not who exactly (the ledger, a certificate checked by someone else, an export). */
export function maskName(name: string): string {
  const chars = Array.from(name)
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`
}

/** 110101********1234: enough to tell whose certificate it is, not enough to use the number. */
export function maskIdNumber(id: string | null | undefined): string {
  return id ? `${id.slice(0, 6)}********${id.slice(-4)}` : '未登记'
}

/** The 隐私政策 in force; a new version asks everyone again. */
export const PRIVACY_VERSION = '2026-11-01'

/** What stands in for a deleted account's name in what stays (the 台账). */
export const DELETED_RESIDENT = '已注销居民'
export const DELETED_USER = '已注销用户'

/** What `me.delete` asks to be typed, so nobody deletes by a slip. */
export const DELETE_CONFIRMATION = '注销'

/**
 * Whose number a handler may reveal: a request's resident, a wish's claimant, a child's collector, a
 * volunteer, a household's contact (民情日志: the grid serving its building); and the other way
 * round, a wish's contact for its claimant while the claim lasts (the resident, if they chose to
 * share it, else the grid member serving the building).
 */
export const REVEAL_KINDS = {
  requestResident: '诉求居民',
  wishClaimant: '认领志愿者',
  wishContact: '心愿联系人',
  childCollector: '接送人',
  volunteer: '志愿者',
  household: '住户联系人',
} as const
export type RevealKind = keyof typeof REVEAL_KINDS

/**
 * Every string inside `value` with each `from` replaced by its `to` (longest first, so a name
 * inside a longer one goes whole). Keys and non-strings (dates) are kept.
 */
export function replaceDeep<T>(value: T, pairs: [string, string][]): T {
  const live = pairs.filter(([from]) => from.length > 0).sort((a, b) => b[0].length - a[0].length)
  if (live.length === 0) return value
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return live.reduce((s, [from, to]) => s.split(from).join(to), v)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as T
}
