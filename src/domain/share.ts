/**
 * Sharing (WeChat's 转发 in the ··· menu): only pages worth passing on to a neighbour answer
 * onShareAppMessage — an activity (to sign up together) and the 心愿墙 (to find someone to help).
 * Every other page keeps it off on purpose: they show one person's requests, wishes, data or staff
 * work, and a page without onShareAppMessage cannot be forwarded (WeChat greys 转发 out). A page
 * listed here sets `enableShareAppMessage: true` in its config and calls `useShareAppMessage`.
 */

export const SHARED_PAGES = [
  'packages/resident/pages/activity/detail',
  'packages/resident/pages/wish/wall',
] as const

export interface ShareContent {
  title: string
  /** The page it opens, from the root, with its query. */
  path: string
}

/** 活动详情: the activity's own title (a fallback until it has loaded). */
export function activityShare(id: string, activity?: { title: string; kindName: string }): ShareContent {
  return {
    title: activity
      ? `社区活动｜${activity.title}（${activity.kindName}），一起报名吧`
      : '社区活动，一起报名吧',
    path: `/packages/resident/pages/activity/detail?id=${encodeURIComponent(id)}`,
  }
}

/** 心愿墙: what it is, nobody's wish in particular (the wall shows no names either). */
export function wishWallShare(): ShareContent {
  return { title: '邻里的微心愿，等您来认领｜暖心网格心愿墙', path: '/packages/resident/pages/wish/wall' }
}
