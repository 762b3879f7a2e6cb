/**
 * 巡查发现 (略阳: 巡查市容环境、综治维稳; 三顺店: 义务巡逻): an issue grid staff — or a 楼栋长 in their
 * own building — find themselves on a round. It is a request (one lifecycle, the same clocks and
 * routing as a resident's from that building) whose `source` is 'patrol': nobody's resident, so
 * nobody rates or withdraws it, and the worker who found it may take it themselves (现场解决).
 * Nobody rates it, so 办结 closes it at once (the 台账 says so); the board counts it apart from
 * residents' requests, whose rates stay what they were.
 */

export const REQUEST_SOURCES = {
  resident: '居民反映',
  patrol: '巡查发现',
  /** 开放接口 (src/domain/open311.ts): filed by an organisation through its API key, nobody's resident. */
  open311: '开放接口',
} as const
export type RequestSource = keyof typeof REQUEST_SOURCES

/** Whether a request of `source` holds a resident's open-request slot (巡查发现 and 开放接口 are nobody's). */
export function holdsResidentSlot(source: RequestSource | undefined): boolean {
  return source !== 'patrol' && source !== 'open311'
}

/** Where on the round, in the finder's words: "3单元楼道", "小区北门停车场". */
export const PLACE_MIN_CHARS = 2
export const PLACE_MAX_CHARS = 40

/**
 * The residentOpenid of a patrol item: no person's, so the owner's moves (评价, 撤销) are nobody's
 * and no resident's open-request limit counts it.
 */
export const PATROL_OWNER = 'patrol'

/** The 台账 note of the close that follows a patrol item's 办结 (no rating to wait for). */
export const PATROL_CLOSE_NOTE = '巡查发现无需评价，办结即完结'

/** How a patrol item names its place: the building (or the grid, for a spot outside one) and the words. */
export function patrolWhere(placeName: string, place: string): string {
  return `${placeName} · ${place}`
}
