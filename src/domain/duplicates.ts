/**
 * 重复诉求 (issue 19, part 2): when a resident posts, the open requests of their building and
 * category from the last days are shown, so they can follow one (+1) instead of filing again; the
 * grid merges a duplicate that slipped through into the one it repeats.
 */
import { REQUEST_STATUSES, type RequestStatus } from './request'

/** How far back a neighbour's open request counts as "the same thing", in days. */
export const SIMILAR_WINDOW_DAYS = 14
/** How many are shown on the form at most: a few to recognise, not a list to read. */
export const SIMILAR_LIMIT = 5
/** How much of a neighbour's words the form shows (the rest may name a room or a person). */
export const SIMILAR_SUMMARY_CHARS = 30

/** The first words of a request, cut at SIMILAR_SUMMARY_CHARS characters (an emoji counts once). */
export function similarSummary(description: string): string {
  const chars = Array.from(description.trim().replace(/\s+/g, ' '))
  return chars.length <= SIMILAR_SUMMARY_CHARS
    ? chars.join('')
    : `${chars.slice(0, SIMILAR_SUMMARY_CHARS).join('')}…`
}

/** "今天" / "3天前": how long ago a neighbour reported it, in whole days. */
export function ageText(days: number): string {
  return days <= 0 ? '今天' : `${days}天前`
}

export const FOLLOWED_MESSAGE = '已记下，您会收到这条诉求的办理进展'

/**
 * 我关注的 (issue 19): what a follower sees of the request they follow — its state and the steps a
 * neighbour may know of, each as one line without who took it or what they wrote (no reporter, no
 * room, no photo, no 办理情况). The steps not listed (上报, 转派, 催办 …) are the grid's own business.
 */
export const NEIGHBOUR_STEPS: Record<string, string> = {
  create: '邻居反映了这个问题',
  follow: '又有邻居也遇到了（+1）',
  followAccepted: '又有邻居也遇到了（+1）',
  absorb: '合并了相同的反映',
  absorbAccepted: '合并了相同的反映',
  accept: '网格员已接单',
  whistle: '已请责任单位办理',
  whistleWaiting: '已请责任单位办理',
  resolve: '已办结，请评价',
  unitResolve: '已办结，请评价',
  reopen: '居民不满意，重新办理',
  appeal: '居民仍不满意，转社区办理',
  rate: '已完结',
  closeUnsatisfied: '已完结',
  autoClose: '已完结',
  toWish: '已转志愿服务',
  volunteerBack: '退回网格员办理',
  volunteerDone: '志愿服务完成，已完结',
  neighbourRate: '有邻居评价了办理结果',
  neighbourRateClosed: '有邻居评价了办理结果',
}

/** A follower may rate once it is done: 待评价 or 已完结 (a withdrawn or merged one was never done). */
export const NEIGHBOUR_RATABLE = ['resolved', 'closed'] as const

export function neighbourRatable(status: string): boolean {
  return (NEIGHBOUR_RATABLE as readonly string[]).includes(status)
}

export const NEIGHBOUR_RATED_MESSAGE = '谢谢您的评价，网格员会看到邻居们的意见'

/**
 * A request's state as a follower reads it (我关注的): 待评价 waits for the reporter's rating, not
 * theirs — to a neighbour, who may have rated already, it is 已办结.
 */
export function neighbourStatusName(status: RequestStatus): string {
  return status === 'resolved' ? '已办结' : REQUEST_STATUSES[status]
}

/**
 * 合并 moves the duplicate's people — its reporter and its followers — to the request it repeats:
 * those who do not follow (or reported) that one already. The 台账 of both names how many, never who.
 */
export function movedNote(n: number): string {
  return n > 0 ? `${n}位居民转为关注` : '没有需要转过去的关注者'
}

/** The duplicate's 台账 (and its reporter's notice): where it went and how many follow it there now. */
export function mergedNote(intoNo: string, n: number): string {
  return `合并到${intoNo}，${movedNote(n)}${n > 0 ? intoNo : ''}，办理进展会继续通知您`
}

/** The target's 台账: which duplicate it took in and how many came with it. */
export function absorbedNote(dupNo: string, n: number): string {
  return `合并了重复诉求 ${dupNo}，${movedNote(n)}${n > 0 ? '本诉求' : ''}`
}
