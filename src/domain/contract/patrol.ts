/**
 * 巡查发现 and the 楼栋长's building (issue 16, parts 2 and 3): each action once — input, output,
 * who may call, rate limit, user text.
 */
import * as z from 'zod'
import { CATEGORY_CODES } from '../categories'
import { PLACE_MAX_CHARS, PLACE_MIN_CHARS, REQUEST_SOURCES } from '../patrol'
import { hour } from '../ratelimits'
import { REQUEST_STATUS_CODES } from '../request'
import { codesOf } from '../transitions'
import { post } from '../usertext'
import {
  NOT_USER_TEXT,
  action,
  buildingCodeSchema,
  descriptionSchema,
  isoTime,
  photoIds,
  requestIdSchema,
  requestSummary,
} from './schemas'

/** One of the neighbours' open requests as a 楼栋长 sees it: no name, phone, room or photo. */
export const neighbourRequest = z.object({
  id: z.string(),
  no: z.string(),
  categoryName: z.string(),
  description: z.string(),
  status: z.enum(REQUEST_STATUS_CODES),
  statusName: z.string(),
  source: z.enum(codesOf(REQUEST_SOURCES)),
  place: z.string().nullable(),
  /** Who holds it: the grid, and the member once someone took it. */
  gridName: z.string(),
  assigneeName: z.string().nullable(),
  createdAt: isoTime,
  /** 时限: the clock that runs now (accept while waiting, resolve once taken). */
  dueAt: isoTime,
  overdue: z.boolean(),
  /** The 楼栋长 filed it (代录 or 巡查). */
  mine: z.boolean(),
})

export const patrolActions = {
  'request.patrol': action({
    input: z.strictObject({
      requestId: requestIdSchema,
      /** The building it is in; absent for a spot in the grid outside any building (then gridId). */
      buildingCode: buildingCodeSchema.optional(),
      gridId: z.string().min(1, '请选择网格').max(64).describe(NOT_USER_TEXT).optional(),
      place: z
        .string({ error: '请填写具体位置' })
        .trim()
        .min(PLACE_MIN_CHARS, `请填写具体位置（至少${PLACE_MIN_CHARS}个字），如“3单元楼道”`)
        .max(PLACE_MAX_CHARS, `位置最多${PLACE_MAX_CHARS}个字`),
      category: z.enum(CATEGORY_CODES, { error: '请选择问题类别' }),
      description: descriptionSchema,
      photos: photoIds,
    }),
    output: requestSummary,
    access: 'worker',
    rateLimit: hour(30),
    userText: { scene: post, shown: 'grid', fields: (i) => ({ description: i.description, place: i.place }) },
  }),
  'building.openRequests': action({
    input: z.strictObject({}),
    output: z.object({
      buildings: z.array(z.object({ code: z.string(), name: z.string(), items: z.array(neighbourRequest) })),
    }),
    access: 'worker',
  }),
}
