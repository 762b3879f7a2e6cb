/**
 * 微心愿 ("圆梦微心愿", domain.md "Small wishes") as data: statuses, the transition table, who may
 * take each step. The shape follows the request lifecycle (request.ts).
 *
 *   reviewing ─publish─▶ published ─claim─▶ claimed ─fulfil─▶ fulfilled ─confirm─▶ done
 *       └─reject─▶ rejected        ▲            │
 *                                  └─ release / lapse (promised date passed)
 */
import { charCount } from './request'
import { codesOf, tableCheck, transitionTable, userMoves } from './transitions'

export const WISH_STATUSES = {
  reviewing: '待审核',
  rejected: '未通过',
  published: '待认领',
  claimed: '已认领',
  fulfilled: '待确认',
  done: '已圆梦',
  withdrawn: '已撤回',
} as const
export type WishStatus = keyof typeof WISH_STATUSES
export const WISH_STATUS_CODES = codesOf(WISH_STATUSES)

export const WISH_CATEGORIES = {
  goods: { name: '生活物品', hint: '助行器、轮椅、台灯、冬衣等' },
  study: { name: '学习辅导', hint: '作业辅导、兴趣课、借书' },
  visit: { name: '陪伴探访', hint: '陪聊、读报、陪同就医' },
  repair: { name: '小修小补', hint: '换灯泡、修水龙头、修门锁' },
  other: { name: '其他', hint: '其他力所能及的小事' },
} as const
export type WishCategory = keyof typeof WISH_CATEGORIES
export const WISH_CATEGORY_CODES = codesOf(WISH_CATEGORIES)

export const WISH_WHAT_MIN = 2
export const WISH_WHAT_MAX = 20
export const WISH_WHY_MIN = 10
export const WISH_WHY_MAX = 200
/** A claimant promises a date within this many days. */
export const MAX_PROMISE_DAYS = 30
/** Unclaimed this long → highlighted on the grid leader's board (domain.md). */
export const UNCLAIMED_HIGHLIGHT_DAYS = 14
/** Why a wish does not pass review, and how it was fulfilled. */
export const WISH_NOTE_MIN = 2
export const WISH_NOTE_MAX = 200
/**
 * 实际服务时长, entered by the claimant at 已完成 (contract and the stepper alike): in half hours,
 * within these bounds; credited once confirmed. The stepper starts at `initial` (the fixed figure
 * every wish credited before it was asked).
 */
export const WISH_HOURS = { min: 0.5, max: 8, step: 0.5, initial: 2 } as const

/** Is `hours` one the claimant may enter: within WISH_HOURS, a whole number of half hours? */
export function validWishHours(hours: number): boolean {
  return hours >= WISH_HOURS.min && hours <= WISH_HOURS.max && Number.isInteger(hours / WISH_HOURS.step)
}

/**
 * owner: the resident whose wish it is; steward: the grid member of its micro-grid, a leader above
 * or the admin (reviews, confirms for the resident); volunteer: a registered volunteer or 双报到
 * party member who is not the owner; claimant: the volunteer holding it; system: the scheduler.
 */
export type WishRelation = 'owner' | 'steward' | 'volunteer' | 'claimant' | 'system'

export const WISH_TRANSITIONS = transitionTable<WishStatus, WishRelation>()({
  publish: { from: ['reviewing'], to: 'published', by: ['steward'], kind: 'user', label: '审核通过' },
  reject: { from: ['reviewing'], to: 'rejected', by: ['steward'], kind: 'user', label: '审核未通过' },
  withdraw: { from: ['reviewing', 'published'], to: 'withdrawn', by: ['owner'], kind: 'user', label: '撤回' },
  claim: { from: ['published'], to: 'claimed', by: ['volunteer'], kind: 'user', label: '认领' },
  release: { from: ['claimed'], to: 'published', by: ['claimant'], kind: 'user', label: '放弃认领' },
  lapse: {
    from: ['claimed'],
    to: 'published',
    by: ['system'],
    kind: 'system',
    label: '逾期未完成，重新上墙',
  },
  fulfil: { from: ['claimed'], to: 'fulfilled', by: ['claimant'], kind: 'user', label: '已完成' },
  confirm: { from: ['fulfilled'], to: 'done', by: ['owner', 'steward'], kind: 'user', label: '确认圆梦' },
  // 来自诉求 (issue 19): a wish made of a request that is released, lapses or is withdrawn leaves the
  // wall as the request goes back to its grid member (src/domain/volunteer-work.ts).
  recall: {
    from: ['published'],
    to: 'withdrawn',
    by: ['system'],
    kind: 'derived',
    label: '诉求退回网格员办理，心愿下墙',
  },
})
export type WishAction = keyof typeof WISH_TRANSITIONS
export const WISH_ACTIONS = Object.keys(WISH_TRANSITIONS) as WishAction[]

const FORBIDDEN: Record<WishAction, string> = {
  publish: '只有负责该楼栋的网格员可以审核心愿',
  reject: '只有负责该楼栋的网格员可以审核心愿',
  withdraw: '只有许愿人本人可以撤回',
  claim: '请先登记为志愿者，再认领心愿',
  release: '只有认领人可以放弃认领',
  lapse: '这一步由系统自动完成',
  fulfil: '只有认领人可以标记完成',
  confirm: '只有许愿人或负责的网格员可以确认',
  recall: '这一步由系统自动完成',
}

const CHANGED = '心愿状态已变化，请刷新后再试'
const CONFLICT: Record<WishAction, string> = {
  claim: '手慢了，这个心愿已被其他志愿者认领',
  publish: '这个心愿已经审核过了',
  reject: '这个心愿已经审核过了',
  confirm: '这个心愿当前不能确认',
  withdraw: CHANGED,
  release: CHANGED,
  lapse: CHANGED,
  fulfil: CHANGED,
  recall: CHANGED,
}

/** The table applied: may `relations` take `action` from `status`? (transitions.ts tableCheck) */
export const wishTransition = tableCheck<WishAction, WishStatus, WishRelation>(WISH_TRANSITIONS, {
  forbidden: FORBIDDEN,
  conflict: CONFLICT,
})

/** The buttons that would work for `relations` now. */
export const availableWishActions = userMoves(WISH_TRANSITIONS, wishTransition)

export function wishTextLength(s: string): number {
  return charCount(s.trim())
}

/** What a wish's text lacks, in the words the contract refuses it with (the forms check first). */
export const WISH_TEXT_TOO_SHORT = {
  what: `请写下心愿（至少${WISH_WHAT_MIN}个字）`,
  why: `请至少写${WISH_WHY_MIN}个字，说说为什么需要`,
} as const

/** The wish forms' own check of its two texts before sending: field → message. */
export function wishTextErrors(what: string, why: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (wishTextLength(what) < WISH_WHAT_MIN) errors.what = WISH_TEXT_TOO_SHORT.what
  if (wishTextLength(why) < WISH_WHY_MIN) errors.why = WISH_TEXT_TOO_SHORT.why
  return errors
}
