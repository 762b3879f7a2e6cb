/**
 * 整改: a 后进 grid's task for a graded month (confirm.ts makes it). Its grid's leader writes the
 * 整改措施 (open → submitted, the admins are told); the admin closes it with a note (销号) or sends
 * it back (→ open, the leader is told). Each step is a 台账 event in the same conditional update
 * as the status and the outbox entry, so two people racing cannot both win.
 */
import type { RectifyView } from '../../../src/domain/contract'
import { AppError } from '../../../src/domain/errors'
import { RECTIFY_STATUSES, type RectifyStatus } from '../../../src/domain/grading'
import { formatLocal } from '../../../src/domain/time'
import { actorOf, auditEvent } from '../audit'
import { findGrid } from '../community'
import type { ActionContext, Caller } from '../context'
import { byId, type Database } from '../db'
import type { Audience, OutboxEntry, RectificationDoc, RectifyEventType } from '../model'
import { fanOutNow } from '../notify/fanout'
import { outboxAppend } from '../notify/outbox'
import { RECTIFY_OUTBOX, rectifications } from './store'

const NOT_FOUND = '没有找到这项整改'

const EVENT_TEXT: Record<RectifyEventType, string> = {
  create: '评定为后进，下达整改任务',
  submit: '提交整改措施',
  close: '验收通过，整改销号',
  return: '退回，重新整改',
}

const isAdmin = (caller: Caller, doc: RectificationDoc) =>
  caller.memberships.some((m) => m.role === 'communityAdmin' && m.communityId === doc.communityId)
const isLeader = (caller: Caller, doc: RectificationDoc) =>
  caller.memberships.some((m) => m.role === 'gridLeader' && m.gridId === doc.gridId)

export function rectifySummaryOf(doc: RectificationDoc, at: Date) {
  return {
    id: doc._id,
    gridId: doc.gridId,
    gridName: doc.gridName,
    month: doc.month,
    status: doc.status,
    statusLabel: RECTIFY_STATUSES[doc.status],
    dueAt: doc.dueAt.toISOString(),
    // Overdue while the measures are still not in (a task sent back counts from the same deadline).
    overdue: doc.status === 'open' && at > doc.dueAt,
  }
}

function toView(doc: RectificationDoc, caller: Caller, at: Date): RectifyView {
  return {
    ...rectifySummaryOf(doc, at),
    reasons: doc.reasons,
    measures: doc.measures,
    reviewNote: doc.reviewNote,
    maySubmit: doc.status === 'open' && isLeader(caller, doc),
    mayReview: doc.status === 'submitted' && isAdmin(caller, doc),
    events: doc.events.map((e) => ({
      at: e.at.toISOString(),
      actorName: e.actorName,
      text: e.note ? `${EVENT_TEXT[e.type]}：${e.note}` : EVENT_TEXT[e.type],
    })),
  }
}

/** The 整改 the caller may see: the admin's community's, a leader's own grids'. */
export function rectifyScope(db: Database, caller: Caller): object | null {
  const _ = db.command
  const admin = caller.memberships.filter((m) => m.role === 'communityAdmin').map((m) => m.communityId)
  const led = caller.memberships.filter((m) => m.role === 'gridLeader').map((m) => m.gridId as string)
  const parts = [
    ...(admin.length ? [{ communityId: _.in(admin) }] : []),
    ...(led.length ? [{ gridId: _.in(led) }] : []),
  ]
  return parts.length ? _.or(parts) : null
}

export async function listRectifications(_input: Record<string, never>, ctx: ActionContext) {
  const { db, now } = ctx.deps
  const scope = rectifyScope(db, ctx.caller)
  if (!scope) throw new AppError('FORBIDDEN', '只有网格长和社区管理员可以查看整改')
  const res = await rectifications(db).where(scope).orderBy('createdAt', 'desc').limit(100).get()
  const at = now()
  // What waits for someone first: open, then submitted, then closed; newest month first within.
  const order: Record<RectifyStatus, number> = { open: 0, submitted: 1, closed: 2 }
  const items = res.data
    .sort((a, b) => order[a.status] - order[b.status] || b.month.localeCompare(a.month))
    .map((d) => toView(d, ctx.caller, at))
  return { items }
}

async function visible(ctx: ActionContext, id: string): Promise<RectificationDoc> {
  const doc = await byId(ctx.deps.db, 'rectifications', id)
  if (!doc || !(isAdmin(ctx.caller, doc) || isLeader(ctx.caller, doc)))
    throw new AppError('NOT_FOUND', NOT_FOUND)
  return doc
}

/** One step: status, 台账 event and notice in one conditional write; CONFLICT if someone moved it first. */
async function step(
  ctx: ActionContext,
  doc: RectificationDoc,
  type: Exclude<RectifyEventType, 'create'>,
  to: RectifyStatus,
  note: string,
  changes: Partial<RectificationDoc>,
  notice: { to: Audience[]; title: string; state: string },
): Promise<RectificationDoc> {
  const { db, now } = ctx.deps
  const at = now()
  const actor = actorOf(ctx.caller, '管理员')
  const event = auditEvent(at, type, actor, doc.status, to, note)
  const entry: OutboxEntry = {
    seq: doc.outboxSeq,
    at,
    kind: 'task',
    to: notice.to,
    exceptOpenid: actor.openid,
    title: notice.title,
    fields: {
      no: `整改${doc.month}`,
      what: note,
      where: doc.gridName,
      state: notice.state,
      time: (to === 'open' ? doc.dueAt : at).toISOString(),
      note: notice.title,
    },
  }
  const res = await rectifications(db)
    .where({ _id: doc._id, status: doc.status, outboxSeq: doc.outboxSeq })
    .update({
      ...changes,
      status: to,
      updatedAt: at,
      events: db.command.push([event]),
      ...outboxAppend(db, [entry]),
    })
  if (res.updated !== 1) throw new AppError('CONFLICT', '这项整改刚被别人处理过，请刷新后再看')
  const after = (await byId(db, 'rectifications', doc._id)) as RectificationDoc
  await fanOutNow(db, RECTIFY_OUTBOX, after, at)
  return after
}

export async function submitRectification(input: { id: string; measures: string }, ctx: ActionContext) {
  const doc = await visible(ctx, input.id)
  if (!isLeader(ctx.caller, doc)) throw new AppError('FORBIDDEN', '整改措施由本网格的网格长填写')
  if (doc.status === 'submitted' && doc.measures === input.measures)
    return toView(doc, ctx.caller, ctx.deps.now())
  if (doc.status !== 'open')
    throw new AppError(
      'CONFLICT',
      doc.status === 'closed' ? '这项整改已经销号' : '整改措施已提交，请等待社区验收',
    )
  const grid = await findGrid(ctx.deps.db, doc.gridId)
  const community = grid ? grid.path[0] : doc.gridId
  const m = Number(doc.month.slice(5))
  const after = await step(
    ctx,
    doc,
    'submit',
    'submitted',
    input.measures,
    { measures: input.measures },
    {
      // The community's level: its admins (and whoever works there).
      to: [{ grid: community }],
      title: `${doc.gridName}${m}月整改措施待验收`,
      state: '待验收',
    },
  )
  return toView(after, ctx.caller, ctx.deps.now())
}

export async function reviewRectification(
  input: { id: string; decision: 'close' | 'return'; note: string },
  ctx: ActionContext,
) {
  const doc = await visible(ctx, input.id)
  if (!isAdmin(ctx.caller, doc)) throw new AppError('FORBIDDEN', '整改由社区管理员验收')
  if (doc.status !== 'submitted')
    throw new AppError('CONFLICT', doc.status === 'closed' ? '这项整改已经销号' : '网格长还没有提交整改措施')
  const m = Number(doc.month.slice(5))
  const close = input.decision === 'close'
  const after = await step(
    ctx,
    doc,
    close ? 'close' : 'return',
    close ? 'closed' : 'open',
    input.note,
    { reviewNote: input.note },
    {
      to: [{ grid: doc.gridId }],
      title: close
        ? `${m}月整改已验收销号`
        : `${m}月整改被退回，请在${formatLocal(doc.dueAt, 'M月D日')}前重新提交`,
      state: close ? '已销号' : '退回整改',
    },
  )
  return toView(after, ctx.caller, ctx.deps.now())
}
