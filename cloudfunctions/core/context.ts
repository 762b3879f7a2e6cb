import { AppError } from '../../src/domain/errors'
import type { ContentFinding } from '../../src/domain/usertext'
import type { Database } from './db'
import type { FileStore } from './files'
import type { WxApi } from './wx'
import type { MembershipDoc, UserDoc } from './model'

/** What every use case receives: the outside world, passed in so tests can set the clock. */
export interface Deps {
  db: Database
  now: () => Date
  files: FileStore
  /** WeChat's server APIs: content check, subscribe messages. */
  wx: WxApi
}

/** The authenticated caller, loaded from the database by the router. */
export interface Caller {
  openid: string
  user: UserDoc | null
  /** The roles held in the community the caller works in (working.ts): all any use case sees. */
  memberships: MembershipDoc[]
  /** That community; null for someone without a role anywhere. */
  communityId: string | null
  /** Every role, in every community: only 我的 (the switcher) reads these. */
  allMemberships: MembershipDoc[]
}

export interface ActionContext {
  deps: Deps
  caller: Caller
  /**
   * What the content check said of the input's user text (content.ts): `review`, mark it for a
   * person; `risky` reaches only actions whose text the grid alone reads (a request: to the community).
   */
  contentCheck?: ContentFinding
}

export const BIND_FIRST = '请先扫描您所在楼栋的二维码，绑定楼栋后再提交'

/** The caller as a resident bound to a building (the router checks it for 'resident' actions). */
export function boundResident(caller: Caller): UserDoc & { buildingCode: string } {
  const user = caller.user
  if (!user?.buildingCode) throw new AppError('FORBIDDEN', BIND_FIRST)
  return { ...user, buildingCode: user.buildingCode }
}
