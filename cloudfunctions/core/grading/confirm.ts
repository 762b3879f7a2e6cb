/**
 * 评定: the admin grades a closed month once (src/domain/grading.ts); its 后进 grids get their
 * 整改 task, once per grid-month, and the grid's leader is told through the outbox.
 */
import type { z } from 'zod'
import type { metricsMonth } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { monthClosed, RECTIFY_WORKING_DAYS } from '../../../src/domain/grading'
import { monthBounds, type GridMonth } from '../../../src/domain/metrics'
import { formatLocal } from '../../../src/domain/time'
import { addWorkingDays } from '../../../src/domain/workdays'
import { actorOf, auditEvent, type Actor } from '../audit'
import { communityCalendar } from '../calendar/store'
import type { ActionContext } from '../context'
import { byId, type Database } from '../db'
import type { GradedGridDoc, GradingDoc, RectificationDoc } from '../model'
import { fanOutNow } from '../notify/fanout'
import { monthMetrics } from '../metrics/board'
import { adminCommunity } from '../scopes'
import { shownWhere } from '../staging'
import { flagOf, gradedLines } from './grade'
import { gradingId, gradings, pollTallies, RECTIFY_OUTBOX, rectifications, rectifyId } from './store'
import { active } from '../community'

type Board = z.output<typeof metricsMonth>

/** 评定: the admin grades a closed month once; its 后进 grids get their 整改 task. */
export async function confirmGrade(input: { month: string }, ctx: ActionContext): Promise<Board> {
  const { db, now } = ctx.deps
  const communityId = adminCommunity(ctx.caller, '只有社区管理员可以评定')
  const at = now()
  if (monthBounds(input.month).start > at) throw new AppError('INVALID_INPUT', '这个月还没有到')
  if (!monthClosed(monthBounds(input.month).end, at))
    throw new AppError('INVALID_INPUT', '本月还没有结束，月底后才能评定')
  const id = gradingId(communityId, input.month)
  if (!(await byId(db, 'gradings', id))) {
    // The figures exactly as the board shows them now.
    const board = await monthMetrics(input, ctx)
    const grids = active(await shownWhere(db, 'grids', { communityId, level: 2 }))
    const figures = new Map(board.grids.map((g) => [g.gridId, g as GridMonth]))
    const lines = gradedLines(grids, figures, await pollTallies(db, communityId, input.month))
    const flag = flagOf(lines)
    const doc: GradingDoc = {
      _id: id,
      communityId,
      month: input.month,
      gradedAt: at,
      actor: actorOf(ctx.caller, '管理员'),
      flag: flag ? { gridId: flag.gridId, name: flag.name } : null,
      grids: lines,
    }
    try {
      await gradings(db).add(doc)
    } catch (err) {
      if (!(await byId(db, 'gradings', id))) throw err
    }
  }
  await openRectifications(db, (await byId(db, 'gradings', id)) as GradingDoc, ctx, at)
  return monthMetrics(input, ctx)
}

/** A 整改 for each 后进 grid of a graded month, once per grid-month (its id is the grid-month's). */
async function openRectifications(db: Database, grading: GradingDoc, ctx: ActionContext, at: Date) {
  const calendar = await communityCalendar(db, grading.communityId)
  for (const line of grading.grids.filter((l) => l.grade === 'behind')) {
    const _id = rectifyId(line.gridId, grading.month)
    if (await byId(db, 'rectifications', _id)) continue
    const dueAt = addWorkingDays(at, RECTIFY_WORKING_DAYS, calendar)
    const doc = rectificationDoc(grading, line, actorOf(ctx.caller, '管理员'), at, dueAt)
    try {
      await rectifications(db).add(doc)
    } catch (err) {
      if (!(await byId(db, 'rectifications', _id))) throw err
      continue
    }
    await fanOutNow(db, RECTIFY_OUTBOX, doc, at)
  }
}

/** A new 整改 as stored: open, its first 台账 entry, and the notice for the grid's leader. */
export function rectificationDoc(
  grading: Pick<GradingDoc, 'communityId' | 'month'>,
  line: Pick<GradedGridDoc, 'gridId' | 'name' | 'reasons'>,
  actor: Actor,
  at: Date,
  dueAt: Date,
): RectificationDoc {
  const event = auditEvent(at, 'create' as const, actor, null, 'open' as const, line.reasons.join('；'))
  const m = Number(grading.month.slice(5))
  return {
    _id: rectifyId(line.gridId, grading.month),
    communityId: grading.communityId,
    gridId: line.gridId,
    gridName: line.name,
    month: grading.month,
    reasons: line.reasons,
    status: 'open',
    dueAt,
    measures: null,
    reviewNote: null,
    createdAt: at,
    updatedAt: at,
    events: [event],
    outbox: [
      {
        seq: 0,
        at,
        kind: 'task',
        to: [{ grid: line.gridId }],
        exceptOpenid: actor.openid,
        title: `${m}月评定为后进，请提交整改措施`,
        fields: {
          no: `整改${grading.month}`,
          what: `${m}月评定为后进：${line.reasons.join('，')}`,
          where: line.name,
          state: '待整改',
          time: dueAt.toISOString(),
          note: `请在${formatLocal(dueAt, 'M月D日')}前提交整改措施`,
        },
      },
    ],
    outboxSeq: 1,
    outboxFanned: 0,
    outboxPending: true,
  }
}
