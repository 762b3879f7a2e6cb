/**
 * Which input fields of an action are text a person wrote, declared with the action
 * (src/domain/contract/<feature>.ts, `userText`): the router passes them to WeChat's msgSecCheck
 * before the action runs. The scenes and the label codes are msgSecCheck's own.
 */

/** msgSecCheck scene: 1 资料 (a profile), 2 评论 (a comment), 3 论坛 (a post), 4 社交日志. */
export type TextScene = 1 | 2 | 3 | 4

export const profile = 1 as const
export const comment = 2 as const
export const post = 3 as const

/**
 * Who reads the text, which decides what a `risky` answer does:
 * - `public`: other people may read it (心愿墙 wishes, 活动 titles and descriptions, names on
 *   rosters and posters), or it is a record about a person where a risky word is a slip, not a
 *   report (rooms, names, a child's notes): refused, nothing written;
 * - `grid`: it lands on a request — the description, a note or reason in its 台账 — which only its
 *   resident and the staff who may handle it read. Checked, never refused: the action is told the
 *   verdict and the label (a report of 涉毒涉赌 is what the grid must hear, 略阳: 涉稳涉毒…及时与相关部门对接).
 */
export type TextShown = 'public' | 'grid'

export interface UserTextSpec<I> {
  scene: TextScene
  shown: TextShown
  /**
   * The text of one input, by field (for the error message; keys name the input's path, as the
   * guard test derives them from the schema: `others[].name`, `skills[]`); empty values are not sent.
   */
  fields: (input: I) => Record<string, string | undefined>
}

/** security.msgSecCheck v2's answer (platform-facts.md): pass / review / risky. */
export type ContentVerdict = 'pass' | 'review' | 'risky'

/**
 * msgSecCheck's `result.label` (命中标签枚举值), in words: `name` for a label, `clue` for what a
 * request's 台账 says it holds ("内容涉及违法犯罪线索，已转社区处理").
 */
export const CONTENT_LABELS = {
  100: { name: '正常', clue: '正常内容' },
  10001: { name: '广告', clue: '广告信息' },
  20001: { name: '时政', clue: '时政敏感信息' },
  20002: { name: '色情', clue: '色情信息' },
  20003: { name: '辱骂', clue: '辱骂内容' },
  20006: { name: '违法犯罪', clue: '违法犯罪线索' },
  20008: { name: '欺诈', clue: '欺诈线索' },
  20012: { name: '低俗', clue: '低俗内容' },
  20013: { name: '版权', clue: '侵权内容' },
  21000: { name: '其他', clue: '敏感信息' },
} as const satisfies Record<number, { name: string; clue: string }>

export type ContentLabel = keyof typeof CONTENT_LABELS

/** A label WeChat may add later reads as 其他. */
export function contentLabelOf(code: number): (typeof CONTENT_LABELS)[ContentLabel] {
  return CONTENT_LABELS[code as ContentLabel] ?? CONTENT_LABELS[21000]
}

/** What the check said of an action's text: the worst verdict of its fields, and that field's label. */
export interface ContentFinding {
  verdict: ContentVerdict
  /** msgSecCheck's label code of the field that decided the verdict; null when all passed. */
  label: number | null
}

/** The text should be looked at by a person before it is relied on (a wish's reviewer, a request's handler). */
export function needsReview(check: ContentFinding | undefined): boolean {
  return check?.verdict === 'review'
}

/** A stored label in words (违法犯罪); null when nothing was found. */
export function contentLabelName(code: number | null | undefined): string | null {
  return code == null ? null : contentLabelOf(code).name
}
