/**
 * Which input fields of an action are text a person wrote, declared with the action
 * (src/domain/contract/<feature>.ts, `userText`): the router passes them to WeChat's msgSecCheck
 * before the action runs. The scenes are msgSecCheck's own.
 */

/** msgSecCheck scene: 1 资料 (a profile), 2 评论 (a comment), 3 论坛 (a post), 4 社交日志. */
export type TextScene = 1 | 2 | 3 | 4

export const profile = 1 as const
export const comment = 2 as const
export const post = 3 as const

export interface UserTextSpec<I> {
  scene: TextScene
  /**
   * The text of one input, by field (for the error message; keys name the input's path, as the
   * guard test derives them from the schema: `others[].name`, `skills[]`); empty values are not sent.
   */
  fields: (input: I) => Record<string, string | undefined>
}
