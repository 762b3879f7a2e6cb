/**
 * 吹哨报到 (issue 17, part 2) on the request itself: a leader above or the admin calls a unit in
 * (吹哨); the unit reports in (报到), resolves with photos or hands it back with the reason. Each is
 * a transition of the request's table (src/domain/request.ts), an event in its 台账 and notices
 * through the outbox; the unit's own clocks (src/domain/units.ts) run beside the request's.
 */
import { AppError } from '../../../src/domain/errors'
import { UNIT_CLOCKS } from '../../../src/domain/units'
import { addDuration } from '../../../src/domain/workdays'
import type { ActionContext } from '../context'
import { actorName } from '../audit'
import { byId } from '../db'
import { resultPhotos } from '../photos'
import { move } from '../requests/moves'
import { unitOrgsOf } from '../../../src/domain/street'
import type { RequestDoc, UnitTaskDoc } from '../model'

/** 吹哨: the unit's clocks start now; the request is in hand, its caller following it. */
export async function whistleRequest(
  input: { id: string; unitId: string; note?: string },
  ctx: ActionContext,
) {
  const unit = await byId(ctx.deps.db, 'units', input.unitId)
  return move(ctx, input.id, (doc) => ({
    action: doc.status === 'assigned' ? 'whistleWaiting' : 'whistle',
    note: `请${unit?.name ?? '责任单位'}办理${input.note ? `：${input.note}` : ''}`,
    retryOf: ['whistle', 'whistleWaiting'],
    check: () => {
      if (!unit || !unitOrgsOf(doc).includes(unit.communityId))
        throw new AppError('NOT_FOUND', '没有找到这个责任单位')
    },
    changes: (d, at, calendar) => {
      if (!unit) throw new AppError('NOT_FOUND', '没有找到这个责任单位')
      const clocks = UNIT_CLOCKS[d.tier]
      const acceptBy = addDuration(at, clocks.acceptWithin, calendar)
      const resolveBy = addDuration(acceptBy, clocks.resolveWithin, calendar)
      const calledBy = { openid: ctx.caller.openid, name: actorName(ctx.caller) }
      return {
        // Waiting, nobody had it: the one who blew the whistle follows it from now on.
        ...(d.status === 'assigned'
          ? { assigneeOpenid: calledBy.openid, assigneeName: calledBy.name, acceptedAt: at }
          : {}),
        // The grid's own resolve clock does not run out before the unit's.
        resolveBy: resolveBy > d.resolveBy ? resolveBy : d.resolveBy,
        // A unit called before (it returned it) keeps its place on the board.
        ...(d.unit ? { unitHistory: [...(d.unitHistory ?? []), d.unit] } : {}),
        unit: {
          unitId: unit._id,
          unitName: unit.name,
          kind: unit.kind,
          state: 'called' as const,
          calledBy,
          calledAt: at,
          acceptBy,
          resolveBy,
          acceptedAt: null,
          handler: null,
        },
      }
    },
  }))
}

/** The unit's task, moved to `state` (the move was checked against it: rules.ts). */
function task(doc: RequestDoc, changes: Partial<UnitTaskDoc>): Pick<RequestDoc, 'unit'> {
  if (!doc.unit) throw new AppError('CONFLICT', '这条诉求没有请责任单位办理')
  return { unit: { ...doc.unit, ...changes } }
}

/** 报到: the unit takes it on; its contact is who handles it there. */
export function unitAccept(input: { id: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'unitAccept',
    note: null,
    changes: (d, at) =>
      task(d, {
        state: 'accepted',
        acceptedAt: at,
        handler: { openid: ctx.caller.openid, name: actorName(ctx.caller) },
      }),
  }))
}

/** 办结 by the unit, with up to 3 photos; the resident rates it as any other. */
export function unitResolve(input: { id: string; note: string; photos?: string[] }, ctx: ActionContext) {
  const photos = resultPhotos(ctx, input.photos)
  return move(ctx, input.id, () => ({
    action: 'unitResolve',
    note: input.note,
    check: photos.check,
    changes: (d, at) => ({
      ...task(d, { state: 'resolved', resolvedAt: at }),
      resolvedAt: at,
      resolutionNote: input.note,
      ...photos.added(),
    }),
  }))
}

/** 收回: a leader above or the admin takes the task back (the unit did not come); the unit is told. */
export function unitRecall(input: { id: string; reason: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'unitRecall',
    note: input.reason,
    changes: (d) => task(d, { state: 'recalled' }),
  }))
}

/** Not theirs: back to whoever called them in, who must resolve it or call another unit. */
export function unitReturn(input: { id: string; reason: string }, ctx: ActionContext) {
  return move(ctx, input.id, () => ({
    action: 'unitReturn',
    note: input.reason,
    changes: (d) => task(d, { state: 'returned' }),
  }))
}
