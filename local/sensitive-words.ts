/**
 * The local stand-in for WeChat's content check needs words to look for. WeChat's own lists are
 * not public; these are a small, plain sample of what it refuses (risky) and what it sends to a
 * person (review), enough for a developer and the tests to see all three answers — each with the
 * label msgSecCheck would give (src/domain/usertext.ts CONTENT_LABELS). Data, not code.
 */

/** Refused outright (public text) or sent to the community (a request), by label. */
export const RISKY_WORDS: Record<number, readonly string[]> = {
  20006: ['赌博', '博彩', '六合彩', '毒品', '冰毒', '大麻', '枪支', '办假证', '传销', '洗钱'],
  20008: ['代开发票'],
  20002: ['裸聊'],
}

/** Passed to a person to look at: money, contact-offline and advertising patterns, by label. */
export const REVIEW_WORDS: Record<number, readonly string[]> = {
  20008: ['转账', '红包', '返利', '贷款', '中奖'],
  10001: ['加微信', '加我微信', '兼职', '代购'],
}
