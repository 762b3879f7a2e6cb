/**
 * 开放接口 (issue 19, part 3): the community's open data in the field's standard, Open311
 * GeoReport v2 (http://wiki.open311.org/GeoReport_v2) — services (our categories), requests read
 * and created — for a district 12345 platform or a researcher. What a record may carry is listed
 * here once: nothing of a person (no name, phone, room, openid, photo), the place at building
 * level only, no sensitive category at all.
 */
import type { RequestStatus } from './request'
import { hour, type RateLimit } from './ratelimits'

/** The path the API is served under, on the local host and behind CloudBase's HTTP access service. */
export const OPEN311_BASE_PATH = '/open311/v2'

/** How many requests one API key may create per hour. */
export const OPEN311_CREATES_PER_HOUR = 30
export const OPEN311_CREATE_LIMIT: RateLimit = hour(OPEN311_CREATES_PER_HOUR)

/** How many keys one community may hold unrevoked at once. */
export const MAX_ACTIVE_API_KEYS = 50

/** The name of the organisation a key is issued to (区12345平台, 某大学课题组). */
export const ORGANISATION_MIN_CHARS = 2
export const ORGANISATION_MAX_CHARS = 40

/** GeoReport v2's page: without start_date, the last 90 days; at most 1000 requests. */
export const DEFAULT_WINDOW_DAYS = 90
export const MAX_REQUESTS = 1000

/** A request's description as the API takes it (GeoReport: up to 4000 characters; ours is shorter). */
export const OPEN311_DESCRIPTION_MIN_CHARS = 5
export const OPEN311_DESCRIPTION_MAX_CHARS = 500

/** Open311's two statuses. */
export type Open311Status = 'open' | 'closed'
export function open311Status(status: RequestStatus): Open311Status {
  return status === 'closed' || status === 'cancelled' ? 'closed' : 'open'
}
/** Our statuses behind each of Open311's (for the query). */
export const STATUSES_OF: Record<Open311Status, RequestStatus[]> = {
  open: ['assigned', 'accepted', 'resolved'],
  closed: ['closed', 'cancelled'],
}

/**
 * The fields of a request record, and nothing else: the test derives from the request document
 * everything that is not here and checks no answer carries it.
 */
export const OPEN311_REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
] as const

/** What a key looks like: a prefix to tell it apart, then 32 hex characters (128 bits). */
export const API_KEY_PATTERN = /^o311_[0-9a-f]{32}$/

/** Where an API key's requests come from: a channel, no resident's identity behind it. */
export function apiChannelOwner(keyId: string): string {
  return `open311:${keyId}`
}

/** GeoReport's error: a list of { code, description }, with the HTTP status as the code. */
export interface Open311Error {
  code: number
  description: string
}
