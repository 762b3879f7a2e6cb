/**
 * One content check for every piece of text people write (WeChat's msgSecCheck, platform-facts.md):
 * which input fields of which action are user text is declared here, and the router checks them
 * before the action runs. `risky` is refused with the field named and nothing written; `review`
 * lets it through, and the action is told (`ctx.contentCheck`) so it can mark it for a person
 * (a wish shows it to its reviewer, a request's first 台账 entry says so).
 */
import type { z } from 'zod'
import type { ActionName, Contract } from '../../src/domain/contract'
import { AppError } from '../../src/domain/errors'
import type { ContentCheck, ContentVerdict, WxApi } from './wx'

/** The text of one input, by field (for the error message); empty values are not sent. */
type TextOf<A extends ActionName> = (
  input: z.output<Contract[A]['input']>,
) => Record<string, string | undefined>

interface TextSpec<A extends ActionName> {
  /** msgSecCheck scene: 1 资料, 2 评论, 3 论坛. */
  scene: ContentCheck['scene']
  fields: TextOf<A>
}

type TextSpecs = { [A in ActionName]?: TextSpec<A> }

const post = 3 as const
const comment = 2 as const
const profile = 1 as const

/**
 * Keys name the input's path (`others[].name`, `skills[]`), as the guard test derives them from
 * the contract's schemas: every string a person writes is here.
 */
export const USER_TEXT: TextSpecs = {
  'me.bindBuilding': { scene: profile, fields: (i) => ({ room: i.room }) },
  'me.contact': { scene: profile, fields: (i) => ({ name: i.name }) },
  'request.create': { scene: post, fields: (i) => ({ description: i.description }) },
  'request.createOnBehalf': {
    scene: post,
    fields: (i) => ({ description: i.description, residentName: i.residentName, room: i.room }),
  },
  'request.resolve': { scene: comment, fields: (i) => ({ note: i.note }) },
  'request.rate': { scene: comment, fields: (i) => ({ comment: i.comment }) },
  'request.cancel': { scene: comment, fields: (i) => ({ reason: i.reason }) },
  'request.escalate': { scene: comment, fields: (i) => ({ reason: i.reason }) },
  'request.return': { scene: comment, fields: (i) => ({ reason: i.reason }) },
  'request.chase': { scene: comment, fields: (i) => ({ note: i.note }) },
  'wish.create': { scene: post, fields: (i) => ({ what: i.what, why: i.why }) },
  'wish.createOnBehalf': {
    scene: post,
    fields: (i) => ({ what: i.what, why: i.why, residentName: i.residentName, room: i.room }),
  },
  'wish.review': { scene: comment, fields: (i) => ({ reason: i.reason }) },
  'wish.fulfil': { scene: comment, fields: (i) => ({ note: i.note }) },
  'volunteer.register': {
    scene: profile,
    fields: (i) => ({
      name: i.name,
      'skills[]': i.skills.join('、'),
      availability: i.availability,
      'party.workUnit': i.party?.workUnit,
      'party.branch': i.party?.branch,
    }),
  },
  'activity.create': {
    scene: post,
    fields: (i) => ({
      title: i.title,
      description: i.description,
      place: i.place,
      organiser: i.organiser,
      'roles[].name': i.roles.map((r) => r.name).join('、'),
    }),
  },
  'child.register': {
    scene: profile,
    fields: (i) => ({
      name: i.name,
      allergies: i.allergies,
      notes: i.notes,
      'guardian.name': i.guardian.name,
      'guardian.relation': i.guardian.relation,
      'others[].name': i.others.map((o) => o.name).join('、'),
      'others[].relation': i.others.map((o) => o.relation).join('、'),
    }),
  },
  'elder.add': {
    scene: profile,
    fields: (i) => ({ name: i.name, room: i.room, notes: i.notes, 'consent.note': i.consent.note }),
  },
  'visit.log': { scene: comment, fields: (i) => ({ needs: i.needs, note: i.note }) },
  'invite.create': { scene: profile, fields: (i) => ('name' in i ? { name: i.name } : {}) },
  'role.revoke': { scene: comment, fields: (i) => ({ reason: i.reason }) },
  'setup.saveGrid': { scene: profile, fields: (i) => ({ name: i.name }) },
  'setup.saveBuilding': { scene: profile, fields: (i) => ({ name: i.name, address: i.address }) },
  'setup.savePerson': { scene: profile, fields: (i) => ({ name: i.name }) },
  'calendar.adjust': { scene: profile, fields: (i) => ({ note: i.note }) },
}

export const RISKY_MESSAGE = '内容含有不适宜公开的信息，请修改后再提交'

/**
 * Checks `fields` (each on its own, so the refusal names the field); throws INVALID_INPUT if any
 * is risky. Answers `review` if any needs a person's look, else `pass`.
 */
export async function checkUserText(
  wx: WxApi,
  openid: string,
  scene: ContentCheck['scene'],
  fields: Record<string, string | undefined>,
): Promise<Exclude<ContentVerdict, 'risky'>> {
  const texts = Object.entries(fields).filter((e): e is [string, string] => !!e[1]?.trim())
  const verdicts = await Promise.all(texts.map(([, content]) => wx.checkText({ content, openid, scene })))
  const risky = texts.filter((_, i) => verdicts[i] === 'risky').map(([field]) => field)
  if (risky.length) {
    throw new AppError(
      'INVALID_INPUT',
      RISKY_MESSAGE,
      Object.fromEntries(risky.map((f) => [f, RISKY_MESSAGE])),
    )
  }
  return verdicts.includes('review') ? 'review' : 'pass'
}

/** The router's step: the declared text of this action's input, checked. */
export function checkActionText<A extends ActionName>(
  wx: WxApi,
  openid: string,
  action: A,
  input: z.output<Contract[A]['input']>,
): Promise<Exclude<ContentVerdict, 'risky'>> {
  const spec = USER_TEXT[action] as TextSpec<A> | undefined
  if (!spec) return Promise.resolve('pass')
  return checkUserText(wx, openid, spec.scene, spec.fields(input))
}
