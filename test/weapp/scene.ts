/**
 * What the demo community has besides its seed, for the weapp pages that show one thing: a
 * 大讲堂 evening next week, a 暖心助老 visit day tomorrow, a published 微心愿 of 王大爷's, an open
 * invitation, and 王大爷's newest request. Made through the host's api as the people who would.
 */
import { activityInput } from '../support/fixtures'
import type { WeappHarness } from './runtime/harness'

export interface Scene {
  lectureId: string
  lectureSessionId: string
  careSessionId: string
  wishId: string
  inviteCode: string
  /** 王大爷's newest request (the seed's 声控灯, waiting to be accepted). */
  requestId: string
}

interface ActivityView {
  id: string
  sessions: { id: string }[]
}

/** Made once per file, on 2026-11-25 (a Wednesday) or a day near it. */
export async function demoScene(h: WeappHarness): Promise<Scene> {
  // activityInput's default: one 大讲堂 evening, 2026-12-03 19:00, 30 听众.
  const lecture = await h.api<{ id: string }>(
    'demo-admin',
    'activity.create',
    activityInput('weapp-scene-lecture-01'),
  )
  const care = await h.api<{ id: string }>(
    'demo-admin',
    'activity.create',
    activityInput('weapp-scene-care-0001', {
      kind: 'elderCare',
      title: '爱心敲门·暖心助老',
      place: '幸福里社区各楼栋',
      schedule: { from: '2026-11-26', time: '09:00', durationMinutes: 120 },
      roles: [{ key: 'visitor', name: '助老志愿者', capacity: 4, audience: 'volunteer' }],
    }),
  )
  const lectureView = await h.api<ActivityView>('demo-admin', 'activity.get', { id: lecture.id })
  const careView = await h.api<ActivityView>('demo-admin', 'activity.get', { id: care.id })
  const wish = await h.api<{ id: string }>('demo-resident-1', 'wish.create', {
    requestId: 'weapp-scene-wish-0001',
    category: 'goods',
    what: '一副助行器',
    why: '老伴腿脚不便，下楼散步需要扶着东西走',
  })
  await h.api('demo-member-1-1', 'wish.review', { id: wish.id, decision: 'publish' })
  const invite = await h.api<{ code: string }>('demo-admin', 'invite.create', {
    requestId: 'weapp-scene-invite-01',
    role: 'gridMember',
    gridId: 'g-1-3-2',
    name: '黄晓燕',
  })
  const mine = await h.api<{ items: { id: string }[] }>('demo-resident-1', 'request.listMine', {})
  return {
    lectureId: lecture.id,
    lectureSessionId: lectureView.sessions[0].id,
    careSessionId: careView.sessions[0].id,
    wishId: wish.id,
    inviteCode: invite.code,
    requestId: mine.items[0].id,
  }
}
