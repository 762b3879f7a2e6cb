/**
 * 重复诉求 (issue 19, part 2): when a resident posts, the open requests of their building and
 * category from the last days are shown, so they can follow one (+1) instead of filing again; the
 * grid merges a duplicate that slipped through into the one it repeats.
 */

/** How far back a neighbour's open request counts as "the same thing", in days. */
export const SIMILAR_WINDOW_DAYS = 14
/** How many are shown on the form at most: a few to recognise, not a list to read. */
export const SIMILAR_LIMIT = 5
/** How much of a neighbour's words the form shows (the rest may name a room or a person). */
export const SIMILAR_SUMMARY_CHARS = 30

/** The first words of a request, cut at SIMILAR_SUMMARY_CHARS characters (an emoji counts once). */
export function similarSummary(description: string): string {
  const chars = Array.from(description.trim().replace(/\s+/g, ' '))
  return chars.length <= SIMILAR_SUMMARY_CHARS
    ? chars.join('')
    : `${chars.slice(0, SIMILAR_SUMMARY_CHARS).join('')}…`
}

/** "今天" / "3天前": how long ago a neighbour reported it, in whole days. */
export function ageText(days: number): string {
  return days <= 0 ? '今天' : `${days}天前`
}

export const FOLLOWED_MESSAGE = '已记下，您会收到这条诉求的办理进展'
