/**
 * Local answers to WeChat's server APIs (云调用), as the CloudBase SDK reaches them: the
 * `wx.api` action with `apiName` and JSON `requestData`. subscribeMessage.send checks what WeChat checks (known
 * template, keyword lengths — stricter where it must choose), records every accepted send where a
 * developer can see it (`sent`, and `<dataDir>/openapi/subscribe-send.jsonl`), and can be told to
 * fail a share of sends, as WeChat's servers sometimes do. security.msgSecCheck answers pass /
 * review / risky from word lists (sensitive-words.ts). wxacode.getUnlimited answers, for the same
 * `page` and `scene`, a PNG of a standard QR code of that page's H5 link (so a phone on the LAN can
 * open it), recorded in `codes` and `<dataDir>/openapi/wxacode.jsonl`.
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { Mint } from 'mint-filter'
import QRCode from 'qrcode'
import { publicUrl } from '../cloudfunctions/core/public-url'
import { h5Url, SCENE_PATTERN } from '../src/domain/links'
import { FIELD_LIMITS, type FieldType } from '../src/domain/notify'
import { REVIEW_WORDS, RISKY_WORDS } from './sensitive-words'
import type { ActionHandler } from './tcb/protocol'
import { wallClock } from '../src/clock'

export interface RecordedSend {
  at: string
  touser: string
  template_id: string
  page: string
  data: Record<string, { value: string }>
}

/** A mini-program code asked for, and the link the local standard QR code carries instead. */
export interface RecordedCode {
  at: string
  scene: string
  page: string
  width: number
  url: string
}

export interface LocalWxOptions {
  /** Template ids this "account" has, with the type of each keyword. */
  templates?: Record<string, Record<string, FieldType>>
  /** Where the send log goes; none when absent. */
  dataDir?: string
  /** Share of sends answered with a transient error (0..1); LOCAL_WX_FAIL_RATE by default. */
  failRate?: number
  /** Decides a send's errcode before anything else (tests); null lets it through. */
  failWith?: (msg: RecordedSend) => number | null
  random?: () => number
  /** The H5 site the local codes point at; the deployment's PUBLIC_H5_URL by default. */
  h5Base?: () => string
}

export interface LocalWx {
  actions: Record<string, ActionHandler>
  sent: RecordedSend[]
  /** Every answer given, in order: errcode per send attempt. */
  answers: { touser: string; errcode: number }[]
  /** Every content check answered, in order. */
  checks: { content: string; suggest: string }[]
  /** Every mini-program code made, in order. */
  codes: RecordedCode[]
  options: LocalWxOptions
}

/**
 * How the local codes are drawn. PNG filter 'up' (2): a QR code's rows repeat the one above; pngjs's
 * default, trying all five filters on every row, takes ~20× as long for a third of the bytes.
 */
export const LOCAL_QR_PNG = {
  type: 'png',
  errorCorrectionLevel: 'M',
  margin: 4,
  rendererOpts: { deflateLevel: 9, filterType: 2 },
} as const

/** The two templates the app uses (src/domain/notify.ts), under their local ids. */
export const LOCAL_TEMPLATES: Record<string, Record<string, FieldType>> = {
  'local-task': {
    character_string1: 'character_string',
    thing2: 'thing',
    thing3: 'thing',
    time4: 'time',
    thing5: 'thing',
  },
  'local-progress': {
    character_string1: 'character_string',
    phrase2: 'phrase',
    thing3: 'thing',
    time4: 'time',
  },
}

const ERRMSG: Record<number, string> = {
  0: 'ok',
  [-1]: 'system error',
  40003: 'invalid openid',
  40037: 'invalid template_id',
  43101: 'user refuse to accept the msg',
  47003: 'argument invalid! data.%s.value invalid',
  40097: 'invalid args',
  40169: 'invalid length for scene, or the data is not json string',
  41030: 'invalid page',
}

/** Why WeChat would refuse this keyword's value, or null. */
function badValue(type: FieldType, value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'empty'
  const chars = Array.from(value)
  if (chars.length > FIELD_LIMITS[type]) return `longer than ${FIELD_LIMITS[type]}`
  if (type === 'phrase' && !/^[\u4e00-\u9fa5]+$/.test(value)) return 'phrase must be Chinese characters'
  if (type === 'character_string' && !/^[0-9A-Za-z_\-.:#@]+$/.test(value)) return 'bad characters'
  if (type === 'time' && !/^\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}$/.test(value)) return 'bad time'
  return null
}

export function createLocalWx(options: LocalWxOptions = {}): LocalWx {
  const templates = options.templates ?? LOCAL_TEMPLATES
  const random = options.random ?? Math.random
  const sent: RecordedSend[] = []
  const answers: LocalWx['answers'] = []
  const checks: LocalWx['checks'] = []
  const logFile = options.dataDir ? path.join(options.dataDir, 'openapi', 'subscribe-send.jsonl') : null
  if (logFile) mkdirSync(path.dirname(logFile), { recursive: true })

  const answer = (touser: string, errcode: number, detail?: string) => {
    answers.push({ touser, errcode })
    const errmsg = (ERRMSG[errcode] ?? 'error').replace('%s', detail ?? '')
    return { data: { responseData: JSON.stringify({ errcode, errmsg }) } }
  }

  const subscribeSend = (req: Record<string, unknown>) => {
    const msg: RecordedSend = {
      at: wallClock().toISOString(),
      touser: String(req.touser ?? ''),
      template_id: String(req.template_id ?? ''),
      page: String(req.page ?? ''),
      data: (req.data ?? {}) as RecordedSend['data'],
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(msg.touser)) return answer(msg.touser, 40003)
    const forced = options.failWith?.(msg)
    if (forced !== undefined && forced !== null) return answer(msg.touser, forced)
    const keys = templates[msg.template_id]
    if (!keys) return answer(msg.touser, 40037)
    for (const [key, type] of Object.entries(keys)) {
      const why = badValue(type, msg.data[key]?.value)
      if (why) return answer(msg.touser, 47003, key)
    }
    const failRate = options.failRate ?? Number(process.env.LOCAL_WX_FAIL_RATE || 0)
    if (failRate > 0 && random() < failRate) return answer(msg.touser, -1)
    sent.push(msg)
    if (logFile) appendFileSync(logFile, `${JSON.stringify(msg)}\n`)
    return answer(msg.touser, 0)
  }

  // security.msgSecCheck v2, answered with a maintained Aho–Corasick word filter (mint-filter); the
  // overall label is that of the first word found in the text, as one label stands for the text.
  const labelled = (table: Record<number, readonly string[]>) =>
    new Map(Object.entries(table).flatMap(([label, words]) => words.map((w) => [w, Number(label)] as const)))
  const riskyLabels = labelled(RISKY_WORDS)
  const reviewLabels = labelled(REVIEW_WORDS)
  const risky = new Mint([...riskyLabels.keys()])
  const review = new Mint([...reviewLabels.keys()])
  const msgSecCheck = (req: Record<string, unknown>) => {
    const content = typeof req.content === 'string' ? req.content : ''
    const ok = (body: object) => ({
      data: { responseData: JSON.stringify({ errcode: 0, errmsg: 'ok', ...body }) },
    })
    if (
      req.version !== 2 ||
      !content ||
      Array.from(content).length > 2500 ||
      ![1, 2, 3, 4].includes(Number(req.scene))
    )
      return { data: { responseData: JSON.stringify({ errcode: 47001, errmsg: 'data format error' }) } }
    const inTextOrder = (words: string[]) =>
      [...words].sort((a, b) => content.indexOf(a) - content.indexOf(b))
    const hits = [
      ...inTextOrder(risky.filter(content, { replace: false }).words).map((keyword) => ({
        keyword,
        suggest: 'risky',
        label: riskyLabels.get(keyword) ?? 21000,
      })),
      ...inTextOrder(review.filter(content, { replace: false }).words).map((keyword) => ({
        keyword,
        suggest: 'review',
        label: reviewLabels.get(keyword) ?? 21000,
      })),
    ]
    const suggest = hits[0]?.suggest ?? 'pass'
    checks.push({ content, suggest })
    return ok({
      result: { suggest, label: hits[0]?.label ?? 100 },
      detail: hits.map((h) => ({ strategy: 'keyword', errcode: 0, ...h })),
    })
  }

  // wxacode.getUnlimited: WeChat's checks of scene, page and version, then a standard QR code of
  // the page's H5 link instead of a mini-program code (which only WeChat can draw).
  const codes: RecordedCode[] = []
  const codeLog = options.dataDir ? path.join(options.dataDir, 'openapi', 'wxacode.jsonl') : null
  const refuse = (errcode: number) => ({
    data: { responseData: JSON.stringify({ errcode, errmsg: ERRMSG[errcode] }) },
  })
  const getUnlimited = async (req: Record<string, unknown>) => {
    const scene = typeof req.scene === 'string' ? req.scene : ''
    const page = typeof req.page === 'string' ? req.page : ''
    if (!SCENE_PATTERN.test(scene)) return refuse(40169)
    if (!page || page.startsWith('/') || page.includes('?')) return refuse(41030)
    if (req.env_version !== undefined && !['release', 'trial', 'develop'].includes(String(req.env_version)))
      return refuse(40097)
    const width = Math.min(1280, Math.max(280, Number(req.width) || 430))
    const url = h5Url((options.h5Base ?? publicUrl)(), page, { scene })
    const png = await QRCode.toBuffer(url, { ...LOCAL_QR_PNG, width })
    const code: RecordedCode = { at: wallClock().toISOString(), scene, page, width, url }
    codes.push(code)
    if (codeLog) appendFileSync(codeLog, `${JSON.stringify(code)}\n`)
    // As WeChat's bytes reach a function through wx.api: the image in `responseData`, here base64.
    return { data: { responseData: png.toString('base64') } }
  }

  // phonenumber.getPhoneNumber: WeChat's one-time codes are opaque; locally a code
  // `local-phone-<11 digits>` stands for that number (what a test or the dev page would tap),
  // anything else is refused as WeChat refuses a spent or forged code (40029).
  const getPhoneNumber = (req: Record<string, unknown>) => {
    const m = /^local-phone-(1\d{10})$/.exec(String(req.code ?? ''))
    const body = m
      ? {
          errcode: 0,
          errmsg: 'ok',
          phone_info: { phoneNumber: m[1], purePhoneNumber: m[1], countryCode: '86' },
        }
      : { errcode: 40029, errmsg: 'invalid code' }
    return { data: { responseData: JSON.stringify(body) } }
  }

  const apis: Record<string, (req: Record<string, unknown>) => unknown> = {
    'wxa/business/getuserphonenumber': getPhoneNumber,
    'cgi-bin/message/subscribe/send': subscribeSend,
    'wxa/msg_sec_check': msgSecCheck,
    'wxa/getwxacodeunlimit': getUnlimited,
  }

  return {
    sent,
    answers,
    checks,
    codes,
    options,
    actions: {
      'wx.api': (body) => {
        const api = apis[String(body.apiName)]
        if (!api) {
          return { code: 'INVALID_PARAM', message: `openapi ${String(body.apiName)} is not answered locally` }
        }
        let req: Record<string, unknown>
        try {
          req = JSON.parse(String(body.requestData || '{}')) as Record<string, unknown>
        } catch {
          return { code: 'INVALID_PARAM', message: 'requestData is not JSON' }
        }
        return api(req) as Record<string, unknown> | Promise<Record<string, unknown>>
      },
    },
  }
}
