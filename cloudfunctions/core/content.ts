/**
 * One content check for every piece of text people write (WeChat's msgSecCheck, platform-facts.md):
 * which input fields of which action are user text is declared with the action (`userText` in
 * src/domain/contract/<feature>.ts), and the router checks them before the action runs. `risky` is refused with the field named and nothing written; `review`
 * lets it through, and the action is told (`ctx.contentCheck`) so it can mark it for a person
 * (a wish shows it to its reviewer, a request's first 台账 entry says so).
 */
import type { z } from 'zod'
import { contract, type ActionName, type Contract } from '../../src/domain/contract'
import { AppError } from '../../src/domain/errors'
import type { UserTextSpec } from '../../src/domain/usertext'
import type { ContentCheck, ContentVerdict, WxApi } from './wx'

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
  const spec = contract[action].userText as UserTextSpec<z.output<Contract[A]['input']>> | undefined
  if (!spec) return Promise.resolve('pass')
  return checkUserText(wx, openid, spec.scene, spec.fields(input))
}
