/**
 * 开放接口 (issue 19, part 3): Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the
 * community's requests, for a district 12345 platform or a researcher. Reading needs no key;
 * creating needs an API key the community admin issued (apikeys/), rate-limited per key, each use
 * logged. A record carries nothing of a person (src/domain/open311.ts OPEN311_REQUEST_FIELDS): the
 * place at building level, the grid as the agency, the category by the community's name; a
 * sensitive category, or a request filed as sensitive, is not there at all.
 */
import { randomUUID } from 'node:crypto'
import * as z from 'zod'
import { CATEGORY_CODES, type CategoryCode } from '../../../src/domain/categories'
import { categoryNameOf, type CategorySetting } from '../../../src/domain/category-settings'
import { AppError } from '../../../src/domain/errors'
import {
  apiChannelOwner,
  DEFAULT_WINDOW_DAYS,
  MAX_REQUESTS,
  OPEN311_BASE_PATH,
  OPEN311_CREATE_LIMIT,
  OPEN311_DESCRIPTION_MAX_CHARS,
  OPEN311_DESCRIPTION_MIN_CHARS,
  open311Status,
  STATUSES_OF,
  type Open311Error,
  type Open311Status,
} from '../../../src/domain/open311'
import { REQUEST_STATUSES } from '../../../src/domain/request'
import { DAY_MS, formatLocal } from '../../../src/domain/time'
import { post } from '../../../src/domain/usertext'
import { findActiveKey, logUse } from '../apikeys/store'
import { checkUserText } from '../content'
import { communityCategories } from '../categories/store'
import { findBuilding } from '../community'
import type { Deps } from '../context'
import { collection, type Database } from '../db'
import type { ApiKeyDoc, RequestDoc } from '../model'
import { releaseRateLimit, takeRateLimit } from '../ratelimit'
import { fileRequest } from '../requests/create'
import { shownWhere } from '../staging'
import { findRequest, requestDocId, requests } from '../requests/store'

export interface HttpRequest {
  method: string
  /** The path under the API's base (`/requests.json`), or with it (`/open311/v2/requests.json`). */
  path: string
  query: Record<string, string>
  body: string
  contentType: string
}

export interface HttpResponse {
  status: number
  contentType: string
  body: string
}

type Format = 'json' | 'xml'
type Record311 = Record<string, string | number | boolean | null>

/** A refusal in GeoReport's error format, with its HTTP status. */
class Open311Refusal extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description)
  }
}
const refuse = (status: number, description: string) => new Open311Refusal(status, description)

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

function toXml(root: string, item: string, items: Record311[]): string {
  const body = items
    .map(
      (r) =>
        `<${item}>${Object.entries(r)
          .map(([k, v]) => (v === null ? `<${k}/>` : `<${k}>${xmlEscape(String(v))}</${k}>`))
          .join('')}</${item}>`,
    )
    .join('')
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`
}

function answer(
  format: Format,
  status: number,
  root: string,
  item: string,
  items: Record311[],
): HttpResponse {
  return format === 'xml'
    ? { status, contentType: 'text/xml; charset=utf-8', body: toXml(root, item, items) }
    : { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(items) }
}

function errorAnswer(format: Format, status: number, description: string): HttpResponse {
  const errors: Open311Error[] = [{ code: status, description }]
  return answer(format, status, 'errors', 'error', errors as unknown as Record311[])
}

/** GeoReport's datetimes: ISO 8601 with the offset, in Beijing time. */
function w3c(at: Date | null | undefined): string | null {
  return at ? formatLocal(at, 'YYYY-MM-DDTHH:mm:ssZ') : null
}

/** Which community: jurisdiction_id, or the only one there is. */
async function jurisdiction(db: Database, query: Record<string, string>): Promise<string> {
  const communities = (await collection(db, 'communities').limit(100).get()).data
  const asked = query.jurisdiction_id
  if (asked) {
    if (!communities.some((c) => c._id === asked))
      throw refuse(404, `没有这个社区 / unknown jurisdiction_id ${asked}`)
    return asked
  }
  if (communities.length === 1) return communities[0]._id
  throw refuse(400, '请提供 jurisdiction_id（社区编号） / jurisdiction_id is required')
}

/** The categories the API shows: enabled and not sensitive. */
async function openCategories(db: Database, communityId: string): Promise<CategorySetting[]> {
  return (await communityCategories(db, communityId)).filter((c) => !c.disabled && !c.sensitive)
}

function serviceRecord(c: CategorySetting): Record311 {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.hint,
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: '',
  }
}

/** A request as the API shows it: OPEN311_REQUEST_FIELDS, nothing of a person. */
export function requestRecord(doc: RequestDoc): Record311 {
  const status = open311Status(doc.status)
  return {
    service_request_id: doc.no,
    status,
    status_notes: REQUEST_STATUSES[doc.status],
    service_name: categoryNameOf(doc),
    service_code: doc.category,
    // Text a check flagged is for the grid to read, not for the public.
    description: doc.contentLabel ? null : doc.description,
    agency_responsible: doc.gridName,
    service_notice: '',
    requested_datetime: w3c(doc.createdAt),
    updated_datetime: w3c(doc.updatedAt),
    expected_datetime:
      status === 'open' ? w3c(doc.status === 'assigned' ? doc.acceptBy : doc.resolveBy) : null,
    address: doc.buildingCode ? `${doc.buildingName}（${doc.buildingCode}）` : doc.buildingName,
    address_id: doc.buildingCode || null,
  }
}

/** Whether the public may see it: not sensitive when filed, nor of a category sensitive now. */
function isPublic(doc: RequestDoc, shown: Set<CategoryCode>): boolean {
  return doc.sensitive !== true && shown.has(doc.category)
}

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined
  const at = new Date(value)
  if (Number.isNaN(at.getTime()))
    throw refuse(
      400,
      `${name} 应为 W3C 日期时间（如 2026-11-24T09:00:00+08:00） / ${name} must be a W3C datetime`,
    )
  return at
}

async function listRequests(deps: Deps, query: Record<string, string>): Promise<Record311[]> {
  const { db } = deps
  const _ = db.command
  const communityId = await jurisdiction(db, query)
  const shownCategories = new Set(
    (await communityCategories(db, communityId)).filter((c) => !c.sensitive).map((c) => c.code),
  )
  if (query.service_request_id) {
    // GeoReport: with ids given, every other parameter is ignored.
    const nos = query.service_request_id
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, MAX_REQUESTS)
    const found = await requests(db)
      .where({ communityId, no: _.in(nos) })
      .limit(MAX_REQUESTS)
      .get()
    return found.data.filter((d) => isPublic(d, shownCategories)).map(requestRecord)
  }
  const end = parseDate(query.end_date, 'end_date') ?? deps.now()
  const start =
    parseDate(query.start_date, 'start_date') ?? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS)
  if (start > end) throw refuse(400, 'start_date 不能晚于 end_date / start_date is after end_date')
  const status = query.status as Open311Status | undefined
  if (status !== undefined && !(status in STATUSES_OF))
    throw refuse(400, 'status 只能是 open 或 closed / status must be open or closed')
  const codes = query.service_code ? query.service_code.split(',').map((s) => s.trim()) : null
  const found = await requests(db)
    .where({
      communityId,
      sensitive: _.neq(true),
      createdAt: _.gte(start).and(_.lte(end)),
      ...(codes ? { category: _.in(codes) } : {}),
      ...(status ? { status: _.in(STATUSES_OF[status]) } : {}),
    })
    .orderBy('createdAt', 'desc')
    .limit(MAX_REQUESTS)
    .get()
  return found.data.filter((d) => isPublic(d, shownCategories)).map(requestRecord)
}

async function oneRequest(deps: Deps, no: string, query: Record<string, string>): Promise<Record311[]> {
  const communityId = await jurisdiction(deps.db, query)
  const shown = new Set(
    (await communityCategories(deps.db, communityId)).filter((c) => !c.sensitive).map((c) => c.code),
  )
  const found = (await requests(deps.db).where({ communityId, no }).limit(1).get()).data[0]
  if (!found || !isPublic(found, shown))
    throw refuse(404, `没有编号为 ${no} 的公开诉求 / no such service request`)
  return [requestRecord(found)]
}

const createForm = z.object({
  service_code: z.enum(CATEGORY_CODES, { error: 'service_code 不是本社区的服务类别 / unknown service_code' }),
  description: z
    .string({ error: '请填写 description（问题描述） / description is required' })
    .trim()
    .min(
      OPEN311_DESCRIPTION_MIN_CHARS,
      `description 至少${OPEN311_DESCRIPTION_MIN_CHARS}个字 / description too short`,
    )
    .max(
      OPEN311_DESCRIPTION_MAX_CHARS,
      `description 最多${OPEN311_DESCRIPTION_MAX_CHARS}个字 / description too long`,
    ),
  /** The building's code (address_id), or its code or name as address_string. */
  address_id: z.string().trim().max(32).optional(),
  address_string: z.string().trim().max(100).optional(),
  jurisdiction_id: z.string().max(64).optional(),
  /** Our extension: the organisation's own id of the report; the same again answers the same request. */
  request_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'request_id 应为8至64位字母、数字、-或_ / bad request_id')
    .optional(),
})

function parseForm(req: HttpRequest): Record<string, string> {
  if (req.contentType.includes('application/json')) {
    try {
      const parsed = JSON.parse(req.body || '{}') as unknown
      if (!parsed || typeof parsed !== 'object') throw new Error('not an object')
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]))
    } catch {
      throw refuse(400, '请求体不是合法的 JSON / malformed JSON body')
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body))
}

/** Creates a request as from the key's organisation (no resident behind it); answers its number. */
async function createRequest(
  deps: Deps,
  key: ApiKeyDoc,
  fields: Record<string, string>,
): Promise<Record311[]> {
  const { db } = deps
  const parsed = createForm.safeParse(fields)
  if (!parsed.success) throw refuse(400, parsed.error.issues[0].message)
  const input = parsed.data
  if (input.jurisdiction_id && input.jurisdiction_id !== key.communityId)
    throw refuse(403, '这个 api_key 不属于该社区 / api_key is not for this jurisdiction')
  const category = (await openCategories(db, key.communityId)).find((c) => c.code === input.service_code)
  if (!category) throw refuse(400, 'service_code 不是本社区开放的服务类别 / service_code is not offered')
  const place = input.address_id || input.address_string
  if (!place) throw refuse(400, '请提供 address_id（楼栋编码） / address_id is required: the building code')
  const building =
    (await findBuilding(db, place)) ??
    (await shownWhere(db, 'buildings', { communityId: key.communityId, name: place }, 1))[0]
  if (!building || building.communityId !== key.communityId)
    throw refuse(400, `本社区没有楼栋「${place}」 / unknown address_id`)
  const owner = apiChannelOwner(key._id)
  const requestId = input.request_id ?? randomUUID()
  const id = requestDocId(owner, requestId)
  const existing = await findRequest(db, id)
  if (existing) return [{ service_request_id: existing.no, service_notice: '', account_id: null }]
  // The same content check as request.create (its contract's userText: scene post, shown to the
  // grid): nothing refused, a risky text goes to the community as sensitive, a review one is marked.
  const content = await checkUserText(deps.wx, owner, post, 'grid', { description: input.description })
  const at = deps.now()
  const charge = { openid: owner, action: 'open311.create', limit: OPEN311_CREATE_LIMIT, at, key: requestId }
  await takeRateLimit(db, charge)
  try {
    const made = await fileRequest(db, {
      id,
      requestId,
      resident: { openid: owner, name: key.organisation },
      building,
      category: category.code,
      description: input.description,
      at,
      photos: [],
      channel: { keyId: key._id, organisation: key.organisation },
      content,
    })
    return [{ service_request_id: made.no, service_notice: '', account_id: null }]
  } catch (err) {
    await releaseRateLimit(db, charge)
    throw err
  }
}

const ROUTES = /^\/(services|requests)(?:\/([^/]+?))?\.(json|xml)$/

export function createOpen311(deps: Deps, log: (msg: string, err: unknown) => void = console.error) {
  return {
    async handle(req: HttpRequest): Promise<HttpResponse> {
      const path = req.path.startsWith(OPEN311_BASE_PATH)
        ? req.path.slice(OPEN311_BASE_PATH.length)
        : req.path
      const route = ROUTES.exec(path)
      const format: Format = route?.[3] === 'xml' ? 'xml' : 'json'
      let key: ApiKeyDoc | undefined
      let status = 200
      let requestNo: string | null = null
      try {
        if (!route) throw refuse(404, `没有这个接口 / no such resource: ${path}`)
        const [, resource, id] = route
        const method = req.method.toUpperCase()
        if (resource === 'services' && method === 'GET') {
          if (id) throw refuse(404, `服务类别 ${id} 没有附加属性 / service ${id} has no metadata`)
          const communityId = await jurisdiction(deps.db, req.query)
          return answer(
            format,
            200,
            'services',
            'service',
            (await openCategories(deps.db, communityId)).map(serviceRecord),
          )
        }
        if (resource === 'requests' && method === 'GET') {
          if (req.query.api_key) key = await findActiveKey(deps.db, req.query.api_key)
          const items = id
            ? await oneRequest(deps, decodeURIComponent(id), req.query)
            : await listRequests(deps, req.query)
          return answer(format, 200, 'service_requests', 'request', items)
        }
        if (resource === 'requests' && !id && method === 'POST') {
          const fields = { ...req.query, ...parseForm(req) }
          key = fields.api_key ? await findActiveKey(deps.db, fields.api_key) : undefined
          if (!key) throw refuse(403, 'api_key 缺失、无效或已撤销 / api_key missing, invalid or revoked')
          const made = await createRequest(deps, key, fields)
          requestNo = String(made[0].service_request_id)
          status = 201
          return answer(format, 201, 'service_requests', 'request', made)
        }
        throw refuse(405, `${path} 不支持 ${method} / method not allowed`)
      } catch (err) {
        if (err instanceof Open311Refusal) status = err.status
        else if (err instanceof AppError)
          status = err.code === 'RATE_LIMITED' ? 429 : err.code === 'NOT_FOUND' ? 404 : 400
        else {
          log('[open311] internal error', err)
          status = 500
        }
        const description =
          err instanceof Open311Refusal
            ? err.description
            : err instanceof AppError
              ? err.message
              : '系统繁忙，请稍后再试 / internal error'
        return errorAnswer(format, status, description)
      } finally {
        if (key)
          await logUse(deps.db, {
            keyId: key._id,
            communityId: key.communityId,
            at: deps.now(),
            method: req.method.toUpperCase(),
            path,
            status,
            requestNo,
          })
      }
    },
  }
}
