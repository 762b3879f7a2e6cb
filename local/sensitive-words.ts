/**
 * The local stand-in for WeChat's content check needs words to look for. WeChat's own lists are
 * not public; these are a small, plain sample of what it refuses (risky) and what it sends to a
 * person (review), enough for a developer and the tests to see all three answers. Data, not code.
 */

/** Refused outright. */
export const RISKY_WORDS = [
  '赌博',
  '博彩',
  '六合彩',
  '毒品',
  '冰毒',
  '大麻',
  '枪支',
  '代开发票',
  '办假证',
  '传销',
  '洗钱',
  '裸聊',
]

/** Passed to a person to look at: money, contact-offline and advertising patterns. */
export const REVIEW_WORDS = ['转账', '加微信', '加我微信', '红包', '返利', '兼职', '贷款', '代购', '中奖']
