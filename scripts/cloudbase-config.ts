/**
 * cloudbaserc.json as `npm run deploy` reads it: rendered as the tcb CLI renders it, checked
 * against what the code needs, and turned into the plan of what a deploy creates or changes.
 * Pure apart from reading the built function folders; scripts/deploy.ts does the talking.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { COLLECTIONS } from '../cloudfunctions/core/db'
import { DOCS_READ_RULE } from '../cloudfunctions/core/documents'
import { parseDeclaration, type IndexSpec } from '../config/database'
import { dirBytes } from './build-functions'
import { KNOWN_OPENAPI } from './openapi'
import { BUILT_IN_CALENDAR, LAST_OFFICIAL_YEAR, yearsNeedingNotice } from '../src/domain/calendar'

export interface TriggerDecl {
  name: string
  type: string
  config: string
}

export interface FunctionDecl {
  name: string
  runtime?: string
  timeout?: number
  handler?: string
  installDependency?: boolean
  triggers?: TriggerDecl[]
  envVariables?: Record<string, string>
}

export type Rule = boolean | string

export interface SecurityDecl {
  /** The rule of every collection: clients closed. */
  database?: string
  /** The storage bucket's custom rule. */
  storage?: { read?: Rule; write?: Rule }
  /** Who may call which function from the mini-program; "*" for the rest. */
  functions?: Record<string, { invoke?: Rule }>
}

export interface CloudbaseRc {
  version?: string
  envId?: string
  functionRoot?: string
  functions?: FunctionDecl[]
  database?: { collections?: { name: string; indexes?: unknown[] }[] }
  security?: SecurityDecl
  /**
   * CloudBase's HTTP access service (云接入): a public path served by a function, called by HTTP
   * and never from the mini-program — the open311 function under /open311/v2 (src/domain/open311.ts).
   */
  httpServices?: { path: string; function: string }[]
}

/** What a function needs from its environment variables (cloudfunctions/core/notify/deliver.ts …). */
export const FUNCTION_VARIABLES: Record<string, { required: boolean; check?: (v: string) => string | null }> =
  {
    WX_TPL_TASK: { required: true },
    WX_TPL_PROGRESS: { required: true },
    WX_MINIPROGRAM_STATE: {
      required: false,
      check: (v) =>
        ['developer', 'trial', 'formal'].includes(v)
          ? null
          : '只能是 developer / trial / formal（留空即 formal）',
    },
    PUBLIC_H5_URL: {
      required: false,
      check: (v) => (/^https?:\/\/[^\s/]+/.test(v) ? null : '必须是 http(s):// 开头的网址'),
    },
  }

/**
 * The CLI renders cloudbaserc.json with mustache, a template being a whole JSON string
 * `"{{env.NAME}}"` (env files, then the process environment); an unknown name renders as "".
 */
export function renderConfig(raw: unknown, view: Record<string, unknown>, problems: string[]): unknown {
  const lookup = (p: string): string => {
    let v: unknown = view
    for (const part of p.split('.'))
      v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined
    return v === undefined || v === null ? '' : String(v)
  }
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === 'string') {
      const m = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(v)
      if (m) return lookup(m[1])
      if (v.includes('{{'))
        problems.push(`${at}: 模板只能是整个字符串 "{{env.NAME}}" / a template must be the whole string`)
      return v
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`))
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, at ? `${at}.${k}` : k)]))
    return v
  }
  return walk(raw, '')
}

const CRON_FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: '秒 second', min: 0, max: 59 },
  { name: '分 minute', min: 0, max: 59 },
  { name: '时 hour', min: 0, max: 23 },
  { name: '日 day', min: 1, max: 31 },
  {
    name: '月 month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: '星期 weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: '年 year', min: 1970, max: 2099 },
]

/** A CloudBase timer: 7 fields (second minute hour day month weekday year) of * a a-b x/n and lists. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/)
  if (fields.length !== 7)
    return `需要 7 个字段（秒 分 时 日 月 星期 年），实际 ${fields.length} 个 / needs 7 fields`
  for (const [i, field] of fields.entries()) {
    const spec = CRON_FIELDS[i]
    const value = (s: string): number | null => {
      const named = spec.names?.indexOf(s.toUpperCase()) ?? -1
      if (named >= 0) return spec.min + named
      if (!/^\d+$/.test(s)) return null
      const n = Number(s)
      return n >= spec.min && n <= spec.max ? n : null
    }
    for (const part of field.split(',')) {
      const m = /^(\*|[^-/]+(?:-[^-/]+)?)(?:\/(\d+))?$/.exec(part)
      const bad = `${spec.name} 字段 "${field}" 无效（${spec.min}–${spec.max}）/ invalid`
      if (!m) return bad
      if (m[2] !== undefined && Number(m[2]) < 1) return bad
      if (m[1] === '*') continue
      const [a, b] = m[1].split('-')
      const lo = value(a)
      const hi = b === undefined ? lo : value(b)
      if (lo === null || hi === null || hi < lo) return bad
    }
  }
  return null
}

const ENV_ID = /^[a-z][a-z0-9-]{2,38}[a-z0-9]$/

export interface FunctionPlan {
  name: string
  runtime: string
  timeout: number
  handler: string
  dir: string
  bytes: number
  openapi: string[]
  triggers: TriggerDecl[]
  variables: Record<string, string>
  invoke: Rule
}

export interface Plan {
  envId: string
  functions: FunctionPlan[]
  collections: { name: string; indexes: IndexSpec[]; acl: string }[]
  storage: { read: Rule; write: Rule }
  functionRules: Record<string, { invoke?: Rule }>
  httpServices: { path: string; function: string }[]
  weapp: { envId: string; source: string; appid: string }
}

export interface Checked {
  plan: Plan
  /** Rendered cloudbaserc.json for the CLI: no templates left, unset optional variables dropped. */
  rendered: CloudbaseRc
  errors: string[]
  warnings: string[]
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'))
}

export interface CheckInput {
  raw: unknown
  /** The variables templates see: env files, then the process environment (process wins). */
  vars: Record<string, string | undefined>
  /** Where functionRoot is resolved (the CLI resolves it from the working directory). */
  root: string
  /** The functions this repository builds (scripts/build-functions.ts). */
  built: readonly string[]
  weapp: { envId: string; source: string }
  /** Beijing date of the check: the working-day calendar must be known 90 days ahead. */
  today: string
}

/**
 * The built-in calendar's reach (src/domain/calendar.ts): a year within 90 days that has only
 * the statutory fallback is a warning at every deploy, from October on.
 */
export function calendarProblem(today: string): string | null {
  const years = yearsNeedingNotice(BUILT_IN_CALENDAR, today)
  if (years.length === 0) return null
  const named = years.map((y) => `${y}年`).join('、')
  return (
    `内置节假日数据（chinese-days）只到${LAST_OFFICIAL_YEAR}年：${named}的调休安排未知，` +
    '办理时限与活动场次只按法定节假日和周末计算。请升级 chinese-days，或由各社区管理员在' +
    '「社区设置 → 节假日调整」录入国务院办公厅通知并确认'
  )
}

/** Checks a cloudbaserc.json against the code and the environment; never throws on bad input. */
export function checkConfig({ raw, vars, root, built, weapp, today }: CheckInput): Checked {
  const errors: string[] = []
  const warnings: string[] = []
  const calendar = calendarProblem(today)
  if (calendar) warnings.push(calendar)
  const envId = vars.ENV_ID ?? ''
  if (!envId) errors.push('未设置 ENV_ID：export ENV_ID=<云开发环境 ID> / ENV_ID is not set')
  else if (!ENV_ID.test(envId))
    errors.push(
      `ENV_ID "${envId}" 不是有效的云开发环境 ID（小写字母、数字、连字符，4–40 位）/ invalid env id`,
    )

  const rc = renderConfig(raw, { env: { ...vars, ENV_ID: envId }, tcb: { envId } }, errors) as CloudbaseRc
  if (!rc || typeof rc !== 'object') errors.push('cloudbaserc.json 不是 JSON 对象 / not a JSON object')
  if (rc?.version !== '2.0') errors.push('cloudbaserc.json 的 version 必须是 "2.0" / version must be "2.0"')
  if (envId && rc?.envId !== envId)
    errors.push(
      `cloudbaserc.json 的 envId 是 "${rc?.envId}"，与 ENV_ID "${envId}" 不一致；请写 "{{env.ENV_ID}}"`,
    )

  // Functions.
  const functionRoot = path.resolve(root, rc?.functionRoot ?? 'functions')
  const decls = Array.isArray(rc?.functions) ? rc.functions : []
  if (!decls.length) errors.push('cloudbaserc.json 没有声明云函数 / no functions declared')
  const security = rc?.security ?? {}
  const functionRules = security.functions ?? {}
  const functions: FunctionPlan[] = []
  const renderedFunctions: FunctionDecl[] = []
  for (const name of built)
    if (!decls.some((f) => f?.name === name))
      errors.push(`云函数 ${name} 已打包但未在 cloudbaserc.json 声明 / not declared`)
  for (const [i, f] of decls.entries()) {
    const at = `云函数 ${f?.name ?? `#${i}`}`
    if (typeof f?.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(f.name)) {
      errors.push(`${at}: 名称无效 / invalid name`)
      continue
    }
    if (decls.findIndex((g) => g?.name === f.name) !== i) errors.push(`${at}: 重复声明 / declared twice`)
    if (!built.includes(f.name))
      errors.push(`${at}: 不是本仓库打包的函数（${built.join(', ')}）/ not built here`)
    const runtime = f.runtime ?? ''
    const major = /^Nodejs(\d+)/.exec(runtime)
    if (!major || Number(major[1]) < 18)
      errors.push(`${at}: runtime 需为 Nodejs18.15 或更新，实际 "${runtime}"`)
    const timeout = f.timeout ?? 3
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900)
      errors.push(`${at}: timeout 需为 1–900 秒`)
    const handler = f.handler ?? 'index.main'
    if (handler !== 'index.main') errors.push(`${at}: handler 必须是 index.main（打包入口导出 main）`)
    const triggers = f.triggers ?? []
    if (!Array.isArray(triggers)) errors.push(`${at}: triggers 必须是数组`)
    else {
      if (triggers.filter((t) => t?.type === 'timer').length > 1)
        errors.push(`${at}: 每个函数只能有一个定时触发器`)
      for (const t of triggers) {
        if (t?.type !== 'timer')
          errors.push(`${at}: 触发器 ${t?.name} 的类型必须是 timer / only timer triggers`)
        if (typeof t?.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(t.name))
          errors.push(`${at}: 触发器名称无效 / invalid trigger name`)
        const cron = typeof t?.config === 'string' ? cronProblem(t.config) : '缺少 config'
        if (cron) errors.push(`${at}: 触发器 ${t?.name} 的 cron "${t?.config}" 无效：${cron}`)
      }
    }

    // Variables: every declared one rendered; required ones set; unset optional ones left out
    // (the CLI's envVariables replace what is online, so "not set" really means not set).
    const variables: Record<string, string> = {}
    for (const [k, v] of Object.entries(f.envVariables ?? {})) {
      const rule = FUNCTION_VARIABLES[k]
      if (v === '') {
        if (rule?.required)
          errors.push(`${at}: 环境变量 ${k} 未设置（export ${k}=… 或写进 .env.local）/ ${k} is not set`)
        continue
      }
      const bad = rule?.check?.(v)
      if (bad) errors.push(`${at}: 环境变量 ${k}="${v}" ${bad}`)
      variables[k] = v
    }
    for (const [k, rule] of Object.entries(FUNCTION_VARIABLES))
      if (rule.required && !(k in (f.envVariables ?? {})))
        errors.push(`${at}: envVariables 缺少 ${k}（写 "${k}": "{{env.${k}}}"）/ ${k} is not declared`)
    const noH5 = '未设置 PUBLIC_H5_URL：打印的签到码将指向 http://127.0.0.1:8080 / PUBLIC_H5_URL is not set'
    if (
      f.envVariables &&
      'PUBLIC_H5_URL' in f.envVariables &&
      !variables.PUBLIC_H5_URL &&
      !warnings.includes(noH5)
    )
      warnings.push(noH5)

    // The built folder: what the CLI uploads.
    const dir = path.join(functionRoot, f.name)
    let bytes = 0
    let openapi: string[] = []
    if (!existsSync(path.join(dir, 'index.js')))
      errors.push(`${at}: 缺少 ${path.relative(root, dir)}/index.js（先 npm run build:functions）`)
    else bytes = dirBytes(dir)
    if (!existsSync(path.join(dir, 'package.json'))) errors.push(`${at}: 缺少 package.json`)
    const configFile = path.join(dir, 'config.json')
    if (!existsSync(configFile)) errors.push(`${at}: 缺少 config.json`)
    else {
      try {
        const config = readJson(configFile) as { permissions?: { openapi?: unknown }; triggers?: unknown }
        const list = config.permissions?.openapi
        if (!Array.isArray(list)) errors.push(`${at}: config.json 缺少 permissions.openapi`)
        else {
          openapi = list.map(String)
          for (const n of openapi)
            if (!KNOWN_OPENAPI.has(n))
              errors.push(`${at}: config.json 的 openapi "${n}" 不是已知的云调用接口`)
        }
        if (JSON.stringify(config.triggers ?? []) !== JSON.stringify(Array.isArray(triggers) ? triggers : []))
          errors.push(
            `${at}: config.json 的 triggers 与 cloudbaserc.json 不一致（重新 npm run build:functions）`,
          )
      } catch {
        errors.push(`${at}: config.json 不是有效的 JSON`)
      }
    }
    const rule = functionRules[f.name] ?? functionRules['*']
    const invoke = rule?.invoke ?? 'auth != null'
    if (f.name !== 'api' && invoke !== false)
      errors.push(`${at}: 小程序端不得直接调用（security.functions 中 invoke 须为 false），一切经由 api`)
    functions.push({
      name: f.name,
      runtime,
      timeout,
      handler,
      dir,
      bytes,
      openapi,
      triggers,
      variables,
      invoke,
    })
    renderedFunctions.push({ ...f, envVariables: variables })
  }

  // Function invoke rules (CloudBase allows true, false and "auth != null").
  if (!functionRules['*'] || functionRules['*'].invoke === undefined)
    errors.push('security.functions 必须含 "*": { "invoke": … }（云函数安全规则要求）')
  for (const [name, rule] of Object.entries(functionRules)) {
    if (name !== '*' && !decls.some((f) => f?.name === name))
      errors.push(`security.functions: 未声明的云函数 ${name} / unknown function`)
    if (![true, false, 'auth != null'].includes(rule?.invoke as Rule))
      errors.push(`security.functions.${name}.invoke 只能是 true、false 或 "auth != null"`)
  }

  // Database: every collection the code uses, well-formed indexes, clients closed.
  // HTTP access: each path served by a declared function, called by HTTP only.
  const httpServices = Array.isArray(rc?.httpServices) ? rc.httpServices : []
  for (const h of httpServices) {
    if (typeof h?.path !== 'string' || !/^(\/[A-Za-z0-9_-]+)+$/.test(h.path))
      errors.push(`httpServices: 路径 ${JSON.stringify(h?.path)} 无效（形如 /open311/v2）/ invalid path`)
    if (!decls.some((f) => f?.name === h?.function))
      errors.push(`httpServices ${h?.path}: 云函数 ${h?.function} 未声明 / unknown function`)
  }
  if (new Set(httpServices.map((h) => h.path)).size !== httpServices.length)
    errors.push('httpServices: 路径重复 / a path is declared twice')

  const collections: Plan['collections'] = []
  const acl = security.database ?? ''
  if (acl !== 'ADMINONLY')
    errors.push(`security.database 必须是 "ADMINONLY"（客户端不可读写，一切经由 api），实际 "${acl}"`)
  const list: unknown[] = Array.isArray(rc?.database?.collections) ? rc.database.collections : []
  if (!list.length) errors.push('database.collections 没有声明集合 / no collections declared')
  const used: string[] = Object.values(COLLECTIONS)
  const names = list.map((c) => (c as { name?: unknown })?.name)
  for (const name of used)
    if (!names.includes(name))
      errors.push(`集合 ${name} 被代码使用（cloudfunctions/core/db.ts）但未在 database.collections 声明`)
  for (const [i, c] of list.entries()) {
    // One collection at a time, so one bad index does not hide the next problem.
    try {
      for (const [name, indexes] of parseDeclaration({ database: { collections: [c] } }, 'cloudbaserc.json')
        .collections) {
        if (names.indexOf(name) !== i) errors.push(`集合 ${name} 重复声明 / declared twice`)
        if (!used.includes(name)) warnings.push(`集合 ${name} 已声明但代码未使用（COLLECTIONS）`)
        if (indexes.length > 100) errors.push(`集合 ${name}: 索引超过 100 个`)
        collections.push({ name, indexes, acl })
      }
    } catch (e) {
      errors.push((e as Error).message)
    }
  }

  // Storage: clients read only the documents delivered to them (docs/<random>/…, deleted half an
  // hour later: cloudfunctions/core/documents.ts), everything else by expiring links; they may
  // write only their own photos.
  const storage = { read: security.storage?.read ?? false, write: security.storage?.write ?? false }
  if (!security.storage) errors.push('security.storage 未声明存储安全规则')
  if (storage.read !== false && storage.read !== DOCS_READ_RULE)
    errors.push(
      `security.storage.read 必须是 "${DOCS_READ_RULE}"（或 false）：照片经由 api 给出临时链接，` +
        '台账、证书、海报、签到码只在 docs/<随机>/ 下交给本人',
    )
  if (storage.write === true) errors.push('security.storage.write 不得为 true（任何人可写）')
  if (typeof storage.write === 'string' && !storage.write.includes('auth'))
    errors.push('security.storage.write 必须限定上传者本人（auth …）')

  // The weapp must call the environment being deployed.
  let appid = ''
  try {
    appid = String((readJson(path.join(root, 'project.config.json')) as { appid?: unknown }).appid ?? '')
  } catch {
    errors.push('project.config.json 无法读取')
  }
  if (!appid || appid === 'touristappid')
    warnings.push('project.config.json 的 appid 仍是 touristappid：上传小程序前请填写您的 AppID')
  if (!weapp.envId) warnings.push('小程序未配置云环境：构建时设置 TARO_APP_CLOUD_ENV 或 ENV_ID')
  else if (envId && weapp.envId !== envId)
    errors.push(`小程序配置的云环境 "${weapp.envId}"（${weapp.source}）与部署的 ENV_ID "${envId}" 不一致`)

  const rendered: CloudbaseRc = { ...rc, envId, functions: renderedFunctions }
  return {
    plan: { envId, functions, collections, storage, functionRules, httpServices, weapp: { ...weapp, appid } },
    rendered,
    errors,
    warnings,
  }
}

function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0)
  const cols = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))))
  return rows
    .map((r) => `  ${r.map((c, i) => c + ' '.repeat(cols[i] - width(c))).join('  ')}`.trimEnd())
    .join('\n')
}

const rule = (r: Rule) => (typeof r === 'string' ? `"${r}"` : String(r))

/** The plan as text: what a deploy to `envId` creates or updates. */
export function formatPlan(plan: Plan): string {
  const fns = plan.functions
  const out: string[] = []
  out.push(`部署计划 / Deploy plan — 云开发环境 ${plan.envId || '(未设置)'}`)
  out.push('', `云函数 Functions (${fns.length}) — 创建或更新代码与配置 / create or update`)
  out.push(
    table([
      ['name', 'runtime', 'timeout', 'size', 'openapi (config.json)', 'envVariables', 'invoke'],
      ...fns.map((f) => [
        f.name,
        f.runtime,
        `${f.timeout}s`,
        `${(f.bytes / 1024 / 1024).toFixed(1)} MB`,
        f.openapi.join(', ') || '—',
        Object.keys(f.variables).join(', ') || '—',
        rule(f.invoke),
      ]),
    ]),
  )
  const triggers = fns.flatMap((f) => f.triggers.map((t) => [f.name, t.name, t.type, t.config]))
  out.push('', `触发器 Triggers (${triggers.length})`)
  out.push(triggers.length ? table([['function', 'trigger', 'type', 'cron (UTC+8)'], ...triggers]) : '  —')
  out.push('', `HTTP 访问服务 HTTP access (${plan.httpServices.length}) — 不存在则创建 / created if absent`)
  out.push(
    plan.httpServices.length
      ? table([['path', 'function'], ...plan.httpServices.map((h) => [h.path, h.function])])
      : '  —',
  )
  const indexCount = plan.collections.reduce((n, c) => n + c.indexes.length, 0)
  out.push(
    '',
    `数据库集合 Collections (${plan.collections.length}, ${indexCount} indexes) — 不存在则创建，缺的索引补建，规则设为 ${plan.collections[0]?.acl ?? '—'}`,
  )
  out.push(
    table([
      ['collection', 'indexes', 'rule', 'index names'],
      ...plan.collections.map((c) => [
        c.name,
        String(c.indexes.length),
        c.acl,
        c.indexes.map((i) => i.name).join(', ') || '—',
      ]),
    ]),
  )
  out.push('', '存储安全规则 Storage rule (CUSTOM)')
  out.push(`  read:  ${rule(plan.storage.read)}`, `  write: ${rule(plan.storage.write)}`)
  out.push('', '云函数安全规则 Function invoke rule (CUSTOM)')
  out.push(`  ${JSON.stringify(plan.functionRules)}`)
  out.push('', '小程序 Weapp (构建并上传由您在开发者工具完成 / build and upload yourself)')
  out.push(
    `  云环境 env: ${plan.weapp.envId || '—'} (${plan.weapp.source})`,
    `  appid: ${plan.weapp.appid || '—'}`,
  )
  return out.join('\n')
}
