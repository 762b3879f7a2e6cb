/**
 * 治安线索 — sensitive reports (略阳: 涉稳涉毒…及时与相关部门对接). A request is sensitive when its
 * category says so (categories.ts `sensitive`, as the community's 分类设置 has it when it is filed) or WeChat's content check found its text risky (a
 * resident reporting 毒品 or 赌博 uses the very words the check looks for). Such a request goes
 * straight to the community level (its first-level grid) and is seen by fewer people: its
 * resident, the community level — the admins and any staff of the first-level grid — and whoever
 * takes it (access.ts canHandle / canSupervise; requests/store.ts relationsOf), not the building's
 * grid members or leaders.
 */
import { contentLabelOf, type ContentFinding } from './usertext'

export interface Sensitivity {
  sensitive: boolean
  /** msgSecCheck's label when the text was risky (20006 违法犯罪 …); null otherwise. */
  contentLabel: number | null
}

export const ORDINARY: Sensitivity = { sensitive: false, contentLabel: null }

/** 其他 (21000) when WeChat called it risky without saying why. */
const UNLABELLED = 21000

export function sensitivityOf(
  category: { sensitive: boolean },
  content: ContentFinding | undefined,
): Sensitivity {
  const risky = content?.verdict === 'risky'
  return {
    sensitive: risky || category.sensitive,
    contentLabel: risky ? (content.label ?? UNLABELLED) : null,
  }
}

/**
 * What the request's first 台账 entry says of it: "内容涉及违法犯罪线索，已转社区处理" (or its
 * category's name as the community calls it); null if ordinary.
 */
export function sensitiveNote(s: Sensitivity, categoryName: string): string | null {
  if (!s.sensitive) return null
  const why = s.contentLabel !== null ? `内容涉及${contentLabelOf(s.contentLabel).clue}` : categoryName
  return `${why}，已转社区处理`
}

/**
 * A note or reason on a request (grid-only text) the check found risky keeps its words — it is
 * for the grid — and says so in the 台账: "…（内容涉及违法犯罪线索）".
 */
export function flaggedNote(note: string | null, content: ContentFinding | undefined): string | null {
  if (note === null || content?.verdict !== 'risky') return note
  return `${note}（内容涉及${contentLabelOf(content.label ?? UNLABELLED).clue}）`
}
