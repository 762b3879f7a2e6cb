/**
 * One content check for every piece of text people write (WeChat's msgSecCheck, platform-facts.md):
 * which input fields of which action are user text, and who reads them, is declared with the action
 * (`userText` in src/domain/contract/<feature>.ts), and the router checks them before the action
 * runs. Public text that is `risky` is refused with the field named and nothing written; text only
 * the grid reads (a request and its notes) is never refused for it. Either way the action is told
 * what the check said (`ctx.contentCheck`: the verdict and WeChat's label), so it can mark `review`
 * text for a person (a wish shows it to its reviewer, a request's first 台账 entry says so) and
 * send a risky report to the community (requests/create.ts).
 */
import type { z } from 'zod'
import type { ActionName, Contract } from '../../src/domain/contract'
import { AppError } from '../../src/domain/errors'
import type { ContentFinding, TextShown, UserTextSpec } from '../../src/domain/usertext'
import type { ContentCheck, WxApi } from './wx'

export const RISKY_MESSAGE = '内容含有不适宜公开的信息，请修改后再提交'

const PASSED: ContentFinding = { verdict: 'pass', label: null }

/**
 * Checks `fields` (each on its own, so a refusal names the field). Public text: throws
 * INVALID_INPUT if any is risky. Answers the worst verdict and the label of the field that gave it.
 */
export async function checkUserText(
  wx: WxApi,
  openid: string,
  scene: ContentCheck['scene'],
  shown: TextShown,
  fields: Record<string, string | undefined>,
): Promise<ContentFinding> {
  const texts = Object.entries(fields).filter((e): e is [string, string] => !!e[1]?.trim())
  const answers = await Promise.all(texts.map(([, content]) => wx.checkText({ content, openid, scene })))
  const risky = texts.filter((_, i) => answers[i].suggest === 'risky').map(([field]) => field)
  if (risky.length && shown === 'public') {
    throw new AppError(
      'INVALID_INPUT',
      RISKY_MESSAGE,
      Object.fromEntries(risky.map((f) => [f, RISKY_MESSAGE])),
    )
  }
  const worst =
    answers.find((a) => a.suggest === 'risky') ?? answers.find((a) => a.suggest === 'review') ?? null
  return worst ? { verdict: worst.suggest, label: worst.label } : PASSED
}

/** The router's step: the declared text of this action's input (`declared`: its contract entry), checked. */
export function checkActionText<A extends ActionName>(
  wx: WxApi,
  openid: string,
  declared: Contract[A],
  input: z.output<Contract[A]['input']>,
): Promise<ContentFinding> {
  const spec = (declared as { userText?: unknown }).userText as
    | UserTextSpec<z.output<Contract[A]['input']>>
    | undefined
  if (!spec) return Promise.resolve(PASSED)
  return checkUserText(wx, openid, spec.scene, spec.shown, spec.fields(input))
}
